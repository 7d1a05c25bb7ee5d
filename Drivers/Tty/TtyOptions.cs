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
            Span<byte> ascii = stackalloc byte[1024];
            long length = Kernel.ServiceOptions(ascii);
            Span<char> text = stackalloc char[length > 0 ? (int)length : 0];
            for (int i = 0; i < text.Length; i++) text[i] = (char)ascii[i];
            CommandLine options = CommandLine.Parse(text, s_specs, ownPrefix: "tty.");
            Span<char> line = stackalloc char[256];
            foreach (string diagnostic in options.Diagnostics) new ConsoleLine(line).Append("tty: cmdline: ").Append(diagnostic).Print();
            SignalsTo = (int)options.GetInteger("tty.pm");
        }
    }
}
