using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Usb
{
    // An EHCI controller as the device layers see it: the controller (EhciController), its
    // asynchronous schedule and the transfers on it, in DMA memory of its own (the periodic
    // frame list, empty; the schedule; the SETUP packet and control data). A device's handle is
    // its address, its port's number + 1, so no two share one; its control queue head is kept
    // by address. Only high-speed devices are served: a full- or low-speed one is left to the
    // controller's companion (which this driver does not drive).
    internal sealed class EhciHost : UsbHostController
    {
        private const int FrameListAt = 0, ScheduleAt = 4096, SmallAt = 8192, MemoryBytes = SmallAt + 2048;

        private readonly EhciController _controller;
        private AsyncSchedule _schedule;
        private UsbTransfers _transfers;
        private int _defaultPipe;
        private readonly int[] _controlPipes = new int[16];        // by address (HCSPARAMS: 15 ports at most)

        public override int Ports => _controller.Ports;

        public override string Kind => "EHCI";

        public EhciHost(ControllerInterrupts interrupts) => _controller = new EhciController(interrupts);

        // The controller at `device` started, with a queue head for address 0 (control endpoint
        // 0, 64-byte packets, as every high-speed device has): 0 or the failing step's errno.
        public long Attach(in PciReply device)
        {
            long mapped = DmaRegion.Allocate(MemoryBytes, out DmaRegion memory);
            if (mapped != 0) return mapped;
            DmaRegion frameList = memory.Part(FrameListAt, 4096);
            for (int entry = 0; entry < 1024; entry++) frameList.Store(entry * 4, QueueLayouts.Terminate);
            _schedule = new AsyncSchedule(_controller, memory.Part(ScheduleAt, AsyncSchedule.MemoryBytes));
            long attached = _controller.Attach(in device, frameList.Physical, _schedule.HeadPhysical);
            if (attached != 0) return attached;
            _transfers = new UsbTransfers(_schedule, memory.Part(SmallAt, 2048));
            _defaultPipe = _schedule.AddQueueHead(0, 0, 64, true);
            return _defaultPipe < 0 ? _defaultPipe : 0;
        }

        // The port reset, then (USB 2.0 9.1.2) the device descriptor read at the default
        // address, SET_ADDRESS, and a queue head for the device's own control endpoint, so no
        // queue head ever changes its device address.
        public override int AttachPort(int port, out int device)
        {
            device = 0;
            PortKind kind = _controller.ResetPort(port);
            if (kind == PortKind.Empty) return -(int)LinuxErrno.ENODEV;
            if (kind != PortKind.HighSpeed)
            {
                if (kind == PortKind.SlowDevice) _controller.ReleasePort(port);
                UsbStorageDevice.Report(kind == PortKind.SlowDevice ? "a full- or low-speed device left to a companion controller on port " : "reset failed on port ", (ulong)port);
                return -(int)LinuxErrno.EOPNOTSUPP;
            }
            int addressed = Address(port + 1);
            if (addressed < 0)
            {
                UsbStorageDevice.Report("enumeration failed on port ", (ulong)port);
                return addressed;
            }
            device = port + 1;
            return 0;
        }

        private int Address(int address)
        {
            ulong timeout = Kernel.TicksPerSecond() / 2;
            Span<byte> setup = stackalloc byte[UsbRequests.SetupBytes];
            UsbRequests.DescriptorRequest(setup, UsbRequests.DeviceDescriptor, UsbDescriptors.DeviceBytes);
            int read = _transfers.Control(_defaultPipe, setup, timeout);
            if (read < 0) return read;
            int parsed = UsbDescriptors.ParseDevice(_transfers.ControlData.Slice(0, read), out UsbDescriptors.Device descriptor);
            if (parsed != 0) return parsed;
            if (descriptor.MaxPacket0 != 64) return -(int)LinuxErrno.EPROTO;        // a high-speed device's endpoint 0 takes 64
            UsbRequests.AddressRequest(setup, address);
            int set = _transfers.Control(_defaultPipe, setup, timeout);
            if (set < 0) return set;
            _controller.Delay(Kernel.TicksPerSecond() / 100 + 1);                  // SET_ADDRESS recovery: at least 2 ms
            _controlPipes[address] = _schedule.AddQueueHead(address, 0, 64, true);
            return _controlPipes[address] < 0 ? _controlPipes[address] : 0;
        }

        // Its queue heads stay in the schedule, idle: the schedule has room for every port's.
        public override void Release(int device) { }

        public override Span<byte> ControlData => _transfers.ControlData;

        public override int Control(int device, ReadOnlySpan<byte> setup, ulong timeout) => _transfers.Control(_controlPipes[device], setup, timeout);

        public override int OpenBulk(int device, ref UsbEndpoint bulkIn, ref UsbEndpoint bulkOut)
        {
            bulkIn.Pipe = _schedule.AddQueueHead(device, bulkIn.Number, bulkIn.MaxPacket, false);
            bulkOut.Pipe = _schedule.AddQueueHead(device, bulkOut.Number, bulkOut.MaxPacket, false);
            return bulkIn.Pipe < 0 || bulkOut.Pipe < 0 ? -(int)LinuxErrno.ENOMEM : 0;
        }

        public override int Bulk(ref UsbEndpoint endpoint, DmaRegion data, int length, ulong timeout) => _transfers.Bulk(ref endpoint, data, length, timeout);

        // The queue head's toggle starts again at DATA0 with the next transfer.
        protected override int ResetEndpoint(ref UsbEndpoint endpoint)
        {
            endpoint.ToggleReset = true;
            return 0;
        }

        public override void Delay(ulong ticks) => _controller.Delay(ticks);

    }
}
