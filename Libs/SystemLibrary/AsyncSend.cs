using Lunix.Abi;

namespace Lunix.SystemLibrary
{
    // Sending without ever blocking (MINIX's asynsend): messages go into this program's SENDA
    // table, which the kernel delivers from whenever each destination receives. RS sends this way
    // so that no service, hung or malicious, can block it, and so do the POSIX personality's
    // drivers (their replies to VFS, a terminal's signals to PM). Results are 0 or a negated Errno.
    public static class AsyncSend
    {
        // A driver may owe a reply for every request its clients hold open at once.
        public const int Entries = 64;
        // Never moved (Lunix's heaps do not move objects), so the kernel's registered address holds.
        private static readonly AsyncEntry[] s_table = new AsyncEntry[Entries];

        // Whether every message sent so far was delivered (or failed). RS updates itself only
        // then: the table, in its memory, goes with the old version.
        public static bool AllDelivered
        {
            get
            {
                for (int i = 0; i < Entries; i++)
                    if (IsPending(i)) return false;
                return true;
            }
        }

        private static bool IsPending(int i) => (s_table[i].Flags & AsyncFlags.Valid) != 0 && (s_table[i].Flags & AsyncFlags.Done) == 0;

        public static int Send(int destination, in Message message)
        {
            int free = -1;
            int used = 0;                   // the table's length the kernel must look at: up to the last pending entry
            for (int i = 0; i < Entries; i++)
            {
                if (IsPending(i)) used = i + 1;
                else if (free < 0) free = i;
            }
            if (free < 0) return -(int)Errno.ENOMEM;
            s_table[free].Message = message;
            s_table[free].Destination = destination;
            s_table[free].Result = Errno.Ok;
            s_table[free].Flags = AsyncFlags.Valid;
            if (free + 1 > used) used = free + 1;
            return Syscalls.SendAsync(new System.Span<AsyncEntry>(s_table, 0, used));
        }
    }
}
