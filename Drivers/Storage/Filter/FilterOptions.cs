using System;
using Lunix.Options;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Storage.Filter
{
    // The filter's command-line options, among the items the kernel hands on unread:
    // filter.disk=NAME, the disk it checks (hda..hdd, sda..sdp or a partition, hdb1), and filter.mirror=NAME,
    // a second disk that holds a copy of everything (optional). Without filter.disk its device
    // has no drive (ENXIO). A bad item is reported with the valid ones.
    internal static class FilterOptions
    {
        private static readonly OptionSpec[] s_specs = { OptionSpec.Text("filter.disk", ""), OptionSpec.Text("filter.mirror", "") };

        public static string Disk { get; private set; } = "";
        public static string Mirror { get; private set; } = "";

        public static void Load()
        {
            CommandLine options = ServiceCommandLine.Read(s_specs, "filter.");
            Disk = options.GetText("filter.disk");
            Mirror = options.GetText("filter.mirror");
        }
    }
}
