using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;
using static Lunix.Drivers.Usb.TrbLayouts;

namespace Lunix.Drivers.Usb
{
    // An xHCI controller as the device layers see it (xHCI 1.2, 4.3-4.6): a device is a slot
    // (Enable Slot, then Address Device with an input context of its slot and endpoint 0,
    // whose packet size follows its speed), its bulk endpoints added by Configure Endpoint, and
    // every endpoint a transfer ring of its own. Control transfers are Setup, Data and Status
    // Stage TRBs; bulk ones Normal TRBs cut at 64 KiB boundaries. A transfer that fails leaves
    // its endpoint Halted (a STALL, or an error the controller halts on) or, at its deadline,
    // still Running: the endpoint is reset or stopped and its ring's dequeue pointer moved past
    // what was queued, so the next transfer starts clean. A device's handle is its place among
    // MaxDevices, each with DMA memory of its own: the device context and three rings.
    internal sealed class XhciHost : UsbHostController
    {
        public const int MaxDevices = 8;
        private const int RingTrbs = 256, Page = 4096, PipesPerDevice = 3;
        private const int InputAt = 0, ControlAt = Page, DevicesAt = 2 * Page, DeviceBytes = 4 * Page;
        private const int MemoryBytes = DevicesAt + MaxDevices * DeviceBytes;

        private readonly XhciController _controller;
        private DmaRegion _memory;
        private readonly int[] _slots = new int[MaxDevices];                         // 0: the place is free
        private readonly TrbRing[] _rings = new TrbRing[MaxDevices * PipesPerDevice]; // endpoint 0, bulk IN, bulk OUT
        private readonly bool[] _sequenceReset = new bool[MaxDevices * PipesPerDevice];

        public override int Ports => _controller.Ports;

        public override string Kind => "xHCI";

        public XhciHost(ControllerInterrupts interrupts) => _controller = new XhciController(interrupts);

        public long Attach(in PciReply device)
        {
            long allocated = DmaRegion.Allocate(MemoryBytes, out _memory);
            if (allocated != 0) return allocated;
            for (int place = 0; place < MaxDevices; place++)
                for (int pipe = 0; pipe < PipesPerDevice; pipe++)
                    _rings[place * PipesPerDevice + pipe] = new TrbRing(RingTrbs, _memory.Physical + (ulong)RingAt(place * PipesPerDevice + pipe));
            return _controller.Attach(in device);
        }

        // The port reset, a slot, Address Device, and endpoint 0's packet size from the first 8
        // bytes of the device descriptor when it is not what the speed suggested (Evaluate Context).
        public override int AttachPort(int port, out int device)
        {
            device = 0;
            int reset = _controller.ResetPort(port, out int speed);
            if (reset == -(int)LinuxErrno.ENODEV) return reset;
            if (reset != 0)
            {
                UsbStorageDevice.Report("reset failed on xHCI port ", (ulong)port);
                return reset;
            }
            int place = 0;
            while (place < MaxDevices && _slots[place] != 0) place++;
            if (place == MaxDevices)
            {
                UsbStorageDevice.Report("no room for the device on xHCI port ", (ulong)port);
                return -(int)LinuxErrno.ENOMEM;
            }
            int addressed = Address(place, port, speed);
            if (addressed != 0)
            {
                UsbStorageDevice.Report("enumeration failed on port ", (ulong)port);
                Release(place);
                return addressed;
            }
            device = place;
            // "usb: xHCI port 4: SuperSpeed device in slot 1"
            new ConsoleLine(stackalloc char[80]).Append("usb: xHCI port ").Append((ulong)port).Append(": ").Append(SpeedName(speed))
                .Append(" device in slot ").Append((ulong)_slots[place]).Print();
            return 0;
        }

        private static string SpeedName(int speed) => speed switch
        {
            DeviceContexts.LowSpeed => "low-speed",
            DeviceContexts.FullSpeed => "full-speed",
            DeviceContexts.HighSpeed => "high-speed",
            DeviceContexts.SuperSpeed => "SuperSpeed",
            _ => "SuperSpeedPlus",
        };

