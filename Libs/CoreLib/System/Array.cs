using System.Runtime.CompilerServices;

namespace System
{
    // One-dimensional arrays. The length sits right after the MethodTable pointer, padded to 8 bytes.
    public abstract unsafe class Array
    {
        private int _numComponents;
        private int _padding;

        public int Length => _numComponents;

        internal ref byte GetRawArrayData() => ref Unsafe.As<RawArrayData>(this).Data;

        public static void Copy(Array source, Array destination, int length)
        {
            if (length > source.Length || length > destination.Length) throw new ArgumentException();
            nuint size = (nuint)source.m_pMethodTable->ComponentSize;
            Buffer.Memmove(ref destination.GetRawArrayData(), ref source.GetRawArrayData(), (nuint)length * size);
        }

        public static void Resize<T>(ref T[] array, int newSize)
        {
            T[] resized = new T[newSize];
            if (array != null)
                Copy(array, resized, array.Length < newSize ? array.Length : newSize);
            array = resized;
        }

        public static T[] Empty<T>() => EmptyArray<T>.Value;

        private static class EmptyArray<T>
        {
            internal static readonly T[] Value = new T[0];
        }
    }

    internal sealed class RawArrayData
    {
        public int Length;
        public int Padding;
        public byte Data;
    }

    // ILC's generic base for T[]: the interfaces a single-dimension array implements would go here.
    public class Array<T> : Array { }
}
