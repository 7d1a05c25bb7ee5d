using System;
using Lunix.Abi;

namespace Lunix.SystemLibrary
{
    // I/O ports for drivers (DEVIO and VDEVIO, Abi/DevIo.cs), only within the caller's port
    // ranges (manifest `ports`). Results: the value read, 0, or a negated Errno.
    public static unsafe class PortIo
    {
        public static long In8(ushort port) => Syscalls.KernelCall(KernelCalls.DevIo, port, DevIo.InByte);

        public static long Out8(ushort port, byte value) => Syscalls.KernelCall(KernelCalls.DevIo, port, DevIo.OutByte, value);

        public static long In16(ushort port) => Syscalls.KernelCall(KernelCalls.DevIo, port, DevIo.InWord);

        public static long Out16(ushort port, ushort value) => Syscalls.KernelCall(KernelCalls.DevIo, port, DevIo.OutWord, value);

        public static long Out32(ushort port, uint value) => Syscalls.KernelCall(KernelCalls.DevIo, port, DevIo.OutLong, value);

        // Several accesses of one kind in one call, in order: `pairs` holds (port, value) word
        // pairs, at most DevIo.MaxVectorCount; for inputs the values read replace the values.
        public static long Vector(Span<uint> pairs, int request)
        {
            fixed (uint* words = pairs) return Syscalls.KernelCall(KernelCalls.VDevIo, (long)words, pairs.Length / 2, request);
        }
    }
}
