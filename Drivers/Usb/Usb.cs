using System.Runtime;
using Lunix.BlockDriver;

namespace Lunix.Drivers.Usb
{
    // The USB driver: every EHCI and xHCI host controller and the Bulk-Only mass storage devices
    // on their root ports (USB sticks), served through the block-driver protocol as VFS's
    // /dev/uba, /dev/ubb... Its controllers come from the PCI server (Reserve), so RS starts it
    // only on a machine that has one. One program drives both kinds (UsbStorageDevice says why).
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
