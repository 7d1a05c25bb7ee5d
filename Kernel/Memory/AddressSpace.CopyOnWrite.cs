using System.Runtime.CompilerServices;
using Lunix.Arch.X86.Memory;

namespace Lunix.Kernel.Memory
{
    public unsafe partial struct AddressSpace
    {
        // Resolves a write fault on a copy-on-write page: when this space holds the frame's only
        // reference the page just becomes writable again, otherwise it gets a private copy of
        // the frame. A huge page is split (down to 4 KiB) and only the page holding address is
        // resolved. NotCopyOnWrite: address is not mapped copy-on-write, or maps memory that is
        // not RAM, so the fault is genuine. OutOfFrames leaves the mapping as before, at most
        // finer-grained.
        [SkipLocalsInit]
        public PagingResult ResolveCopyOnWrite(ulong address)
        {
            if (_context == null) return PagingResult.NoAddressSpace;
            if (!VirtualRange.IsCanonical(address)) return PagingResult.NotCopyOnWrite;
            ref readonly PageTableWalker walker = ref _context.Walker;
            walker.Walk(_root, address, out PageWalk walk);
            if (!IsResolvable(walk.Entry)) return PagingResult.NotCopyOnWrite;
            Unsafe.SkipInit(out TlbBatch tlb);
            tlb.Begin();
            PagingResult result = PagingResult.Ok;
            while (walk.Entry.IsHuge && result == PagingResult.Ok)
            {
                result = walker.Split(in walk, ref tlb);
                walker.Walk(_root, address, out walk);
            }
            if (result == PagingResult.Ok) result = IsResolvable(walk.Entry) ? TakeOrCopy(in walk, ref tlb) : PagingResult.NotCopyOnWrite;
            Finish(ref tlb);
            return result;
        }

        private bool IsResolvable(PageTableEntry entry)
            => entry.IsPresent && entry.IsCopyOnWrite && _context.Walker.Frames.IsManaged(entry.PhysicalAddress);

        // The 4 KiB copy-on-write page walk stopped at becomes writable, on a frame of its own.
        private PagingResult TakeOrCopy(in PageWalk walk, ref TlbBatch tlb)
        {
            ref readonly PageTableWalker walker = ref _context.Walker;
            ulong frame = walk.Entry.PhysicalAddress;
            if (walker.Frames.ReferenceCount(frame) != 1)
            {
                if (!walker.Frames.TryAllocate(FrameZone.Any, out ulong copy)) return PagingResult.OutOfFrames;
                walker.Window.Copy(copy, frame, FrameSize);
                walker.Frames.Release(frame);
                frame = copy;
            }
            ulong flags = walk.Entry.Value & ~PageTableEntry.AddressMask & ~PageTableEntry.CopyOnWrite;
            *walk.Slot = frame | flags | PageTableEntry.Writable;
            tlb.Add(VirtualRange.Canonical(walk.Address), walk.Entry.IsGlobal);
            return PagingResult.Ok;
        }
    }
}
