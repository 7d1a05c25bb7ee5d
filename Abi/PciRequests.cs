namespace Lunix.Abi
{
    // Requests to the PCI server (MINIX's drivers/bus/pci), by SENDREC, each answered at once with
    // a PciReply. The server walks configuration space once at start (every bus behind every
    // bridge, every function of a multi-function device) and answers from its table:
    //   Find:   the Index-th device (from 0, in bus, device, function order) whose vendor and
    //           device ids and class match the PciFind (0xFFFF and a zero ClassMask match any);
    //           Result 0 with the device's identity, or -ENODEV past the last.
    //   Bar:    base address register Index (0..5) of the device at Address: Result 0 with its
    //           Base, Size and BarFlags; -ENOENT for a BAR that is not implemented (or is the
    //           upper half of a 64-bit one), -ENODEV for no such device, -EINVAL for a bad index.
    //   ReadConfig: the configuration register at Offset (aligned to Width: 1, 2 or 4 bytes,
    //           below 256) of the device at Address: Result the value.
    //   Reserve: the caller takes the device at Address for itself (MINIX's pci_reserve): the
    //           server checks that the caller's slot is entitled to it (its manifest entry's
    //           pci-devices or pci-classes; else -EPERM) and that no driver in another slot holds
    //           it (-EBUSY; the same slot again, a restarted driver, may), then adds the device's
    //           I/O BARs, memory BARs and interrupt line to the caller's privileges (PRIVCTL
    //           AddPorts, AddMemory, AddIrq) and switches on its I/O and memory decoding and bus
    //           mastering. Result 0 with the device's identity.
    //   WriteConfig: Value into the configuration register at Offset (aligned to Width: 1, 2 or
    //           4 bytes) of the device at Address, for the driver holding the device's reservation
    //           only (-EPERM for anyone else) and in the device-specific part only (Offset 0x40
    //           to 255; -EINVAL below: the header's BARs, command and line are the server's).
    //           What a driver needs it for: handing a controller over from the firmware (EHCI's
    //           USBLEGSUP semaphores). Result 0.
    //   Present: whether a device the program in slot Index is entitled to is on the bus: Result
    //           0 with the first one's identity, or -ENODEV. RS asks before it starts a driver.
    // Errors are negated Linux errnos.
    public static class PciRequests
    {
        public const int Find = 0x0A00;         // a PciFind
        public const int Bar = 0x0A01;          // a PciQuery
        public const int ReadConfig = 0x0A02;   // a PciQuery
        public const int Reserve = 0x0A03;      // a PciQuery (Address)
        public const int Present = 0x0A04;      // a PciQuery (Index: the driver's slot)
        public const int WriteConfig = 0x0A05;  // a PciQuery (Offset, Width, Value)
        public const int Reply = 0x0A80;        // a PciReply

        public const ushort AnyId = 0xFFFF;
    }

    // A function's place: bus << 8 | device << 3 | function, as Linux prints it (bb:dd.f).
    public static class PciAddress
    {
        public static int Of(int bus, int device, int function) => bus << 8 | device << 3 | function;
        public static int Bus(int address) => address >> 8;
        public static int Device(int address) => (address >> 3) & 31;
        public static int Function(int address) => address & 7;
    }

    public struct PciFind : IMessagePayload
    {
        public int Index;
        public ushort Vendor, Device;           // PciRequests.AnyId: any
        public int Class, ClassMask;            // class << 16 | subclass << 8 | programming interface, compared under the mask
    }

    // A driver's right to a device, from its manifest entry: the slot it runs in and what it
    // drives, as a PciFind's ids and masked class (its Index unused).
    public struct PciEntitlement
    {
        public int Slot;
        public PciFind Match;

        public PciEntitlement(int slot, ushort vendor, ushort device, int classCode, int classMask)
        {
            Slot = slot;
            Match = new PciFind { Vendor = vendor, Device = device, Class = classCode, ClassMask = classMask };
        }
    }

    public struct PciQuery : IMessagePayload
    {
        public int Address;                     // PciAddress
        public int Index;                       // Bar: the BAR's number
        public int Offset, Width;               // ReadConfig, WriteConfig
        public uint Value;                      // WriteConfig
    }

    public struct PciReply : IMessagePayload
    {
        public long Result;
        public int Address;
        public ushort Vendor, Device;
        public int Class;                       // class << 16 | subclass << 8 | programming interface
        public byte InterruptLine, InterruptPin, Revision, HeaderType;
        public ulong Base, Size;                // Bar
        public int BarFlags;                    // PciBarFlags
    }

    public static class PciBarFlags
    {
        public const int Io = 1;                // an I/O port range (else memory)
        public const int Wide = 2;              // a 64-bit memory BAR (it takes the next register too)
        public const int Prefetchable = 4;
    }
}
