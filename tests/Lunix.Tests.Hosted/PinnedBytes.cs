using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Lunix.Tests.Hosted
{
    // The font and symbol table keep a pointer to their bytes, as the kernel does for a boot module.
    // Tests give them a copy on the pinned heap, kept alive for the whole test run.
    internal static unsafe class PinnedBytes
    {
        private static readonly List<byte[]> s_alive = new List<byte[]>();

        public static byte* Copy(ReadOnlySpan<byte> bytes)
        {
            byte[] pinned = GC.AllocateArray<byte>(bytes.Length, pinned: true);
            bytes.CopyTo(pinned);
            lock (s_alive) s_alive.Add(pinned);
            return (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));
        }
    }
}
