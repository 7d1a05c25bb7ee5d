namespace Lunix.Servers.RamFs
{
    // Where the RAM file system's memory comes from: VM's demand-zero regions in the server
    // (VmMemory), the host's heap in the hosted tests. Map gives zeroed memory that stays where
    // it is until Unmap; 0 when there is none.
    public interface IMemorySource
    {
        ulong Map(ulong length);
        void Unmap(ulong address, ulong length);
    }
}
