using System;

namespace Lunix.Servers.Pm
{
    // What names a futex: its kind, the process it is private to (0 for a physical word), and
    // the address (virtual for a process's own, physical for a shared page's).
    internal readonly struct FutexKey : IEquatable<FutexKey>
    {
        public const byte Private = 1, SharedInPrivateMemory = 2, Physical = 3;

        public readonly byte Kind;
        public readonly int Pid;
        public readonly ulong Address;

        public FutexKey(byte kind, int pid, ulong address)
        {
            Kind = kind;
            Pid = pid;
            Address = address;
        }

        public bool Equals(FutexKey other) => Kind == other.Kind && Pid == other.Pid && Address == other.Address;
    }

    // A held FUTEX_WAIT's futex, the bits it waits for, and when it came (wake order).
    internal struct FutexWait
    {
        public FutexKey Key;
        public uint Bitset;
        public ulong Arrival;
        public bool Timed;                  // it has a deadline: a handler ends it with EINTR, not a restart
    }
}
