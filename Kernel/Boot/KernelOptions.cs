using System;
using Lunix.Kernel.Console;
using Lunix.Options;

namespace Lunix.Kernel.Boot
{
    // The kernel's command-line options: GRUB's multiboot2 command line followed by QEMU's
    // fw_cfg file opt/lunix/cmdline. Bad items are reported and the defaults kept. Items with a
    // dotted key (`rs.backoff=off`) are the services': the kernel hands them on unread (GETINFO
    // ServiceOptions) and each service checks its own. As on Linux, everything after a `--`
    // is init's arguments (GETINFO InitArguments), not options.
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
            // The NMI watchdog: seconds a CPU may stay in the kernel with interrupts off; 0 is off.
            OptionSpec.Integer("watchdog", 0, 0, Diagnostics.Watchdog.MaxSeconds),
            // For the test image (GETINFO BootParameters): the in-guest suite to run, which the
            // test kernel or the test runner knows by name, and the randomized suites' seed.
            OptionSpec.Text("suite", ""),
            OptionSpec.Integer("seed", 1, 1, int.MaxValue),
            // Linux's spelling of PM's option pm.init, the program init runs: handed on as that.
            OptionSpec.Text("init", ""),
            // Debugging: every Linux system call of the programs with this name, with its result.
            OptionSpec.Text("strace", ""),
        };

        // Test mode: a crash makes QEMU exit with a failure status (isa-debug-exit).
        public static bool TestMode { get; private set; }
        public static bool PowerOffWhenReady { get; private set; }
        public static bool NoApic { get; private set; }
        public static bool Bench { get; private set; }
        public static uint TimerHz { get; private set; } = 100;
        public static string Crash { get; private set; } = "";
        public static int WatchdogSeconds { get; private set; }
        public static string Suite { get; private set; } = "";
        public static long Seed { get; private set; } = 1;
        public static string ServiceOptions { get; private set; } = "";
        public static string InitArguments { get; private set; } = "";
        public static string Strace { get; private set; } = "";

        public static void Parse(ReadOnlySpan<char> text)
        {
            int end = InitArgumentsStart(text);
            InitArguments = end < text.Length ? new string(text.Slice(end + 2)) : "";
            CommandLine options = CommandLine.Parse(text.Slice(0, end), s_specs);
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
            WatchdogSeconds = (int)options.GetInteger("watchdog");
            Suite = options.GetText("suite") ?? "";
            Strace = options.GetText("strace") ?? "";
            if (Suite.Length > Abi.ServiceLabel.Max)
            {
                SystemConsole.Print("lunix: cmdline: option 'suite' expects a name of at most %d characters, got '%s'\n", Abi.ServiceLabel.Max, Suite);
                Suite = "";
            }
            Seed = options.GetInteger("seed");
            string init = options.GetText("init") ?? "";
            ServiceOptions = init.Length == 0 ? options.Forwarded : string.Concat(options.Forwarded, " pm.init=\"", init, "\"");
        }

        // Where the first `--` word starts, or the text's length when there is none.
        private static int InitArgumentsStart(ReadOnlySpan<char> text)
        {
            for (int i = 0; i + 1 < text.Length; i++)
                if (text[i] == '-' && text[i + 1] == '-' && (i == 0 || text[i - 1] == ' ') && (i + 2 == text.Length || text[i + 2] == ' '))
                    return i;
            return text.Length;
        }
    }
}
