using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;
using static Lunix.Drivers.Usb.EhciRegisters;

namespace Lunix.Drivers.Usb
{
    // The EHCI host controller (EHCI 1.0, chapter 4): reserved through the PCI server
    // (which adds its registers, BAR 0, and its interrupt line to this driver's privileges and
    // switches on bus mastering), taken from the firmware (USBLEGSUP), reset, given an empty periodic frame
    // list and the asynchronous schedule's head, run, and given every port (CONFIGFLAG). Its one
    // interrupt line wakes a transfer's wait; the wait's deadline is the kernel's alarm, so a
    // controller that never interrupts only makes the wait end at its deadline.
    internal sealed class EhciController : InterruptingController
    {
        private readonly ControllerInterrupts _interrupts;
        private const int RegistersBar = 0;

        private MmioWindow _registers;
        private int _operational, _line, _address;
        public int Ports;
        private bool _portPower;

        public EhciController(ControllerInterrupts interrupts) => _interrupts = interrupts;

        // The controller the PCI server found at `device`: 0, or the error of the step that
        // failed (ENODEV: its registers are not memory; ETIMEDOUT: it would not halt, reset or run).
        public long Attach(in PciReply device, ulong frameList, ulong asyncHead)
        {
            _address = device.Address;
            long mapped = PciRegisters.ReserveAndMap(device.Address, RegistersBar, out _registers);
            if (mapped != 0) return mapped;
            _operational = (int)(_registers.Read(CapLength) & 0xFF);
            uint structural = _registers.Read(StructuralParameters), capability = _registers.Read(CapabilityParameters);
            Ports = PortCount(structural);
            _portPower = PortPowerControl(structural);
            long taken = TakeFromFirmware(ExtendedCapabilities(capability));
            if (taken != 0) return taken;
            long reset = Reset();
            if (reset != 0) return reset;
            if (Addresses64(capability)) Write(SegmentSelector, 0);       // every structure lies below 4 GiB
            Write(PeriodicListBase, (uint)frameList);
            Write(AsyncListAddress, (uint)asyncHead);
            Write(FrameIndex, 0);
            Write(Command, OneMicroframeThreshold | PeriodicEnable | AsyncEnable | Run);
            if (!Await(Status, Halted, 0, Kernel.TicksPerSecond() / 10 + 1)) return -(int)LinuxErrno.ETIMEDOUT;
            Write(ConfigFlag, 1);           // every port to this controller, none to a companion
            if (_portPower)
                for (int port = 0; port < Ports; port++) WritePort(port, ReadPort(port) | Power);
            long attached = Syscalls.KernelCall(KernelCalls.IrqCtl, IrqCtlRequests.AttachPci, device.InterruptLine);
            if (attached != 0) return attached;
            _line = device.InterruptLine;
            Write(Status, AllCauses);
            Write(InterruptEnable, TransferDone | TransferError | SystemError);
            long enabled = EnableLine();
            if (enabled != 0) return enabled;
            _interrupts.Add(this);
            Delay(Kernel.TicksPerSecond() / 50 + 1);                     // 20 ms for the ports' power to settle
            return 0;
        }

        // Stopped, then reset (HCRESET): the controller forgets everything a crashed instance
        // of this driver or the firmware gave it.
        private long Reset()
        {
            ulong tenth = Kernel.TicksPerSecond() / 10 + 1;
            Write(InterruptEnable, 0);
            Write(Command, Read(Command) & ~(Run | PeriodicEnable | AsyncEnable));
            if (!Await(Status, Halted, Halted, tenth)) return -(int)LinuxErrno.ETIMEDOUT;
            Write(Command, HostReset);
            if (!Await(Command, HostReset, 0, tenth * 3)) return -(int)LinuxErrno.ETIMEDOUT;
            return 0;
        }

        // The extended capabilities in configuration space, from EECP: the legacy-support one
        // (EHCI 5.1) is handed over when the firmware owns the controller.
        private long TakeFromFirmware(int capability)
        {
            for (int hops = 0; capability >= 0x40 && hops < 48; hops++)
            {
                long word = PciCalls.ReadConfig(_address, capability & ~3, 4);
                if (word < 0) return word;
                if (((uint)word & 0xFF) == LegacySupportId) return HandOver(capability & ~3, (uint)word);
                capability = (int)(((uint)word >> 8) & 0xFF);
            }
            return 0;
        }

