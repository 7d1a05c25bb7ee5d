using System;
using System.Runtime;

namespace Internal.Runtime
{
    // The object heap: a bump allocator over the regions handed to it (a small one in the image at
    // start-up, then RAM from the memory map). Lunix has no garbage collector; kernel objects live
    // for the life of the system. Running out is fatal.
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

        private static ulong s_retiredCapacity, s_retiredUsed;

        // Moves allocation to a new region; what is left of the current one is abandoned.
        public static void AddRegion(byte* start, nuint size)
        {
            s_retiredCapacity += (ulong)(s_end - s_start);
            s_retiredUsed += (ulong)(s_next - s_start);
            Initialize(start, size);
        }

        public static ulong Capacity => s_retiredCapacity + (ulong)(s_end - s_start);
        public static ulong Used => s_retiredUsed + (ulong)(s_next - s_start);

        internal static object AllocateObject(MethodTable* type, nuint size)
        {
            size = (size + 7) & ~(nuint)7;
            byte* result = s_next;
            if (result == null || (nuint)(s_end - result) < size)
                RuntimeFailure.Fail(FailureKind.HeapExhausted, null, size);
            s_next = result + size;
            // ILC's code expects new objects to be zeroed; regions are not zeroed in advance.
            SpanHelpers.ClearWithoutReferences(ref *result, size);
            *(MethodTable**)result = type;
            return System.Runtime.CompilerServices.Unsafe.AsRef<object>(&result);
        }
    }
}
