using System;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // PM's random bytes (RandomStream): getrandom and AT_RANDOM. Seeded at start-up from what
    // the machine offers: RDRAND when the processor has it, the time-stamp counter, the real-time
    // clock; every request stirs in the time-stamp counter again (when calls come is entropy
    // too). getrandom never blocks: the generator is ready from PM's start.
    internal static class Entropy
    {
        private const long NonBlock = 1, FromRandom = 2, Insecure = 4;
        private const long MaxRequest = 33554431;              // Linux's cap on one getrandom: (INT_MAX >> 6) bytes
        private static RandomStream s_stream;

        public static void Start()
        {
            Span<byte> seed = stackalloc byte[32];
            for (int i = 0; i < seed.Length; i += 8)
            {
                ulong value = Processor.ReadTsc() * 0x9E3779B97F4A7C15;
                if (Processor.TryHardwareRandom(out ulong hardware)) value ^= hardware;
                for (int j = 0; j < 8; j++) seed[i + j] = (byte)(value >> (8 * j));
            }
            s_stream = new RandomStream(seed);
            s_stream.Mix((ulong)PmClock.RealtimeNow());
        }

        public static void Fill(Span<byte> into)
        {
            s_stream.Mix(Processor.ReadTsc());
            s_stream.Fill(into);
        }

        // getrandom(buffer, length, flags): the bytes written (EFAULT when not even the first
        // could be), EINVAL for unknown flags or GRND_INSECURE with GRND_RANDOM.
        public static long GetRandom(int record, ulong address, long length, long flags)
        {
            if ((flags & ~(NonBlock | FromRandom | Insecure)) != 0 || (flags & (FromRandom | Insecure)) == (FromRandom | Insecure))
                return -(long)LinuxErrno.EINVAL;
            if (length < 0) return -(long)LinuxErrno.EINVAL;
            length = Math.Min(length, MaxRequest);
            int endpoint = PosixProcesses.At(record).Endpoint;
            Span<byte> chunk = stackalloc byte[256];
            long done = 0;
            while (done < length)
            {
                int size = (int)Math.Min(chunk.Length, length - done);
                Fill(chunk.Slice(0, size));
                if (UserMemory.Write(endpoint, address + (ulong)done, chunk.Slice(0, size)) != 0) return done > 0 ? done : -(long)LinuxErrno.EFAULT;
                done += size;
            }
            chunk.Clear();
            return done;
        }
    }
}