        // USBLEGSUP's semaphores: the firmware's set (it drives the controller for SMM's
        // emulated keyboard and disks), the system sets its own and waits up to a second for the
        // firmware to clear its one; a firmware that does not is overruled, as Linux does, its
        // semaphore cleared by the driver. Then USBLEGCTLSTS: every SMI the controller could
        // raise for the firmware disabled, its pending ones cleared.
        private long HandOver(int capability, uint legacySupport)
        {
            const int SystemSemaphore = 3, FirmwareSemaphore = 2, LegacyControl = 4;
            const uint NoSmis = 0xE000_0000;      // the enables cleared, the write-1-to-clear events cleared
            if ((legacySupport & FirmwareOwns) != 0)
            {
                long asked = PciCalls.WriteConfig(_address, capability + SystemSemaphore, 1, 1);
                if (asked != 0) return asked;
                ulong deadline = Kernel.Ticks() + Kernel.TicksPerSecond();
                while (true)
                {
                    long word = PciCalls.ReadConfig(_address, capability, 4);
                    if (word < 0) return word;
                    if (((uint)word & FirmwareOwns) == 0) break;
                    if (Kernel.Ticks() >= deadline)
                    {
                        new ConsoleLine(stackalloc char[80]).Append("usb: the firmware did not give the controller up; taken").Print();
                        long cleared = PciCalls.WriteConfig(_address, capability + FirmwareSemaphore, 1, 0);
                        if (cleared != 0) return cleared;
                        break;
                    }
                    Delay(1);
                }
            }
            return PciCalls.WriteConfig(_address, capability + LegacyControl, 4, NoSmis);
        }

        public uint ReadPort(int port) => Read(PortStatus(port));

        // A write that clears no change bit the caller did not name.
        public void WritePort(int port, uint value) => Write(PortStatus(port), value & ~ChangeBits);

        public void ClearPortChanges(int port) => Write(PortStatus(port), ReadPort(port));

        // The port reset (EHCI 4.2.2, USB 2.0 7.1.7.5): PR held 50 ms, released, the controller
        // given 2 ms to finish; a high-speed device then finds its port enabled, a full-speed
        // one does not (it belongs to a companion controller). A device answering K-state
        // before the reset is low-speed: it is not reset here.
        public PortKind ResetPort(int port)
        {
            uint status = ReadPort(port);
            if ((status & Connected) == 0) return PortKind.Empty;
            if ((status & LineStatusMask) == LineStatusK) return PortKind.SlowDevice;
            WritePort(port, (status & ~Enabled) | PortReset);
            Delay(Kernel.TicksPerSecond() / 20 + 1);
            WritePort(port, ReadPort(port) & ~PortReset);
            if (!Await(PortStatus(port), PortReset, 0, Kernel.TicksPerSecond() / 50 + 1)) return PortKind.Failed;
            status = ReadPort(port);
            ClearPortChanges(port);
            if ((status & Connected) == 0) return PortKind.Empty;
            if ((status & Enabled) == 0) return PortKind.SlowDevice;
            Delay(Kernel.TicksPerSecond() / 100 + 1);                    // 10 ms reset recovery before the first request
            return PortKind.HighSpeed;
        }

        // A port whose device is not high-speed goes to a companion controller (PORTSC.PO).
        public void ReleasePort(int port) => WritePort(port, ReadPort(port) | CompanionOwns);

        // The async advance doorbell (EHCI 4.8.2): once it rings back, the controller holds no
        // copy of a queue head unlinked before it was rung. 0, or ETIMEDOUT.
        public int AwaitAsyncAdvance()
        {
            const uint Doorbell = 1 << 6;
            Write(Status, AsyncAdvance);
            Write(Command, Read(Command) | Doorbell);
            bool rang = Await(Status, AsyncAdvance, AsyncAdvance, Kernel.TicksPerSecond() / 10 + 1);
            Write(Status, AsyncAdvance);
            return rang ? 0 : -(int)LinuxErrno.ETIMEDOUT;
        }

        // Sleeps until the controller interrupts or `deadline` (the kernel's alarm) comes.
        public void AwaitInterrupt(ulong deadline)
        {
            ulong now = Kernel.Ticks();
            if (now >= deadline) return;
            Kernel.SetAlarm((long)(deadline - now));
            Syscalls.Receive(BootEndpoints.Kernel, out _);
            _interrupts.AcknowledgeAll();
        }

        // Every cause acknowledged, the line enabled again (the kernel masks it at each interrupt).
        public override void Acknowledge()
        {
            Write(Status, Read(Status) & AllCauses);
            EnableLine();
        }

        // A controller that stopped by itself (a host system error: it could not reach memory)
        // serves nothing more.
        public bool Stopped => (Read(Status) & Halted) != 0;

        private long EnableLine() => Syscalls.KernelCall(KernelCalls.IrqCtl, IrqCtlRequests.Enable, _line);

        // Until (register & mask) == value, or false after `ticks`.
        private bool Await(int register, uint mask, uint value, ulong ticks)
        {
            ulong deadline = Kernel.Ticks() + ticks;
            while ((Read(register) & mask) != value)
            {
                if (Kernel.Ticks() >= deadline) return false;
                Delay(1);
            }
            return true;
        }

        // Sleeps `ticks` whole: an interrupt that comes meanwhile is acknowledged, every
        // controller's (the kernel would keep the line masked), and the sleep goes on.
        public void Delay(ulong ticks)
        {
            ulong deadline = Kernel.Ticks() + ticks;
            for (ulong now = Kernel.Ticks(); now < deadline; now = Kernel.Ticks())
            {
                Kernel.Sleep((long)(deadline - now));
                _interrupts.AcknowledgeAll();
            }
        }

        private uint Read(int register) => _registers.Read(_operational + register);

        private void Write(int register, uint value) => _registers.Write(_operational + register, value);
    }

    internal enum PortKind { Empty, HighSpeed, SlowDevice, Failed }
}
