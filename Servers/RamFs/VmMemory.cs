using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.RamFs
{
    // The server's memory: VM's demand-zero regions, each page backed at its first touch (by the
    // server, or by a SAFECOPY into it, which waits for VM).
    internal sealed class VmMemory : IMemorySource
    {
        public ulong Map(ulong length)
        {
            long address = VirtualMemory.Map(length, VmProtection.Writable);
            return address < 0 ? 0 : (ulong)address;
        }

        public void Unmap(ulong address, ulong length) => VirtualMemory.Unmap(address, length);
    }
}
