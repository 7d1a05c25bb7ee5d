using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;
using static Lunix.Drivers.Usb.XhciRegisters;

namespace Lunix.Drivers.Usb
{
    // The xHCI host controller (xHCI 1.2, 4.2): reserved through the PCI server (which adds its
    // registers, BAR 0, and its interrupt line to this driver's privileges and switches on bus
    // mastering), taken from the firmware (XhciCapabilities), reset, given the Device Context
    // Base Address Array (with the scratchpad pages it asks for), a command ring and one event
    // ring (interrupter 0), and run; its root ports reset. Commands go one at a time and are
    // waited for. Its events are read by polling the event ring, woken by an interrupt or every
    // PollTicks at the latest: a controller whose line does not reach the driver only costs a
    // poll period.
    internal sealed class XhciController : InterruptingController
    {
        private readonly ControllerInterrupts _interrupts;
        private const int RegistersBar = 0, RingTrbs = 256, MaxSlotsUsed = 32;
        private const int ContextArrayAt = 0, CommandRingAt = 4096, EventRingAt = 8192, SegmentTableAt = 12288, MemoryBytes = 16384;

        private MmioWindow _registers;
        private int _operational, _runtime, _doorbells, _line;
        private DmaRegion _memory;
        private TrbRing _commands;
        private EventRing _events;
        private readonly byte[] _portMajor = new byte[256];           // each port's USB major revision (Supported Protocol)
        public int Ports, ContextBytes;

        public XhciController(ControllerInterrupts interrupts) => _interrupts = interrupts;

        // 0, or the error of the step that failed (ENODEV: its registers are not memory;
        // ETIMEDOUT: it would not halt, reset or run; ENOMEM: no DMA memory for it).
        public long Attach(in PciReply device)
        {
            long mapped = PciRegisters.ReserveAndMap(device.Address, RegistersBar, out _registers);
            if (mapped != 0) return mapped;
            _operational = (int)(_registers.Read(CapLength) & 0xFF);
            _runtime = (int)(_registers.Read(RuntimeOffset) & ~0x1Fu);
            _doorbells = (int)(_registers.Read(DoorbellOffset) & ~3u);
            uint structural1 = _registers.Read(StructuralParameters1), capability1 = _registers.Read(CapabilityParameters1);
            Ports = MaxPorts(structural1);
            ContextBytes = XhciRegisters.ContextBytes(capability1);
            XhciCapabilities.Read(_registers, ExtendedCapabilities(capability1), _portMajor);
            if (IntelSwitchable(device.Vendor, device.Device))
            {
                long routed = XhciCapabilities.RoutePortsHere(device.Address);
                if (routed != 0) return routed;
            }
            long reset = Reset();
            if (reset != 0) return reset;
            long allocated = DmaRegion.Allocate(MemoryBytes, out _memory);
            if (allocated != 0) return allocated;
            int slots = Math.Min(MaxSlots(structural1), MaxSlotsUsed);
            Write(Configure, (uint)slots);
            long scratchpads = GiveScratchpads(ScratchpadPages(_registers.Read(StructuralParameters2)));
            if (scratchpads != 0) return scratchpads;
            Write64(ContextBaseArray, _memory.Physical + ContextArrayAt);
            _commands = new TrbRing(RingTrbs, _memory.Physical + CommandRingAt);
            _commands.Initialize(_memory.Slice(CommandRingAt, RingTrbs * TrbLayouts.TrbBytes));
            Write64(CommandRing, _commands.Physical | RingCycle);
            // One segment, one table entry: its base and its size in TRBs.
            _events = new EventRing(RingTrbs, _memory.Physical + EventRingAt);
            _memory.Store(SegmentTableAt, (uint)_events.Physical);
            _memory.Store(SegmentTableAt + 4, (uint)(_events.Physical >> 32));
            _memory.Store(SegmentTableAt + 8, RingTrbs);
            WriteRuntime(SegmentTableSize, 1);
            WriteRuntime64(EventDequeue, _events.Physical);
            WriteRuntime64(SegmentTableBase, _memory.Physical + SegmentTableAt);
            WriteRuntime(InterrupterManagement, InterruptEnable | InterruptPending);
            Write(Command, Run | InterrupterEnable | SystemErrorEnable);
            if (!Await(Status, Halted, 0, Kernel.TicksPerSecond() / 10 + 1)) return -(int)LinuxErrno.ETIMEDOUT;
            if (PortPowerControl(capability1))
                for (int port = 0; port < Ports; port++) WritePort(port, Neutral(ReadPort(port)) | PortPower);
            // Polled without it: a line the kernel cannot attach leaves the polling.
            if (Syscalls.KernelCall(KernelCalls.IrqCtl, IrqCtlRequests.AttachPci, device.InterruptLine) == 0)
            {
                _line = device.InterruptLine;
                EnableLine();
            }
            _interrupts.Add(this);
            Delay(Kernel.TicksPerSecond() / 50 + 1);                     // 20 ms for the ports' power to settle
            return 0;
        }

