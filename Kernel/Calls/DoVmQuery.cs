using System;
using Lunix.Abi;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // VMQUERY: which pages of [address, address + length) of a process are there (mincore), a
    // byte per page into the caller's buffer at a3: 1 for a mapped page, 0 for none. At most
    // MaxPages pages a call. EINVAL for a bad range, EFAULT for a buffer the caller cannot write.
    internal static class DoVmQuery
    {
        public const int MaxPages = 4096;
        private const int Chunk = 256;

        public static long Run(int caller, long endpoint, ulong address, ulong length, ulong buffer)
        {
            Errno error = VmTarget.Resolve(endpoint, out int slot);
            if (error != Errno.Ok) return -(long)error;
            if (!VmTarget.IsUserRange(address, length) || length / VmRequests.PageSize > MaxPages) return -(long)Errno.EINVAL;
            ref AddressSpace space = ref ProcessTable.Slot(slot).Space;
            Span<byte> present = stackalloc byte[Chunk];
            ulong pages = length / VmRequests.PageSize;
            for (ulong first = 0; first < pages; first += Chunk)
            {
                int count = (int)Math.Min((ulong)Chunk, pages - first);
                for (int i = 0; i < count; i++)
                    present[i] = space.Query(address + (first + (ulong)i) * VmRequests.PageSize, out _) ? (byte)1 : (byte)0;
                long copied = VmSuspension.CopyOut(caller, new UserSlice<Writable>(buffer + first, (ulong)count), present.Slice(0, count));
                if (copied != 0) return copied;
            }
            return 0;
        }
    }
}
