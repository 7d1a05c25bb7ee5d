using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;
using static Lunix.Drivers.Storage.Ahci.AhciRegisters;

namespace Lunix.Drivers.Storage.Ahci
{
    // The HBA (AHCI 1.3.1): found and reserved through the PCI server (which adds its ABAR, BAR 5,
    // and its interrupt line to this driver's privileges and switches on bus mastering), its
    // registers mapped uncached, AHCI mode and interrupts on, the line attached as a PCI line.
    // One interrupt line serves every port: a command's wait takes the kernel's notifications
    // (an interrupt, or the alarm of its deadline) until the port says the command is over.
    internal sealed class AhciController
    {
        private const int AhciClass = 0x010601, Abar = 5;

        public MmioWindow Registers;
        private int _line;

        // 0, or the error of the step that failed (ENODEV: no AHCI controller).
        public long Attach()
        {
            var find = new PciFind { Vendor = PciRequests.AnyId, Device = PciRequests.AnyId, Class = AhciClass, ClassMask = 0xFFFFFF };
            long found = PciCalls.Find(in find, out PciReply device);
            if (found != 0) return found;
            long mapped = PciRegisters.ReserveAndMap(device.Address, Abar, out Registers);
            if (mapped != 0) return mapped;
            Registers.Write(GlobalControl, Registers.Read(GlobalControl) | AhciEnable);
            Registers.Write(InterruptStatus, 0xFFFF_FFFF);
            _line = device.InterruptLine;
            long attached = Syscalls.KernelCall(KernelCalls.IrqCtl, IrqCtlRequests.AttachPci, _line);
            if (attached != 0) return attached;
            Registers.Write(GlobalControl, Registers.Read(GlobalControl) | InterruptEnable);
            return EnableLine();
        }

        public uint PortsImplemented => Registers.Read(AhciRegisters.PortsImplemented);

        // A device on the port with its link up (PxSSTS.DET).
        public bool HasDevice(int port) => (Registers.Read(PortBase(port) + SataStatus) & 0xF) == DevicePresent;

        // The kernel masks the line at each interrupt until the driver has handled it.
        public long EnableLine() => Syscalls.KernelCall(KernelCalls.IrqCtl, IrqCtlRequests.Enable, _line);

        // Interrupts that came with no command waiting: every cause acknowledged, the line enabled.
        public void Acknowledge()
        {
            uint pending = Registers.Read(InterruptStatus);
            for (int port = 0; port < Ports; port++)
            {
                if ((pending & (1u << port)) == 0) continue;
                int status = PortBase(port) + PortInterruptStatus;
                Registers.Write(status, Registers.Read(status));
            }
            Registers.Write(InterruptStatus, pending);
            EnableLine();
        }

        // Until `port`'s command is over (0), or EIO at `deadline`.
        public int AwaitCommand(AhciPort port, ulong deadline)
        {
            Kernel.SetAlarm((long)(deadline - Math.Min(deadline, Kernel.Ticks())) + 1);
            int result = 0;
            while (!port.CommandOver())
            {
                if (Kernel.Ticks() >= deadline)
                {
                    result = -(int)LinuxErrno.EIO;
                    break;
                }
                Syscalls.Receive(BootEndpoints.Kernel, out _);
                Acknowledge();
            }
            Acknowledge();
            Kernel.SetAlarm(0);
            return result;
        }
    }
}
