using System;
using Lunix.Abi;
using Lunix.Kernel.Ipc;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // The grant tables GrantChain checks, as their owners registered them with SETGRANT: each
    // entry is read from the owner's own memory through its page tables, whatever is loaded. An
    // entry that cannot be read is remembered (UnreadOwner, UnreadEntry): it may lie in memory VM
    // has not backed yet, and SAFECOPY then waits for VM instead of failing. A magic grant's
    // process is checked here too (MagicTarget).
    internal unsafe struct ProcessGrantTables : IGrantTables
    {
        public int UnreadOwner;
        public ulong UnreadEntry;

        public Errno Lookup(int owner, int grant, out int ownerSlot, out Grant entry)
        {
            entry = default;
            if (!IpcProcesses.TryResolve(owner, out ownerSlot)) return Errno.EDEADSRCDST;
            ref Process.Process process = ref ProcessTable.Slot(ownerSlot);
            if ((uint)grant >= (uint)process.GrantEntries) return Errno.EINVAL;
            ulong address = process.GrantTable + (ulong)grant * Grant.Size;
            fixed (Grant* record = &entry)
                if (ProcessMemory.Read(ownerSlot, address, new Span<byte>(record, Grant.Size))) return Errno.Ok;
            UnreadOwner = ownerSlot;
            UnreadEntry = address;
            return Errno.EFAULT;
        }

        // Only an owner trusted with every process's memory (VIRCOPY: PM, VFS, VM) makes magic grants.
        public Errno MagicTarget(int ownerSlot, int process, out int processSlot)
        {
            processSlot = ownerSlot;
            if (!IpcProcesses.MayCall(ownerSlot, KernelCalls.VirCopy)) return Errno.EPERM;
            return IpcProcesses.TryResolve(process, out processSlot) ? Errno.Ok : Errno.EDEADSRCDST;
        }
    }
}
