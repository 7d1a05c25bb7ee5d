using System.Runtime;
using Lunix.BlockDriver;

namespace Lunix.Drivers.Usb
{
    // The USB driver: the first EHCI host controller and the Bulk-Only mass storage devices on
    // its root ports (USB sticks), served through the block-driver protocol as VFS's /dev/uba,
    // /dev/ubb... Its controller comes from the PCI server (Reserve), so RS starts it only on a
    // machine that has one.
    internal static class Usb
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            BlockDriverLoop.Run(new UsbStorageDevice());
            return 0;
        }
    }
}
