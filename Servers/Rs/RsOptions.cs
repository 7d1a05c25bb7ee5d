using System;
using Lunix.Abi;
using Lunix.Options;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Rs
{
    // RS's own command-line options, which the kernel hands on unread with every other
    // `service.key=value` item (GETINFO ServiceOptions): rs.backoff=on|off (its restart backoff
    // after quick crashes, Backoff) and rs.do=REQUESTS (CommandLineQueue). RS reports a bad one
    // with the valid ones, and an item for a service this image does not have, since no one else
    // would.
    internal static class RsOptions
    {
        private static readonly OptionSpec[] s_specs =
        {
            OptionSpec.Choice("rs.backoff", "on", "on", "off"),
            OptionSpec.Text("rs.do", ""),
        };

        public static string Requests { get; private set; } = "";

        // report: print the diagnostics (the new version of RS's update of itself reads the same
        // options again, quietly).
        public static void Load(bool report)
        {
            CommandLine options = ServiceCommandLine.Read(s_specs, "rs.", report);
            Backoff.Disabled = options.GetChoice("rs.backoff") == "off";
            Requests = options.GetText("rs.do") ?? "";
            if (report) ReportStrangers(options.Forwarded);
        }

        // Items for services: each must name one of this image's services before its dot.
        private static void ReportStrangers(ReadOnlySpan<char> items)
        {
            while (items.Length > 0)
            {
                int space = items.IndexOf(' ');
                ReadOnlySpan<char> item = space < 0 ? items : items.Slice(0, space);
                items = space < 0 ? default : items.Slice(space + 1);
                ReadOnlySpan<char> service = item.Slice(0, item.IndexOf('.'));
                if (service.Length > 0 && service.Length <= ServiceLabel.Max && ServiceTable.FindConfig(ServiceLabel.From(service)) >= 0) continue;
                new ConsoleLine(stackalloc char[256]).Append("rs: cmdline: '").Append(item).Append("' is for no service of this image").Print();
            }
        }
    }
}
