using System.Runtime.CompilerServices;

namespace System.Threading
{
    // Reads and writes the compiler may not cache, merge or reorder: device registers, and memory
    // shared with interrupt handlers or other CPUs. Implemented through volatile fields.
    public static unsafe class Volatile
    {
        private struct VolatileByte { public volatile byte Value; }
        private struct VolatileUInt16 { public volatile ushort Value; }
        private struct VolatileUInt32 { public volatile uint Value; }
        private struct VolatileUInt64 { public volatile nuint Value; }  // 64-bit: atomic on x86-64

        public static byte Read(ref readonly byte location) => Unsafe.As<byte, VolatileByte>(ref Unsafe.AsRef(in location)).Value;
        public static ushort Read(ref readonly ushort location) => Unsafe.As<ushort, VolatileUInt16>(ref Unsafe.AsRef(in location)).Value;
        public static uint Read(ref readonly uint location) => Unsafe.As<uint, VolatileUInt32>(ref Unsafe.AsRef(in location)).Value;
        public static ulong Read(ref readonly ulong location) => (ulong)Unsafe.As<ulong, VolatileUInt64>(ref Unsafe.AsRef(in location)).Value;
        public static void Write(ref byte location, byte value) => Unsafe.As<byte, VolatileByte>(ref location).Value = value;
        public static void Write(ref ushort location, ushort value) => Unsafe.As<ushort, VolatileUInt16>(ref location).Value = value;
        public static void Write(ref uint location, uint value) => Unsafe.As<uint, VolatileUInt32>(ref location).Value = value;
        public static void Write(ref ulong location, ulong value) => Unsafe.As<ulong, VolatileUInt64>(ref location).Value = (nuint)value;
    }
}
