namespace Lunix.Drivers.Bus.Pci
{
    // Adding a device's resources to a driver's privileges: the kernel's PRIVCTL in the server
    // (KernelPrivileges), a record of what was added in the hosted tests. Each returns 0 or a
    // negated errno.
    public interface IDriverPrivileges
    {
        long AddPorts(int endpoint, ulong first, ulong last);
        long AddMemory(int endpoint, ulong physical, ulong length);
        long AddIrq(int endpoint, int line);
    }
}
