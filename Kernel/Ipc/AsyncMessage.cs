using Lunix.Ipc;

namespace Lunix.Kernel.Ipc
{
    // SENDA table entry flags, with MINIX's values (AMF_*).
    public static class AsyncFlags
    {
        public const int Valid = 0x01;          // the entry holds a message
        public const int Done = 0x02;           // set by the kernel once delivered or failed
        public const int Notify = 0x04;         // notify the sender when the entry completes
        public const int NoReply = 0x08;        // never accepted as the reply to a SENDREC
        public const int NotifyOnError = 0x10;  // notify the sender when delivery failed
        public const int Known = Valid | Done | Notify | NoReply | NotifyOnError;
    }

    // One entry of a SENDA table as the engine sees it (MINIX's asynmsg_t).
    public struct AsyncEntry
    {
        public int Flags;
        public int Destination;
        public Errno Result;
        public Message Message;
    }

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
