using System;
using Lunix.Ipc;
using Lunix.Kernel.Ipc;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // The grant tables GrantChain checks, as their owners registered them with SETGRANT: each
    // entry is read from the owner's own memory through its page tables, whatever is loaded.
    internal readonly unsafe struct ProcessGrantTables : IGrantTables
    {
        public Errno Lookup(int owner, int grant, out int ownerSlot, out Grant entry)
        {
            entry = default;
            if (!IpcDoor.TryResolve(owner, out ownerSlot)) return Errno.EDEADSRCDST;
            ref Process.Process process = ref ProcessTable.Slot(ownerSlot);
            if ((uint)grant >= (uint)process.GrantEntries) return Errno.EINVAL;
            fixed (Grant* record = &entry)
                return ProcessMemory.Read(ownerSlot, process.GrantTable + (ulong)grant * Grant.Size, new Span<byte>(record, Grant.Size))
                    ? Errno.Ok : Errno.EFAULT;
        }
    }
}