        private int Address(int place, int port, int speed)
        {
            int enabled = _controller.Execute(EnableSlotCommand(), out Trb completion);
            if (enabled != 0) return enabled;
            int slot = completion.Slot;
            _slots[place] = slot;
            int contexts = _controller.ContextBytes;
            _memory.Slice(DeviceAt(place), DeviceContexts.DeviceBytes(contexts)).Clear();
            _controller.SetDeviceContext(slot, _memory.Physical + (ulong)DeviceAt(place));
            TrbRing ring = _rings[place * PipesPerDevice];
            ring.Initialize(RingMemory(place * PipesPerDevice));
            Span<byte> input = Input();
            DeviceContexts.WriteInputControl(input, 0, 0b11);
            DeviceContexts.WriteSlot(input.Slice(DeviceContexts.InputSlot(contexts)), speed, port, 1);
            int maxPacket = DeviceContexts.DefaultMaxPacket0(speed);
            DeviceContexts.WriteEndpoint(input.Slice(DeviceContexts.InputEndpoint(contexts, 1)), DeviceContexts.Control, maxPacket, ring.Physical, ring.Cycle);
            int addressed = _controller.Execute(AddressDeviceCommand(_memory.Physical + InputAt, slot), out _);
            if (addressed != 0) return addressed;
            Span<byte> setup = stackalloc byte[UsbRequests.SetupBytes];
            UsbRequests.DescriptorRequest(setup, UsbRequests.DeviceDescriptor, 8);
            int read = Control(place, setup, Kernel.TicksPerSecond() / 2);
            if (read < 0) return read;
            if (read < 8 || ControlData[1] != UsbRequests.DeviceDescriptor) return -(int)LinuxErrno.EPROTO;
            int told = DeviceContexts.MaxPacket0(speed, ControlData[7]);
            if (told == maxPacket) return 0;
            input = Input();
            DeviceContexts.WriteInputControl(input, 0, 0b10);
            Span<byte> endpoint0 = input.Slice(DeviceContexts.InputEndpoint(contexts, 1), contexts);
            DeviceContext(place, 1).CopyTo(endpoint0);
            DeviceContexts.SetMaxPacket(endpoint0, told);
            return _controller.Execute(EvaluateContextCommand(_memory.Physical + InputAt, slot), out _);
        }

        // Disable Slot: the controller forgets the device; its place is free again.
        public override void Release(int device)
        {
            if (_slots[device] == 0) return;
            _controller.Execute(DisableSlotCommand(_slots[device]), out _);
            _controller.SetDeviceContext(_slots[device], 0);
            _slots[device] = 0;
        }

        public override Span<byte> ControlData => _memory.Slice(ControlAt, ControlDataBytes);

        public override int Control(int device, ReadOnlySpan<byte> setup, ulong timeout)
        {
            int length = setup[6] | setup[7] << 8;
            bool dataIn = (setup[0] & UsbRequests.DeviceToHost) != 0;
            if (length > ControlDataBytes) return -(int)LinuxErrno.EINVAL;
            ulong packet = QueueLayouts.ReadU32(setup, 0) | (ulong)QueueLayouts.ReadU32(setup, 4) << 32;
            int pipe = device * PipesPerDevice;
            TrbRing ring = _rings[pipe];
            Span<byte> memory = RingMemory(pipe);
            int first = ring.Push(memory, SetupTrb(packet, length, dataIn));
            if (length > 0) ring.Push(memory, DataTrb(_memory.Physical + ControlAt, length, dataIn));
            int last = ring.Push(memory, StatusTrb(length, dataIn));
            _controller.RingDoorbell(_slots[device], 1);
            return Await(device, pipe, 1, first, last, length, true, Kernel.Ticks() + timeout);
        }

