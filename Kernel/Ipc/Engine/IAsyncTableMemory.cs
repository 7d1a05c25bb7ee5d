using Lunix.Abi;

namespace Lunix.Kernel.Ipc
{
    // The seam to SENDA tables, which live in their senders' user memory: the kernel backs it with
    // its fault-safe user copy, the hosted tests with arrays. A table is named by its owner's slot
    // and the opaque address the owner registered. A failed read or write (EFAULT in the kernel)
    // ends the engine's scan of that table.
    public interface IAsyncTableMemory
    {
        bool TryRead(int ownerSlot, ulong table, int index, out AsyncEntry entry);

        // Stores the entry's new flags and result; the message is never written back.
        bool TryWriteStatus(int ownerSlot, ulong table, int index, int flags, Errno result);
    }
}
