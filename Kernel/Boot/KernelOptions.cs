using System;
using Lunix.Kernel.Console;

namespace Lunix.Kernel.Boot
{
    // The kernel's command-line options: GRUB's multiboot2 command line followed by QEMU's
    // fw_cfg file opt/lunix/cmdline. Bad items are reported and the defaults kept.
    public static class KernelOptions
    {
        private static readonly OptionSpec[] s_specs =
        {
            OptionSpec.Flag("poweroff"),
            OptionSpec.Flag("test"),
            OptionSpec.Flag("noapic"),
            OptionSpec.Flag("bench"),
            OptionSpec.Integer("timer_hz", 100, 10, 1000),
            OptionSpec.Choice("crash", "", CrashTests.Kinds),
            OptionSpec.Choice("suite", "", "corelib", "memory", "isolation", "ipc", "fuzz", "grants", "recovery", "ds", "liveupdate", "vm", "faultinject", "critical"),
            // For ring-3 programs (GETINFO InfoBootParameters): RS's restart backoff, off by
            // default only under the faultinject suite, and the randomized suites' seed.
            OptionSpec.Choice("rs.backoff", null, "on", "off"),
            OptionSpec.Integer("seed", 1, 1, int.MaxValue),
            // Requests RS carries out once the services are up (Servers/Rs/CommandLineRequests.cs).
            OptionSpec.Text("rs.do", ""),
        };

        // Test mode: a crash makes QEMU exit with a failure status (isa-debug-exit).
        public static bool TestMode { get; private set; }
        public static bool PowerOffWhenReady { get; private set; }
        public static bool NoApic { get; private set; }
        public static bool Bench { get; private set; }
        public static uint TimerHz { get; private set; } = 100;
        public static string Crash { get; private set; } = "";
        public static string Suite { get; private set; } = "";
        public static bool RsBackoff { get; private set; } = true;
        public static long Seed { get; private set; } = 1;
        public static string RsRequests { get; private set; } = "";

        public static void Parse(ReadOnlySpan<char> text)
        {
            CommandLine options = CommandLine.Parse(text, s_specs);
            foreach (string diagnostic in options.Diagnostics)
            {
                SystemConsole.Write("lunix: cmdline: ");
                SystemConsole.WriteLine(diagnostic);
            }
            TestMode = options.IsSet("test");
            PowerOffWhenReady = options.IsSet("poweroff");
            NoApic = options.IsSet("noapic");
            Bench = options.IsSet("bench");
            TimerHz = (uint)options.GetInteger("timer_hz");
            Crash = options.GetChoice("crash") ?? "";
            Suite = options.GetChoice("suite") ?? "";
            // A fault campaign crashes services many times in a row on purpose: waiting out the
            // backoff after each would take most of an hour.
            RsBackoff = (options.GetChoice("rs.backoff") ?? (Suite == "faultinject" ? "off" : "on")) == "on";
            Seed = options.GetInteger("seed");
            RsRequests = options.GetText("rs.do") ?? "";
        }
    }
}
