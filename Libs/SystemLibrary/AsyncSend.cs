using Lunix.Abi;

namespace Lunix.SystemLibrary
{
    // Sending without ever blocking (MINIX's asynsend): messages go into this program's SENDA
    // table, which the kernel delivers from whenever each destination receives. RS sends this way
    // so that no service, hung or malicious, can block it. Results are 0 or a negated Errno.
    public static class AsyncSend
    {
        public const int Entries = 16;
        // Never moved (Lunix's heaps do not move objects), so the kernel's registered address holds.
        private static readonly AsyncEntry[] s_table = new AsyncEntry[Entries];

        // Whether every message sent so far was delivered (or failed). RS updates itself only
        // then: the table, in its memory, goes with the old version.
        public static bool AllDelivered
        {
            get
            {
                for (int i = 0; i < Entries; i++)
                    if ((s_table[i].Flags & AsyncFlags.Valid) != 0 && (s_table[i].Flags & AsyncFlags.Done) == 0) return false;
                return true;
            }
        }

        public static int Send(int destination, in Message message)
        {
            int free = -1;
            for (int i = 0; i < Entries && free < 0; i++)
                if (s_table[i].Flags == 0 || (s_table[i].Flags & AsyncFlags.Done) != 0) free = i;
            if (free < 0) return -(int)Errno.ENOMEM;
            s_table[free].Message = message;
            s_table[free].Destination = destination;
            s_table[free].Result = Errno.Ok;
            s_table[free].Flags = AsyncFlags.Valid;
            return Syscalls.SendAsync(s_table);
        }
    }
}
