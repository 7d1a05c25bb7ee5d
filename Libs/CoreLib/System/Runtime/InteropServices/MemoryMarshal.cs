using System.Runtime.CompilerServices;

namespace System.Runtime.InteropServices
{
    public static unsafe class MemoryMarshal
    {
        public static Span<T> CreateSpan<T>(ref T reference, int length) => new Span<T>(ref reference, length);
        public static ReadOnlySpan<T> CreateReadOnlySpan<T>(scoped ref readonly T reference, int length) => new ReadOnlySpan<T>(ref Unsafe.AsRef(in reference), length);
        public static ref T GetReference<T>(Span<T> span) => ref span._reference;
        public static ref T GetReference<T>(ReadOnlySpan<T> span) => ref span._reference;

        public static Span<TTo> Cast<TFrom, TTo>(Span<TFrom> span) where TFrom : struct where TTo : struct
            => new Span<TTo>(ref Unsafe.As<TFrom, TTo>(ref span._reference), (int)((long)span.Length * Unsafe.SizeOf<TFrom>() / Unsafe.SizeOf<TTo>()));

        public static ReadOnlySpan<TTo> Cast<TFrom, TTo>(ReadOnlySpan<TFrom> span) where TFrom : struct where TTo : struct
            => new ReadOnlySpan<TTo>(ref Unsafe.As<TFrom, TTo>(ref span._reference), (int)((long)span.Length * Unsafe.SizeOf<TFrom>() / Unsafe.SizeOf<TTo>()));

        public static T Read<T>(ReadOnlySpan<byte> source) where T : struct
        {
            if (Unsafe.SizeOf<T>() > source.Length) Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowArgumentOutOfRangeException();
            return Unsafe.ReadUnaligned<T>(ref source._reference);
        }
    }
}

namespace System.Buffers.Binary
{
    // Little-endian readers and writers (the boot-information and ACPI parsers, the POSIX servers' Linux structures).
    public static class BinaryPrimitives
    {
        public static ushort ReadUInt16LittleEndian(ReadOnlySpan<byte> source) => Runtime.InteropServices.MemoryMarshal.Read<ushort>(source);
        public static uint ReadUInt32LittleEndian(ReadOnlySpan<byte> source) => Runtime.InteropServices.MemoryMarshal.Read<uint>(source);
        public static ulong ReadUInt64LittleEndian(ReadOnlySpan<byte> source) => Runtime.InteropServices.MemoryMarshal.Read<ulong>(source);
        public static void WriteUInt64LittleEndian(Span<byte> destination, ulong value)
        {
            for (int i = 0; i < sizeof(ulong); i++) destination[i] = (byte)(value >> (8 * i));
        }
        public static void WriteUInt32LittleEndian(Span<byte> destination, uint value)
        {
            for (int i = 0; i < sizeof(uint); i++) destination[i] = (byte)(value >> (8 * i));
        }
        public static void WriteUInt16LittleEndian(Span<byte> destination, ushort value)
        {
            destination[0] = (byte)value;
            destination[1] = (byte)(value >> 8);
        }
        public static void WriteInt32LittleEndian(Span<byte> destination, int value) => WriteUInt32LittleEndian(destination, (uint)value);
        public static void WriteInt64LittleEndian(Span<byte> destination, long value) => WriteUInt64LittleEndian(destination, (ulong)value);
        public static int ReadInt32LittleEndian(ReadOnlySpan<byte> source) => Runtime.InteropServices.MemoryMarshal.Read<int>(source);
        public static long ReadInt64LittleEndian(ReadOnlySpan<byte> source) => Runtime.InteropServices.MemoryMarshal.Read<long>(source);
        public static ushort ReadUInt16BigEndian(ReadOnlySpan<byte> source) => (ushort)(source[0] << 8 | source[1]);
        public static uint ReadUInt32BigEndian(ReadOnlySpan<byte> source) => (uint)(source[0] << 24 | source[1] << 16 | source[2] << 8 | source[3]);
        public static short ReadInt16BigEndian(ReadOnlySpan<byte> source) => (short)ReadUInt16BigEndian(source);
    }
}
