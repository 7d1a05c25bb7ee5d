using System;
using Lunix.Options;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // PM's command-line option, among the items the kernel hands on unread: pm.init=PATH, the
    // program init runs (the kernel passes Linux's spelling, init=PATH, on as this), or "none"
    // for no init at all (the test image's default: its native suites run alone, and `poweroff`
    // is not kept waiting for an init that never ends). A bad item of PM's is reported with the
    // valid ones.
    internal static class PmOptions
    {
        private static readonly OptionSpec[] s_specs = { OptionSpec.Text("pm.init", "/sbin/init") };

        public const string NoInit = "none";

        public static string Init { get; private set; } = "/sbin/init";

        public static void Load()
        {
            CommandLine options = ServiceCommandLine.Read(s_specs, "pm.");
            Init = options.GetText("pm.init") ?? "/sbin/init";
        }
    }
}
