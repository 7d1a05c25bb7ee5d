using System;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;
using static Lunix.Servers.Vfs.Errors;

namespace Lunix.Servers.Vfs
{
    // Linux's memory devices, major 1, served in VFS itself (a hop less than a driver): null
    // (reads end at once, writes vanish), zero (reads zeros), full (reads zeros, writes ENOSPC),
    // random and urandom (reads a generator's bytes; writes are taken and dropped, as Linux
    // mixes them in). Bytes reach the program with VIRCOPY a page at a time.
    public static class MemoryDevices
    {
        public const uint Major = 1;
        public const uint Null = 3, Zero = 5, Full = 7, Random = 8, Urandom = 9;
        private const int Chunk = 4096;

        private static readonly byte[] s_zeros = new byte[Chunk];
        private static readonly byte[] s_random = new byte[Chunk];
        private static SeededRandom s_generator = new SeededRandom(Kernel.Ticks() * 0x9E3779B97F4A7C15 | 1);

        public static bool Has(uint minor) => minor == Null || minor == Zero || minor == Full || minor == Random || minor == Urandom;

        public static long Transfer(int record, uint minor, ulong buffer, ulong count, bool write)
        {
            if (write) return minor == Full ? -ENOSPC : (long)count;
            if (minor == Null) return 0;
            int endpoint = Processes.At(record).Endpoint;
            bool random = minor == Random || minor == Urandom;
            ulong done = 0;
            while (done < count)
            {
                int size = (int)Math.Min((ulong)Chunk, count - done);
                Span<byte> bytes = random ? s_random.AsSpan(0, size) : s_zeros.AsSpan(0, size);
                if (random) Fill(bytes);
                if (new ProcessSlice<Writable>(endpoint, buffer + done, (ulong)size).CopyFrom(bytes) != 0) return done > 0 ? (long)done : -EFAULT;
                done += (ulong)size;
            }
            return (long)done;
        }

        private static void Fill(Span<byte> bytes)
        {
            for (int i = 0; i < bytes.Length; i += 8)
            {
                ulong word = s_generator.Next();
                for (int b = 0; b < 8 && i + b < bytes.Length; b++) bytes[i + b] = (byte)(word >> (8 * b));
            }
        }
    }
}
