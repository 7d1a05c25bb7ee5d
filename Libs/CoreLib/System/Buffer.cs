using System.Runtime;
using System.Runtime.CompilerServices;

namespace System
{
    public static unsafe class Buffer
    {
        // runtime.S: rep movsq, then rep movsb for the last bytes (forwards only); rep stosq and
        // rep stosb. One instruction moves eight bytes (a byte loop here took five per eight).
        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "lunix_copy_forward")]
        private static extern void CopyForward(byte* destination, byte* source, nuint length);

        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "lunix_fill")]
        internal static extern void FillBytes(byte* destination, uint value, nuint length);

        // Overlap-safe copy: forwards by rep movs where the ranges allow it, else eight bytes at a
        // time backwards.
        public static void Memmove(ref byte destination, ref byte source, nuint length)
        {
            byte* dst = (byte*)Unsafe.AsPointer(ref destination);
            byte* src = (byte*)Unsafe.AsPointer(ref source);
            if (dst == src || length == 0) return;
            if (dst < src || dst >= src + length) CopyForward(dst, src, length);
            else
            {
                nuint i = length;
                for (; i >= 8; i -= 8) *(ulong*)(dst + i - 8) = *(ulong*)(src + i - 8);
                for (; i > 0; i--) dst[i - 1] = src[i - 1];
            }
        }

        public static void Memmove<T>(ref T destination, ref T source, nuint elementCount)
            => Memmove(ref Unsafe.As<T, byte>(ref destination), ref Unsafe.As<T, byte>(ref source), elementCount * (nuint)Unsafe.SizeOf<T>());

        // Without a GC there is no write barrier: moving references is a plain copy.
        internal static void BulkMoveWithWriteBarrier(ref byte destination, ref byte source, nuint byteCount)
            => Memmove(ref destination, ref source, byteCount);

        public static void MemoryCopy(void* source, void* destination, long destinationSizeInBytes, long sourceBytesToCopy)
        {
            if (sourceBytesToCopy > destinationSizeInBytes) throw new ArgumentOutOfRangeException();
            Memmove(ref *(byte*)destination, ref *(byte*)source, (nuint)sourceBytesToCopy);
        }
    }

    internal static unsafe class SpanHelpers
    {
        public static void Memmove(ref byte destination, ref byte source, nuint length) => Buffer.Memmove(ref destination, ref source, length);

        // The JIT's memset helper.
        public static void Fill(ref byte destination, byte value, nuint length)
        {
            if (length != 0) Buffer.FillBytes((byte*)Unsafe.AsPointer(ref destination), value, length);
        }

        public static void ClearWithoutReferences(ref byte start, nuint length)
        {
            if (length != 0) Buffer.FillBytes((byte*)Unsafe.AsPointer(ref start), 0, length);
        }

        public static void ClearWithReferences(ref nint start, nuint pointerSizeLength)
        {
            for (nuint i = 0; i < pointerSizeLength; i++) Unsafe.Add(ref start, (nint)i) = 0;
        }
    }
}
