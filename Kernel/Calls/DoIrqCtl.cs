using Lunix.Abi;
using Lunix.Kernel.Interrupts;
using Lunix.Kernel.Ipc;

namespace Lunix.Kernel.Calls
{
    // IRQCTL: a driver attaches to an interrupt line its privileges allow; each interrupt then
    // arrives as a notification from the kernel, and the line stays masked until the driver
    // enables it again. a0 = request (Abi/KernelCalls.cs IrqCtlRequests), a1 = line. AttachPci is
    // for a PCI device's INTx line, which is level-triggered: the I/O APIC must hold it until the
    // driver has cleared the device's cause, where an edge would be lost while the line is masked.
    internal static class DoIrqCtl
    {
        public static long Run(int slot, long request, long irq)
        {
            if (irq < 0 || irq >= IrqLines.Count) return -(long)Errno.EINVAL;
            if (!IpcProcesses.PrivilegesOf(slot).MayUseIrq((int)irq)) return -(long)Errno.EPERM;
            switch (request)
            {
                case IrqCtlRequests.Attach:
                case IrqCtlRequests.AttachPci:
                    return IrqLines.Attach((int)irq, slot, request == IrqCtlRequests.AttachPci) ? 0 : -(long)Errno.EPERM;
                case IrqCtlRequests.Enable:
                case IrqCtlRequests.Detach:
                    if (IrqLines.DriverOf((int)irq) != slot) return -(long)Errno.EPERM;
                    if (request == IrqCtlRequests.Enable) IrqLines.SetEnabled((int)irq, true);
                    else IrqLines.Detach(slot);
                    return 0;
                default:
                    return -(long)Errno.EINVAL;
            }
        }
    }
}
