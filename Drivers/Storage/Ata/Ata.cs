using System.Runtime;
using Lunix.BlockDriver;

namespace Lunix.Drivers.Storage.Ata
{
    // The ATA/ATAPI driver (MINIX's at_wini): the legacy IDE controller's two channels in
    // compatibility mode, up to four drives (hda primary master, hdb primary slave, hdc
    // secondary master, hdd secondary slave), disks with LBA28/LBA48 and CD drives by ATAPI
    // PACKET commands, by bus-master DMA or PIO, served through the block-driver protocol.
    internal static class Ata
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            BlockDriverLoop.Run(new AtaDevice());
            return 0;
        }
    }
}
