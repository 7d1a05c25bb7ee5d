using Lunix.Abi;

namespace Lunix.Drivers.Bus.Pci
{
    // One function found on the bus, as PciRequests answer for it.
    public struct PciFunction
    {
        public int Address;                         // PciAddress
        public ushort Vendor, Device;
        public int Class;                           // class << 16 | subclass << 8 | programming interface
        public byte Revision, HeaderType, InterruptLine, InterruptPin;

        public readonly bool Matches(in PciFind find) =>
            (find.Vendor == PciRequests.AnyId || find.Vendor == Vendor)
            && (find.Device == PciRequests.AnyId || find.Device == Device)
            && (Class & find.ClassMask) == (find.Class & find.ClassMask);
    }

    // A base address register as sized at start: Size 0 when it is not implemented (or is the
    // upper half of a 64-bit one).
    public struct PciBar
    {
        public ulong Base, Size;
        public int Flags;                           // PciBarFlags
    }
}