        // Stopped, then reset (HCRST): the controller forgets everything a crashed instance of
        // this driver or the firmware gave it.
        private long Reset()
        {
            ulong second = Kernel.TicksPerSecond();
            if (!Await(Status, NotReady, 0, second)) return -(int)LinuxErrno.ETIMEDOUT;
            Write(Command, Read(Command) & ~(Run | InterrupterEnable));
            if (!Await(Status, Halted, Halted, second / 10 + 1)) return -(int)LinuxErrno.ETIMEDOUT;
            Write(Command, HostReset);
            if (!Await(Command, HostReset, 0, second) || !Await(Status, NotReady, 0, second)) return -(int)LinuxErrno.ETIMEDOUT;
            return 0;
        }

        // The scratchpad buffer array (xHCI 4.20) in DCBAA entry 0, with the pages it names.
        private long GiveScratchpads(int pages)
        {
            if (pages == 0) return 0;
            const int Page = 4096;
            if ((pages + 1) * Page > 4 << 20) return -(int)LinuxErrno.ENOMEM;
            long allocated = DmaRegion.Allocate((pages + 1) * Page, out DmaRegion scratch);
            if (allocated != 0) return allocated;
            for (int page = 0; page < pages; page++)
            {
                ulong physical = scratch.Physical + (ulong)((page + 1) * Page);
                scratch.Store(page * 8, (uint)physical);
                scratch.Store(page * 8 + 4, (uint)(physical >> 32));
            }
            SetDeviceContext(0, scratch.Physical);
            return 0;
        }

        // DCBAA entry `slot`: the slot's device context (0 when the slot is given up).
        public void SetDeviceContext(int slot, ulong physical)
        {
            _memory.Store(ContextArrayAt + slot * 8, (uint)physical);
            _memory.Store(ContextArrayAt + slot * 8 + 4, (uint)(physical >> 32));
        }

        // Whether the port is a USB 3 one (its device trains its link and is enabled by itself).
        public bool SuperSpeedPort(int port) => _portMajor[port] >= 3;

        // The port's device reset, so it forgets any address a crashed instance of this driver
        // gave it (USB 2: a port reset, which the controller times; USB 3: a hot reset once
        // link training enabled the port, a warm reset when it stays disabled), and its speed:
        // 0, ENODEV for an empty port, ETIMEDOUT for a reset that did not end, EIO for a port
        // that stays disabled.
        public int ResetPort(int port, out int speed)
        {
            speed = 0;
            ulong tenth = Kernel.TicksPerSecond() / 10 + 1;
            uint status = ReadPort(port);
            // A USB 3 link still training (after the controller's reset) has its device soon.
            if ((status & Connected) == 0 && SuperSpeedPort(port) && LinkState(status) == LinkPolling && AwaitPort(port, Connected, Connected, tenth * 3))
                status = ReadPort(port);
            if ((status & Connected) == 0) return -(int)LinuxErrno.ENODEV;
            uint reset = PortReset;
            if (SuperSpeedPort(port) && !AwaitPort(port, Enabled, Enabled, tenth)) reset = WarmPortReset;
            status = ReadPort(port);
            WritePort(port, Neutral(status) | (status & ChangeBits));     // no stale PRC taken for this reset's end
            WritePort(port, Neutral(ReadPort(port)) | reset);
            if (!AwaitPort(port, ResetChange, ResetChange, tenth * 5)) return -(int)LinuxErrno.ETIMEDOUT;
            status = ReadPort(port);
            WritePort(port, Neutral(status) | (status & ChangeBits));
            if ((status & Connected) == 0) return -(int)LinuxErrno.ENODEV;
            if ((status & Enabled) == 0) return -(int)LinuxErrno.EIO;
            speed = PortSpeed(status);
            Delay(Kernel.TicksPerSecond() / 100 + 1);                    // 10 ms reset recovery before the first request
            return 0;
        }

