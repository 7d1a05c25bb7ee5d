using System;
using Lunix.Abi;
using Lunix.Options;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Tty
{
    // The terminal driver's command-line option, among the items the kernel hands on unread:
    // tty.pm=ENDPOINT, where its signals go (PmRequests.Signal; default PM's endpoint). The tty
    // suite names its own test program there, to see the signals a ^C makes; nothing else
    // should. A bad item is reported with the valid ones.
    internal static class TtyOptions
    {
        private static readonly OptionSpec[] s_specs = { OptionSpec.Integer("tty.pm", BootEndpoints.Pm, 1, Endpoint.Slots - 1) };

        public static int SignalsTo { get; private set; } = BootEndpoints.Pm;

        public static void Load()
        {
            CommandLine options = ServiceCommandLine.Read(s_specs, "tty.");
            SignalsTo = (int)options.GetInteger("tty.pm");
        }
    }
}
