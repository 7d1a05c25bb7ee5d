using System;
using Lunix.Arch.X86.Memory;
using Lunix.Kernel.Memory;

namespace Lunix.Kernel.Process
{
    // Another process's memory, reached through its page tables and the direct map rather than
    // by loading its address space: delivering a message to a blocked receiver, or reading a
    // SENDA table, happens while some other process's tables are loaded. Only user pages count;
    // a write to a copy-on-write page resolves it first. Returns false on any unmapped page.
    public static unsafe class ProcessMemory
    {
        private const ulong PageSize = FrameAllocator.FrameSize;

        public static bool Read(int slot, ulong address, Span<byte> destination)
        {
            ref AddressSpace space = ref ProcessTable.Slot(slot).Space;
            for (int done = 0; done < destination.Length;)
            {
                ulong at = address + (ulong)done;
                if (at >= UserAccess.UserLimit || !space.Query(at, out PageMapping mapping) || (mapping.Attributes & PageAttributes.User) == 0)
                    return false;
                int chunk = (int)Math.Min((ulong)(destination.Length - done), PageSize - (at & (PageSize - 1)));
                new ReadOnlySpan<byte>(KernelAddressSpace.Context.Window.Bytes(mapping.Translate(at)), chunk).CopyTo(destination.Slice(done));
                done += chunk;
            }
            return true;
        }

        public static bool Write(int slot, ulong address, ReadOnlySpan<byte> source)
        {
            ref AddressSpace space = ref ProcessTable.Slot(slot).Space;
            for (int done = 0; done < source.Length;)
            {
                ulong at = address + (ulong)done;
                if (at >= UserAccess.UserLimit || !space.Query(at, out PageMapping mapping) || (mapping.Attributes & PageAttributes.User) == 0)
                    return false;
                if ((mapping.Attributes & PageAttributes.Writable) == 0)
                {
                    if (space.ResolveCopyOnWrite(at) != PagingResult.Ok || !space.Query(at, out mapping)) return false;
                }
                int chunk = (int)Math.Min((ulong)(source.Length - done), PageSize - (at & (PageSize - 1)));
                source.Slice(done, chunk).CopyTo(new Span<byte>(KernelAddressSpace.Context.Window.Bytes(mapping.Translate(at)), chunk));
                done += chunk;
            }
            return true;
        }
    }
}
