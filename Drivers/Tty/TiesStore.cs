using System;
using System.Runtime.InteropServices;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Tty
{
    // The ties in DS: the memory entry "tty.ties", the driver's own (its endpoint stays across
    // restarts), one TerminalTies per terminal (the serial console first, then the virtual
    // consoles), written whenever they change and read back when RS restarts the driver. DS
    // answers at once and waits on nobody, so the driver's SENDREC to it cannot deadlock.
    internal static class TiesStore
    {
        private const string Key = "tty.ties";
        public const int Most = 8;

        public static int Save(ReadOnlySpan<TerminalTies> ties)
        {
            Span<byte> bytes = stackalloc byte[TerminalTies.Size * Most];
            int count = Math.Min(ties.Length, Most);
            for (int i = 0; i < count; i++) MemoryMarshal.Write(bytes.Slice(i * TerminalTies.Size), in ties[i]);
            return DataStore.PublishMemory(Key, bytes.Slice(0, count * TerminalTies.Size), DsFlags.Overwrite);
        }

        // The ties the previous instance saved, into `ties`: how many, or an error (ENOENT: it
        // saved none).
        public static int Load(Span<TerminalTies> ties)
        {
            Span<byte> bytes = stackalloc byte[TerminalTies.Size * Most];
            int result = DataStore.RetrieveMemory(Key, bytes, out int length);
            if (result != 0) return result;
            if (length % TerminalTies.Size != 0 || length == 0) return -(int)Errno.EINVAL;
            int count = Math.Min(length / TerminalTies.Size, ties.Length);
            for (int i = 0; i < count; i++) ties[i] = MemoryMarshal.Read<TerminalTies>(bytes.Slice(i * TerminalTies.Size));
            return count;
        }
    }
}
