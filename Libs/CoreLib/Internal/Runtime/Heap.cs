using System;
using System.Runtime;

namespace Internal.Runtime
{
    // The object heap: a bump allocator over one region handed over at start-up. Lunix has no
    // garbage collector; kernel objects live for the life of the system. Running out is fatal.
    public static unsafe class Heap
    {
        private static byte* s_next;
        private static byte* s_end;
        private static byte* s_start;

        public static void Initialize(byte* start, nuint size)
        {
            s_start = start;
            s_next = start;
            s_end = start + size;
        }

        public static ulong Capacity => (ulong)(s_end - s_start);
        public static ulong Used => (ulong)(s_next - s_start);

        internal static object AllocateObject(MethodTable* type, nuint size)
        {
            size = (size + 7) & ~(nuint)7;
            byte* result = s_next;
            if (result == null || (nuint)(s_end - result) < size)
                RuntimeFailure.Fail(FailureKind.HeapExhausted, null, size);
            s_next = result + size;
            // Memory past s_next is zero: the region comes zeroed and is never reused.
            *(MethodTable**)result = type;
            return System.Runtime.CompilerServices.Unsafe.AsRef<object>(&result);
        }
    }
}
