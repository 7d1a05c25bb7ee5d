using System.Runtime;
using Lunix.BlockDriver;

namespace Lunix.Drivers.Storage.Ahci
{
    // The AHCI driver (MINIX's ahci): SATA disks (DMA, LBA48) and ATAPI CD drives (read-only) on
    // every implemented port of the first AHCI controller, served through the block-driver
    // protocol. Its controller comes from the PCI server (Reserve), so RS starts it only on a
    // machine that has one.
    internal static class Ahci
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            BlockDriverLoop.Run(new AhciDevice());
            return 0;
        }
    }
}
