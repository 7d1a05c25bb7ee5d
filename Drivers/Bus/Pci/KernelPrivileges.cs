using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Bus.Pci
{
    // A device's resources added to a driver's privileges by PRIVCTL (MINIX's sys_privctl
    // SYS_PRIV_ADD_IO, ADD_MEM, ADD_IRQ): the PCI server's manifest entry allows it the call.
    internal sealed class KernelPrivileges : IDriverPrivileges
    {
        public long AddPorts(int endpoint, ulong first, ulong last) =>
            Syscalls.KernelCall(KernelCalls.PrivCtl, endpoint, PrivCtlRequests.AddPorts, (long)first, (long)last);

        public long AddMemory(int endpoint, ulong physical, ulong length) =>
            Syscalls.KernelCall(KernelCalls.PrivCtl, endpoint, PrivCtlRequests.AddMemory, (long)physical, (long)length);

        public long AddIrq(int endpoint, int line) => Syscalls.KernelCall(KernelCalls.PrivCtl, endpoint, PrivCtlRequests.AddIrq, line);
    }
}
