using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.BlockDriver;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Usb
{
    // The USB sticks on every EHCI and xHCI controller of the machine (up to MaxControllers, in
    // PCI order), found at each start (a restart by RS resets the controllers and finds them
    // again: nothing of a crashed instance is trusted). Drives 0..7 are the Bulk-Only sticks in
    // controller and port order (VFS's uba, ubb...). Data moves by DMA through one bounce
    // buffer of a chunk's size (one request at a time), copied to and from the library's
    // buffers. One program drives both kinds: the device layers above UsbHostController are the
    // same, a machine of the last decade has an xHCI controller and often no EHCI one, and one
    // driver keeps one /dev/uba.. numbering and one block-driver endpoint for VFS.
    internal sealed class UsbStorageDevice : BlockDevice
    {
        public const int Sticks = 8, MaxControllers = 4;
        private const int UsbClass = 0x0C0300, ProgrammingInterface = 0xFF, Ehci = 0x20, Xhci = 0x30;

        private readonly ControllerInterrupts _interrupts = new();
        private readonly BulkOnlyStick[] _sticks = new BulkOnlyStick[Sticks];
        private readonly DriveFacts[] _facts = new DriveFacts[Sticks];
        private ulong _controlTimeout, _bulkTimeout;
        private int _hostCount, _stickCount;

        public override int Drives => Sticks;

        // DMA memory shared by every stick: the CBW and CSW, and the data chunk.
        private const int WrappersAt = 0, DataAt = 4096, MemoryBytes = DataAt + ChunkBytes;

        public override int InitFresh()
        {
            // A transfer's longest wait. VFS waits in SENDREC for a request meanwhile and must
            // still answer RS's pings (every 5 s), and RS gives this start one second: a control
            // request (which USB 2.0 9.2.6.4 gives 500 ms at most) waits half a second, a bulk
            // stage (a 64 KiB chunk) a second, so a stick that stops answering costs a request
            // at most a CBW's second and the reset recovery's three control requests.
            _controlTimeout = Kernel.TicksPerSecond() / 2;
            _bulkTimeout = Kernel.TicksPerSecond();
            long mapped = DmaRegion.Allocate(MemoryBytes, out DmaRegion memory);
            if (mapped != 0) return (int)mapped;
            long lastError = -(int)LinuxErrno.ENODEV;
            for (int index = 0; _hostCount < MaxControllers; index++)
            {
                var find = new PciFind { Index = index, Vendor = PciRequests.AnyId, Device = PciRequests.AnyId, Class = UsbClass, ClassMask = 0xFFFF00 };
                if (PciCalls.Find(in find, out PciReply device) != 0) break;
                int kind = device.Class & ProgrammingInterface;
                if (kind != Ehci && kind != Xhci) continue;           // UHCI and OHCI: not driven
                long started = Start(in device, kind == Xhci, _interrupts, out UsbHostController host);
                if (started != 0)
                {
                    lastError = started;
                    Report(kind == Xhci ? "no xHCI controller started, error " : "no EHCI controller started, error ", (ulong)-started);
                    continue;
                }
                _hostCount++;
                for (int port = 0; port < host.Ports && _stickCount < Sticks; port++)
                    if (Attach(host, port, memory.Part(WrappersAt, 1024), memory.Part(DataAt, ChunkBytes), _stickCount) == 0) _stickCount++;
            }
            if (_hostCount == 0) return (int)lastError;
            Report("sticks: ", (ulong)_stickCount);
            return 0;
        }

        // The controller at `device` reserved and started: "usb: xHCI controller 00:04.0, 8 ports".
        private static long Start(in PciReply device, bool xhci, ControllerInterrupts interrupts, out UsbHostController host)
        {
            long started;
            if (xhci)
            {
                var controller = new XhciHost(interrupts);
                started = controller.Attach(in device);
                host = controller;
            }
            else
            {
                var controller = new EhciHost(interrupts);
                started = controller.Attach(in device);
                host = controller;
            }
            if (started != 0) return started;
            new ConsoleLine(stackalloc char[100]).Append("usb: ").Append(host.Kind).Append(" controller ")
                .AppendHex((ulong)PciAddress.Bus(device.Address), 2).Append(":").AppendHex((ulong)PciAddress.Device(device.Address), 2)
                .Append(".").Append((ulong)PciAddress.Function(device.Address)).Append(", ").Append((ulong)host.Ports).Append(" ports").Print();
            return 0;
        }

        // The device on `port`: addressed, configured, and started as a stick; 0, or why it is
        // not a drive (reported).
        private int Attach(UsbHostController host, int port, DmaRegion wrappers, DmaRegion data, int drive)
        {
            int attached = host.AttachPort(port, out int device);
            if (attached != 0) return attached;
            int configured = UsbEnumeration.Configure(host, device, _controlTimeout, out UsbDescriptors.BulkOnlyInterface found,
                                                      out UsbEndpoint bulkIn, out UsbEndpoint bulkOut);
            if (configured != 0)
            {
                Report(configured == -(int)LinuxErrno.ENODEV ? "not a Bulk-Only mass storage device on port " : "enumeration failed on port ", (ulong)port);
                host.Release(device);
                return configured;
            }
            var stick = new BulkOnlyStick(host, device, found.Interface, bulkIn, bulkOut, wrappers, data, _controlTimeout, _bulkTimeout);
            Span<char> identity = stackalloc char[40];
            int started = stick.Start(out DriveFacts facts, identity, out int identityLength);
            if (started != 0)
            {
                Report("the stick does not start on port ", (ulong)port);
                host.Release(device);
                return started;
            }
            _sticks[drive] = stick;
            _facts[drive] = facts;
            // "usb: uba: port 0, 4 MiB, QEMU QEMU HARDDISK"
            new ConsoleLine(stackalloc char[120]).Append("usb: ub").Append("abcdefgh".AsSpan(drive, 1)).Append(": port ").Append((ulong)port)
                .Append(", ").Append(facts.Sectors * (ulong)facts.SectorSize >> 20).Append(" MiB, ").Append(identity.Slice(0, identityLength)).Print();
            return 0;
        }

        public override int OpenDrive(int drive, out DriveFacts facts)
        {
            facts = _facts[drive];
            return _sticks[drive] == null ? -(int)LinuxErrno.ENXIO : 0;
        }

        public override int Read(int drive, ulong sector, Span<byte> into)
        {
            BulkOnlyStick stick = _sticks[drive];
            int moved = stick.Transfer(false, sector, into.Length, _facts[drive].SectorSize);
            if (moved != 0) return -(int)LinuxErrno.EIO;
            stick.Data(into.Length).CopyTo(into);
            return 0;
        }

        public override int Write(int drive, ulong sector, ReadOnlySpan<byte> data)
        {
            BulkOnlyStick stick = _sticks[drive];
            data.CopyTo(stick.Data(data.Length));
            return stick.Transfer(true, sector, data.Length, _facts[drive].SectorSize) == 0 ? 0 : -(int)LinuxErrno.EIO;
        }

        // A notification that came while no transfer waited: every controller acknowledged.
        public override void KernelNotified() => _interrupts.AcknowledgeAll();

        public static void Report(string what, ulong number) =>
            new ConsoleLine(stackalloc char[100]).Append("usb: ").Append(what).Append(number).Print();
    }
}
