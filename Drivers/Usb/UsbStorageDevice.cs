using System;
using Lunix.Abi.Linux;
using Lunix.BlockDriver;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Usb
{
    // The USB sticks on the first EHCI controller, found at each start (a restart by RS resets
    // the controller and finds them again: nothing of a crashed instance is trusted). Drives
    // 0..7 are the Bulk-Only sticks in port order (VFS's uba, ubb...). Data moves by DMA
    // through one bounce buffer of a chunk's size (one request at a time), copied to and from
    // the library's buffers.
    internal sealed class UsbStorageDevice : BlockDevice
    {
        public const int Sticks = 8;

        private readonly EhciController _controller = new();
        private readonly BulkOnlyStick[] _sticks = new BulkOnlyStick[Sticks];
        private readonly DriveFacts[] _facts = new DriveFacts[Sticks];
        private ulong _controlTimeout, _bulkTimeout;

        public override int Drives => Sticks;

        // DMA memory: the periodic frame list (1024 empty entries), the asynchronous
        // schedule, the control and wrapper buffers, and the data chunk, in one block.
        private const int FrameListAt = 0, ScheduleAt = 4096, SmallAt = 8192, WrappersAt = SmallAt + 2048, DataAt = 12288;
        private const int MemoryBytes = DataAt + ChunkBytes;

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
            DmaRegion frameList = memory.Part(FrameListAt, 4096);
            for (int entry = 0; entry < 1024; entry++) frameList.Store(entry * 4, QueueLayouts.Terminate);
            var schedule = new AsyncSchedule(_controller, memory.Part(ScheduleAt, AsyncSchedule.MemoryBytes));
            long attached = _controller.Attach(frameList.Physical, schedule.HeadPhysical);
            if (attached != 0)
            {
                Report("no EHCI controller started, error ", (ulong)-attached);
                return (int)attached;
            }
            var transfers = new UsbTransfers(schedule, memory.Part(SmallAt, 2048));
            int defaultPipe = schedule.AddQueueHead(0, 0, 64, true);
            if (defaultPipe < 0) return defaultPipe;
            int sticks = 0;
            for (int port = 0; port < _controller.Ports && sticks < Sticks; port++)
            {
                PortKind kind = _controller.ResetPort(port);
                if (kind == PortKind.Empty) continue;
                if (kind != PortKind.HighSpeed)
                {
                    if (kind == PortKind.SlowDevice) _controller.ReleasePort(port);
                    Report(kind == PortKind.SlowDevice ? "a full- or low-speed device left to a companion controller on port " : "reset failed on port ", (ulong)port);
                    continue;
                }
                // Each device gets its port's number + 1 as its address, whether or not it
                // turns out to be a stick: no two devices ever share one.
                int found = Attach(transfers, schedule, defaultPipe, port, port + 1, memory.Part(WrappersAt, 1024), memory.Part(DataAt, ChunkBytes), sticks);
                if (found == 0) sticks++;
            }
            Report("sticks: ", (ulong)sticks);
            return 0;
        }

        // The device on `port`: configured at `address`, its endpoints given queue heads, and
        // started as a stick; 0, or why it is not a drive (reported).
        private int Attach(UsbTransfers transfers, AsyncSchedule schedule, int defaultPipe, int port, int address, DmaRegion wrappers, DmaRegion data, int drive)
        {
            int configured = UsbEnumeration.Configure(_controller, transfers, schedule, defaultPipe, address, _controlTimeout, out UsbDescriptors.Device device,
                                                      out UsbDescriptors.BulkOnlyInterface found, out int control);
            if (configured != 0)
            {
                Report(configured == -(int)LinuxErrno.ENODEV ? "not a Bulk-Only mass storage device on port " : "enumeration failed on port ", (ulong)port);
                return configured;
            }
            var bulkIn = new UsbEndpoint { Number = found.InEndpoint, MaxPacket = found.InMaxPacket, In = true };
            var bulkOut = new UsbEndpoint { Number = found.OutEndpoint, MaxPacket = found.OutMaxPacket };
            bulkIn.QueueHead = schedule.AddQueueHead(address, bulkIn.Number, bulkIn.MaxPacket, false);
            bulkOut.QueueHead = schedule.AddQueueHead(address, bulkOut.Number, bulkOut.MaxPacket, false);
            if (bulkIn.QueueHead < 0 || bulkOut.QueueHead < 0) return -(int)LinuxErrno.ENOMEM;
            var stick = new BulkOnlyStick(_controller, transfers, control, found.Interface, bulkIn, bulkOut, wrappers, data, _controlTimeout, _bulkTimeout);
            Span<char> identity = stackalloc char[40];
            int started = stick.Start(out DriveFacts facts, identity, out int identityLength);
            if (started != 0)
            {
                Report("the stick does not start on port ", (ulong)port);
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

        public override void KernelNotified() => _controller.Acknowledge();

        private static void Report(string what, ulong number) =>
            new ConsoleLine(stackalloc char[100]).Append("usb: ").Append(what).Append(number).Print();
    }
}
