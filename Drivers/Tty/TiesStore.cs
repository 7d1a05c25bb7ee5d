using System;
using System.Runtime.InteropServices;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Tty
{
    // The ties in DS: the memory entry "tty.ties", the driver's own (its endpoint stays across
    // restarts), written whenever they change and read back when RS restarts the driver. DS
    // answers at once and waits on nobody, so the driver's SENDREC to it cannot deadlock.
    internal static class TiesStore
    {
        private const string Key = "tty.ties";

        public static int Save(in TerminalTies ties)
        {
            Span<byte> bytes = stackalloc byte[TerminalTies.Size];
            MemoryMarshal.Write(bytes, in ties);
            return DataStore.PublishMemory(Key, bytes, DsFlags.Overwrite);
        }

        // The ties the previous instance saved: 0, or an error (ENOENT: it saved none).
        public static int Load(out TerminalTies ties)
        {
            ties = default;
            Span<byte> bytes = stackalloc byte[TerminalTies.Size];
            int result = DataStore.RetrieveMemory(Key, bytes, out int length);
            if (result != 0) return result;
            if (length != TerminalTies.Size) return -(int)Errno.EINVAL;
            ties = MemoryMarshal.Read<TerminalTies>(bytes);
            return 0;
        }
    }
}
