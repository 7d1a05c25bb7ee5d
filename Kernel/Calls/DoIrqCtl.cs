using Lunix.Abi;
using Lunix.Kernel.Interrupts;
using Lunix.Kernel.Ipc;

namespace Lunix.Kernel.Calls
{
    // IRQCTL: a driver attaches to an ISA interrupt line its privileges allow; each interrupt
    // then arrives as a notification from the kernel, and the line stays masked until the driver
    // enables it again. a0 = request (Abi/KernelCalls.cs IrqAttach, IrqEnable, IrqDetach), a1 = line.
    internal static class DoIrqCtl
    {
        public static long Run(int slot, long request, long irq)
        {
            if (irq < 0 || irq >= IrqLines.Count) return -(long)Errno.EINVAL;
            if (!IpcProcesses.PrivilegesOf(slot).MayUseIrq((int)irq)) return -(long)Errno.EPERM;
            switch (request)
            {
                case IrqCtlRequests.Attach:
                    return IrqLines.Attach((int)irq, slot) ? 0 : -(long)Errno.EPERM;
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
