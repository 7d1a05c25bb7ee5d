using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Storage.Ata
{
    // The IDE controller on the PCI bus (class 01.01), for its bus master: the first such
    // function, reserved through the PCI server (which adds its I/O BARs to the driver's
    // privileges and switches on I/O decoding and bus mastering), its programming interface
    // saying which channels are in compatibility mode (the driver's fixed ports; bits 0 and 2
    // clear) and whether it has a bus master at all (bit 7), and BAR 4's sixteen ports: the
    // primary channel's bus-master registers, then the secondary's.
    internal static class IdeController
    {
        private const int IdeClass = 0x010100, BusMasterBar = 4;
        private const int PrimaryNative = 0x01, SecondaryNative = 0x04, HasBusMaster = 0x80;
        private const int ChannelPorts = 8;

        // Each channel's bus master (BusMaster.Present false for a channel without one): 0, or
        // why there are none (ENODEV: no IDE controller on the bus or no bus master on it; the
        // PCI server's error for a reservation it refused).
        public static long FindBusMasters(out BusMaster primary, out BusMaster secondary)
        {
            primary = secondary = default;
            var find = new PciFind { Vendor = PciRequests.AnyId, Device = PciRequests.AnyId, Class = IdeClass, ClassMask = 0xFFFF00 };
            long found = PciCalls.Find(in find, out PciReply controller);
            if (found != 0) return found;
            long reserved = PciCalls.Reserve(controller.Address, out _);
            if (reserved != 0) return reserved;
            int programming = controller.Class & 0xFF;
            if ((programming & HasBusMaster) == 0) return -(long)LinuxErrno.ENODEV;
            long bar = PciCalls.Bar(controller.Address, BusMasterBar, out PciReply registers);
            if (bar != 0) return bar;
            if ((registers.BarFlags & PciBarFlags.Io) == 0 || registers.Size < 2 * ChannelPorts) return -(long)LinuxErrno.ENODEV;
            ushort ports = (ushort)registers.Base;
            if ((programming & PrimaryNative) == 0) primary = new BusMaster(ports);
            if ((programming & SecondaryNative) == 0) secondary = new BusMaster((ushort)(ports + ChannelPorts));
            return 0;
        }
    }
}
