using System;
using Lunix.Options;

namespace Lunix.SystemLibrary
{
    // A service's own items of the kernel's command line (`name.key=value`, which the kernel
    // hands on unread to the services: GETINFO ServiceOptions), parsed against the service's
    // options; each bad item is reported on the console, "name: cmdline: ...", with the valid
    // ones.
    public static class ServiceCommandLine
    {
        private const int MaxText = 1024;

        // `prefix`: the service's own, "name." (the items it parses and reports).
        public static CommandLine Read(OptionSpec[] specs, string prefix, bool report = true)
        {
            Span<byte> ascii = stackalloc byte[MaxText];
            long length = Math.Min(Kernel.ServiceOptions(ascii), MaxText);
            Span<char> text = stackalloc char[length > 0 ? (int)length : 0];
            for (int i = 0; i < text.Length; i++) text[i] = (char)ascii[i];
            CommandLine options = CommandLine.Parse(text, specs, ownPrefix: prefix);
            if (!report) return options;
            Span<char> line = stackalloc char[256];
            ReadOnlySpan<char> service = prefix.AsSpan(0, prefix.Length - 1);
            foreach (string diagnostic in options.Diagnostics) new ConsoleLine(line).Append(service).Append(": cmdline: ").Append(diagnostic).Print();
            return options;
        }
    }
}