        // A command given and its completion waited for: 0 with the completion event (its slot
        // for Enable Slot), EIO for a completion code other than success (in `completion`), or
        // ETIMEDOUT.
        public int Execute(Trb command, out Trb completion)
        {
            ulong physical = _commands.PhysicalOf(_commands.Push(_memory.Slice(CommandRingAt, RingTrbs * TrbLayouts.TrbBytes), command));
            RingDoorbell(0, 0);
            ulong deadline = Kernel.Ticks() + Kernel.TicksPerSecond() / 2;
            while (NextEvent(deadline, out completion))
                if (completion.Type == TrbLayouts.CommandCompletion && completion.Parameter == physical)
                    return completion.CompletionCode == TrbLayouts.Success ? 0 : -(int)LinuxErrno.EIO;
            completion = default;
            return -(int)LinuxErrno.ETIMEDOUT;
        }

        // Doorbell `slot` (0: the command ring's) rung for `target` (an endpoint's DCI).
        public void RingDoorbell(int slot, int target) => _registers.Write(_doorbells + slot * 4, (uint)target);

        // The next event, waiting for it until `deadline`: false at the deadline or when the
        // controller stopped. What was read is handed back through ERDP at once.
        public bool NextEvent(ulong deadline, out Trb trb)
        {
            while (true)
            {
                if (_events.Next(_memory.Slice(EventRingAt, RingTrbs * TrbLayouts.TrbBytes), out trb))
                {
                    WriteRuntime64(EventDequeue, _events.DequeuePhysical | EventHandlerBusy);
                    return true;
                }
                ulong now = Kernel.Ticks();
                if (Stopped || now >= deadline) return false;
                Kernel.SetAlarm((long)Math.Min(deadline - now, PollTicks));
                Syscalls.Receive(BootEndpoints.Kernel, out _);
                _interrupts.AcknowledgeAll();
            }
        }

        private static ulong PollTicks => Kernel.TicksPerSecond() / 100 + 1;

        // Interrupter 0's interrupt acknowledged (USBSTS.EINT, IMAN.IP; both write-1-to-clear)
        // and the line enabled again (the kernel masks it at each interrupt).
        public override void Acknowledge()
        {
            Write(Status, EventInterrupt);
            WriteRuntime(InterrupterManagement, InterruptEnable | InterruptPending);
            if (_line != 0) EnableLine();
        }

        // A controller that stopped by itself (a host system error or an internal one) serves nothing more.
        public bool Stopped => (Read(Status) & (Halted | SystemError | ControllerError)) != 0;

        private void EnableLine() => Syscalls.KernelCall(KernelCalls.IrqCtl, IrqCtlRequests.Enable, _line);

        // Sleeps `ticks` whole, acknowledging every controller's interrupts that come meanwhile.
        public void Delay(ulong ticks)
        {
            ulong deadline = Kernel.Ticks() + ticks;
            for (ulong now = Kernel.Ticks(); now < deadline; now = Kernel.Ticks())
            {
                Kernel.Sleep((long)(deadline - now));
                _interrupts.AcknowledgeAll();
            }
        }

        private uint ReadPort(int port) => Read(PortStatus(port));

        private void WritePort(int port, uint value) => Write(PortStatus(port), value);

        private bool AwaitPort(int port, uint mask, uint value, ulong ticks) => Await(PortStatus(port), mask, value, ticks);

        // Until (register & mask) == value, or false after `ticks`.
        private bool Await(int register, uint mask, uint value, ulong ticks)
        {
            ulong deadline = Kernel.Ticks() + ticks;
            while ((Read(register) & mask) != value)
            {
                if (Kernel.Ticks() >= deadline) return false;
                Kernel.Sleep(1);
            }
            return true;
        }

        private uint Read(int register) => _registers.Read(_operational + register);

        private void Write(int register, uint value) => _registers.Write(_operational + register, value);

        private void Write64(int register, ulong value)
        {
            Write(register, (uint)value);
            Write(register + 4, (uint)(value >> 32));
        }

        private void WriteRuntime(int register, uint value) => _registers.Write(_runtime + register, value);

        private void WriteRuntime64(int register, ulong value)
        {
            WriteRuntime(register, (uint)value);
            WriteRuntime(register + 4, (uint)(value >> 32));
        }
    }
}
