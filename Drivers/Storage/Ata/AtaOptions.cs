using Lunix.Options;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Storage.Ata
{
    // The ATA driver's command-line option, among the items the kernel hands on unread:
    // ata.dma=0 keeps every drive (disks and CD drives) on PIO even where the controller and the drive could use DMA
    // (ata.dma=1, the default). Read at each start; a bad value is reported with the valid ones
    // and the default kept.
    internal static class AtaOptions
    {
        private static readonly OptionSpec[] s_specs = { OptionSpec.Choice("ata.dma", "1", "0", "1") };

        public static bool Dma { get; private set; } = true;

        public static void Load()
        {
            CommandLine options = ServiceCommandLine.Read(s_specs, "ata.");
            Dma = options.GetChoice("ata.dma") == "1";
        }
    }
}