        // Configure Endpoint adding the two bulk endpoints, each with a fresh ring; the slot
        // context copied from the device context with its Context Entries raised to cover them.
        public override int OpenBulk(int device, ref UsbEndpoint bulkIn, ref UsbEndpoint bulkOut)
        {
            bulkIn.Pipe = device * PipesPerDevice + 1;
            bulkOut.Pipe = device * PipesPerDevice + 2;
            int dciIn = DeviceContexts.Dci(bulkIn.Number, true), dciOut = DeviceContexts.Dci(bulkOut.Number, false);
            Span<byte> input = Input();
            DeviceContexts.WriteInputControl(input, 0, 1u | 1u << dciIn | 1u << dciOut);
            CopySlot(device, input, Math.Max(dciIn, dciOut));
            WriteBulkContext(input, bulkIn, dciIn, true);
            WriteBulkContext(input, bulkOut, dciOut, true);
            return _controller.Execute(ConfigureEndpointCommand(_memory.Physical + InputAt, _slots[device]), out _);
        }

        public override int Bulk(ref UsbEndpoint endpoint, DmaRegion data, int length, ulong timeout)
        {
            if (length <= 0 || length > data.Length || length > 16 * MaxTrbBytes) return -(int)LinuxErrno.EINVAL;
            TrbRing ring = _rings[endpoint.Pipe];
            Span<byte> memory = RingMemory(endpoint.Pipe);
            int first = -1, last = 0;
            ulong at = data.Physical;
            for (int left = length; left > 0;)
            {
                int piece = PieceBytes(at, left);
                left -= piece;
                last = ring.Push(memory, NormalTrb(at, piece, TdSize(left, endpoint.MaxPacket), left == 0));
                if (first < 0) first = last;
                at += (ulong)piece;
            }
            int dci = DeviceContexts.Dci(endpoint.Number, endpoint.In);
            _controller.RingDoorbell(_slots[endpoint.Device], dci);
            return Await(endpoint.Device, endpoint.Pipe, dci, first, last, length, false, Kernel.Ticks() + timeout);
        }

        // The TD from `first` to `last` on `pipe` waited for: the data bytes moved (all of them
        // unless a short packet ended it, whose event's residue says how many), or the failure.
        // Events of other endpoints, or of TDs given up before, are passed over.
        private int Await(int device, int pipe, int dci, int first, int last, int length, bool control, ulong deadline)
        {
            TrbRing ring = _rings[pipe];
            int moved = length;
            while (true)
            {
                if (!_controller.NextEvent(deadline, out Trb trb))
                {
                    Recover(device, pipe, dci);
                    return -(int)LinuxErrno.ETIMEDOUT;
                }
                if (trb.Type != TransferEvent || trb.Slot != _slots[device] || trb.Endpoint != dci) continue;
                int index = ring.IndexOf(trb.Parameter);
                if (index < 0 || !TrbRing.Within(first, last, index)) continue;
                int code = trb.CompletionCode;
                if (code == ShortPacket)
                {
                    moved = control ? length - trb.Residue : BytesBefore(pipe, first, index) + TrbBytes(pipe, index) - trb.Residue;
                    if (moved < 0 || moved > length) moved = 0;
                    if (!control || index == last) return moved;        // a control transfer goes on to its status stage
                }
                else if (code == Success)
                {
                    if (index == last) return moved;
                }
                else
                {
                    Recover(device, pipe, dci);
                    return Failure(code);
                }
            }
        }

        // The transfer bytes of the TRBs from `first` up to (not with) `index`, Links passed over.
        private int BytesBefore(int pipe, int first, int index)
        {
            int bytes = 0;
            for (int at = first; at != index; at = (at + 1) % RingTrbs)
                if (TrbRing.Read(RingMemory(pipe), at).Type == Normal) bytes += TrbBytes(pipe, at);
            return bytes;
        }

        private int TrbBytes(int pipe, int index) => (int)(TrbRing.Read(RingMemory(pipe), index).Status & 0x1FFFF);

