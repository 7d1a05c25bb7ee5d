using System;
using System.Runtime;

namespace Internal.Runtime
{
    // The allocation helpers ILC's code calls for `new`.
    internal static unsafe class Allocation
    {
        [RuntimeExport("RhpNewFast")]
        private static object RhpNewFast(MethodTable* type) => Heap.AllocateObject(type, type->BaseSize);

        [RuntimeExport("RhpNewFinalizable")]
        private static object RhpNewFinalizable(MethodTable* type) => Heap.AllocateObject(type, type->BaseSize);

        [RuntimeExport("RhpNewArray")]
        internal static object RhpNewArray(MethodTable* type, int length)
        {
            if (length < 0) ThrowOverflow();
            ulong size = type->BaseSize + (ulong)(uint)length * type->ComponentSize;
            if (size > int.MaxValue) ThrowOverflow();
            object array = Heap.AllocateObject(type, (nuint)size);
            // The length follows the MethodTable pointer.
            *(int*)((byte*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref array.GetRawData())) = length;
            return array;
        }

        [RuntimeExport("RhpNewArrayFast")]
        private static object RhpNewArrayFast(MethodTable* type, int length) => RhpNewArray(type, length);

        [RuntimeExport("RhpNewPtrArrayFast")]
        private static object RhpNewPtrArrayFast(MethodTable* type, int length) => RhpNewArray(type, length);

        [RuntimeExport("RhpNewObject")]
        private static object RhpNewObject(MethodTable* type) => Heap.AllocateObject(type, type->BaseSize);

        private static void ThrowOverflow() => throw new OverflowException();
    }
}

namespace System.Runtime
{
    // Boxing and unboxing helpers ILC calls by name.
    internal static unsafe class RuntimeExports
    {
        [RuntimeExport("RhBox")]
        public static object RhBox(Internal.Runtime.MethodTable* type, ref byte data)
        {
            object box = Internal.Runtime.Heap.AllocateObject(type, type->BaseSize);
            uint valueSize = type->BaseSize - (uint)sizeof(nint) * 2;
            Buffer.Memmove(ref box.GetRawData(), ref data, valueSize);
            return box;
        }

        [RuntimeExport("RhUnboxAny")]
        public static void RhUnboxAny(object box, ref byte data, Internal.Runtime.MethodTable* type)
        {
            if (box == null || box.GetMethodTable() != type) throw new InvalidCastException();
            Buffer.Memmove(ref data, ref box.GetRawData(), type->BaseSize - (uint)sizeof(nint) * 2);
        }

        [RuntimeExport("RhUnbox2")]
        public static ref byte RhUnbox2(Internal.Runtime.MethodTable* type, object box)
        {
            if (box == null || box.GetMethodTable() != type) throw new InvalidCastException();
            return ref box.GetRawData();
        }
    }

    internal static unsafe class RuntimeImports
    {
        internal static object NewArray(Internal.Runtime.MethodTable* type, int length)
            => Internal.Runtime.Allocation.RhpNewArray(type, length);
    }
}