        // The endpoint after a failed TD: reset if the controller halted it (its toggle or
        // sequence number back at 0), stopped if it still runs, then its dequeue pointer moved to
        // where the next TD will go.
        private void Recover(int device, int pipe, int dci)
        {
            int slot = _slots[device];
            int state = DeviceContexts.EndpointState(DeviceContext(device, dci));
            if (state == DeviceContexts.Halted) _controller.Execute(ResetEndpointCommand(slot, dci), out _);
            else if (state == DeviceContexts.Running) _controller.Execute(StopEndpointCommand(slot, dci), out _);
            _sequenceReset[pipe] = state == DeviceContexts.Halted;
            TrbRing ring = _rings[pipe];
            _controller.Execute(SetDequeueCommand(slot, dci, ring.EnqueuePhysical, ring.Cycle), out _);
        }

        // A halt cleared on the device resets its toggle: the controller's must follow. A
        // Reset Endpoint after the halt did that already; otherwise (the reset recovery clears
        // both endpoints, whether or not they halted) the endpoint is stopped and dropped and
        // added again by Configure Endpoint, as Linux does, its ring going on where it is.
        protected override int ResetEndpoint(ref UsbEndpoint endpoint)
        {
            if (_sequenceReset[endpoint.Pipe])
            {
                _sequenceReset[endpoint.Pipe] = false;
                return 0;
            }
            int slot = _slots[endpoint.Device], dci = DeviceContexts.Dci(endpoint.Number, endpoint.In);
            if (DeviceContexts.EndpointState(DeviceContext(endpoint.Device, dci)) == DeviceContexts.Running)
            {
                int stopped = _controller.Execute(StopEndpointCommand(slot, dci), out _);
                if (stopped != 0) return stopped;
            }
            Span<byte> input = Input();
            DeviceContexts.WriteInputControl(input, 1u << dci, 1u | 1u << dci);
            CopySlot(endpoint.Device, input, -1);
            WriteBulkContext(input, endpoint, dci, false);
            return _controller.Execute(ConfigureEndpointCommand(_memory.Physical + InputAt, slot), out _);
        }

        // The input context's slot context from the device context; its Context Entries raised
        // to `entries` (-1: as they are).
        private void CopySlot(int device, Span<byte> input, int entries)
        {
            int contexts = _controller.ContextBytes;
            Span<byte> slot = input.Slice(DeviceContexts.InputSlot(contexts), contexts);
            DeviceContext(device, 0).CopyTo(slot);
            if (entries > 0) DeviceContexts.SetSlotEntries(slot, entries);
        }

        // A bulk endpoint's input context: its ring from its start (a fresh ring) or from where it is.
        private void WriteBulkContext(Span<byte> input, UsbEndpoint endpoint, int dci, bool fresh)
        {
            TrbRing ring = _rings[endpoint.Pipe];
            if (fresh) ring.Initialize(RingMemory(endpoint.Pipe));
            DeviceContexts.WriteEndpoint(input.Slice(DeviceContexts.InputEndpoint(_controller.ContextBytes, dci)),
                                         endpoint.In ? DeviceContexts.BulkIn : DeviceContexts.BulkOut, endpoint.MaxPacket, ring.EnqueuePhysical, ring.Cycle);
        }

        // The one input context (commands go one at a time), zeroed.
        private Span<byte> Input()
        {
            Span<byte> input = _memory.Slice(InputAt, DeviceContexts.InputBytes(_controller.ContextBytes));
            input.Clear();
            return input;
        }

        // Context `dci` (0: the slot) of the device context the controller keeps for the device.
        private Span<byte> DeviceContext(int device, int dci) =>
            _memory.Slice(DeviceAt(device) + DeviceContexts.DeviceEndpoint(_controller.ContextBytes, dci), _controller.ContextBytes);

        private Span<byte> RingMemory(int pipe) => _memory.Slice(RingAt(pipe), RingTrbs * TrbLayouts.TrbBytes);

        private static int DeviceAt(int place) => DevicesAt + place * DeviceBytes;

        private static int RingAt(int pipe) => DeviceAt(pipe / PipesPerDevice) + (pipe % PipesPerDevice + 1) * Page;

        public override void Delay(ulong ticks) => _controller.Delay(ticks);

    }
}
