using System.Runtime.CompilerServices;
using Lunix.Arch.X86.Memory;

namespace Lunix.Kernel.Memory
{
    public unsafe partial struct AddressSpace
    {
        private const ulong PhysicalLimit = 1UL << 52;

        // Maps [address, address + length) to [physical, physical + length): device memory, or
        // frames the caller owns (each managed frame gains a reference per page mapping it, so
        // the caller may drop its own). Each page is the largest of 1 GiB, 2 MiB and 4 KiB that
        // both addresses' alignment and the remaining length allow. No TLB work: x86 never
        // caches a translation that was not present. Every error leaves everything as it was:
        // Overlap, OutOfFrames (for a table), FrameNotAllocated (a free frame of RAM),
        // ReferenceOverflow, KernelTableMissing, and the argument errors.
        // One page, the common case, has a path of its own: fewer checks, nothing to undo, no
        // page size to choose, and a small stack frame.
        public PagingResult Map(ulong address, ulong physical, ulong length, PageAttributes attributes)
            => length == FrameSize ? MapPage(address, physical, attributes) : MapRange(address, physical, length, attributes);

        private PagingResult MapPage(ulong address, ulong physical, PageAttributes attributes)
        {
            if (_context == null) return PagingResult.NoAddressSpace;
            if (((address | physical) & (FrameSize - 1)) != 0) return PagingResult.Misaligned;
            // A canonical page never leaves its half.
            if (!VirtualRange.IsCanonical(address) || physical >= PhysicalLimit) return PagingResult.OutOfRange;
            if (!AreValid(attributes)) return PagingResult.InvalidAttributes;
            ulong leaf = PageTableEntry.Leaf(PageLevel.PageTable, physical, (ulong)attributes).Value;
            PagingResult result = _context.Walker.TakeReference(physical, out _);
            if (result != PagingResult.Ok) return result;
            result = _context.Walker.InstallSmallPage(_root, address, leaf);
            if (result != PagingResult.Ok) _context.Walker.Frames.Release(physical);
            return result;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private PagingResult MapRange(ulong address, ulong physical, ulong length, PageAttributes attributes)
        {
            if (_context == null) return PagingResult.NoAddressSpace;
            PagingResult result = VirtualRange.From(address, length, out VirtualRange range);
            if (result != PagingResult.Ok) return result;
            if ((physical & (FrameSize - 1)) != 0) return PagingResult.Misaligned;
            if (physical >= PhysicalLimit || length > PhysicalLimit - physical) return PagingResult.OutOfRange;
            if (!AreValid(attributes)) return PagingResult.InvalidAttributes;
            ref readonly PageTableWalker walker = ref _context.Walker;
            for (ulong cursor = range.Start; cursor < range.End;)
            {
                PageLevel level = LeafLevel(cursor | physical, range.End - cursor);
                ulong size = PageTableEntry.Coverage(level);
                result = walker.TakeReferences(physical, size, out _);
                if (result == PagingResult.Ok)
                {
                    result = walker.InstallLeaf(_root, cursor, level, PageTableEntry.Leaf(level, physical, (ulong)attributes).Value);
                    if (result != PagingResult.Ok) walker.ReleaseReferences(physical, size);
                }
                if (result != PagingResult.Ok)
                {
                    RemoveMapped(range.Start, cursor);
                    return result;
                }
                cursor += size;
                physical += size;
            }
            return PagingResult.Ok;
        }

        // Maps fresh zeroed frames, whose only reference is the mapping's: unmapping frees them.
        // Pages are as large as alignment and length allow, smaller where no physically
        // contiguous run is free. Errors leave everything as it was.
        public PagingResult MapAnonymous(ulong address, ulong length, PageAttributes attributes)
        {
            if (_context == null) return PagingResult.NoAddressSpace;
            PagingResult result = VirtualRange.From(address, length, out VirtualRange range);
            if (result != PagingResult.Ok) return result;
            if (!AreValid(attributes)) return PagingResult.InvalidAttributes;
            ref readonly PageTableWalker walker = ref _context.Walker;
            for (ulong cursor = range.Start; cursor < range.End;)
            {
                PageLevel level = LeafLevel(cursor, range.End - cursor);
                ulong frame;
                while (!TryAllocatePage(level, out frame))
                {
                    if (level == PageLevel.PageTable)
                    {
                        RemoveMapped(range.Start, cursor);
                        return PagingResult.OutOfFrames;
                    }
                    level--;
                }
                ulong size = PageTableEntry.Coverage(level);
                walker.Window.Zero(frame, size);
                result = walker.InstallLeaf(_root, cursor, level, PageTableEntry.Leaf(level, frame, (ulong)attributes).Value);
                if (result != PagingResult.Ok)
                {
                    walker.ReleaseReferences(frame, size);
                    RemoveMapped(range.Start, cursor);
                    return result;
                }
                cursor += size;
            }
            return PagingResult.Ok;
        }

        // The largest page that the alignment (of the addresses or'ed together) and the
        // remaining length allow.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private PageLevel LeafLevel(ulong alignment, ulong remaining)
        {
            const ulong Gigabyte = 1UL << 30, TwoMegabytes = 1UL << 21;
            if (_context.GigabytePages && (alignment & (Gigabyte - 1)) == 0 && remaining >= Gigabyte) return PageLevel.PageDirectoryPointerTable;
            if ((alignment & (TwoMegabytes - 1)) == 0 && remaining >= TwoMegabytes) return PageLevel.PageDirectory;
            return PageLevel.PageTable;
        }

        private bool TryAllocatePage(PageLevel level, out ulong frame)
        {
            FrameAllocator frames = _context.Walker.Frames;
            if (level == PageLevel.PageTable) return frames.TryAllocate(FrameZone.Any, out frame);
            ulong size = PageTableEntry.Coverage(level);
            return frames.TryAllocateContiguous(size / FrameSize, size, FrameZone.Any, out frame);
        }

        // Undoes the part of a failed map done so far: pages it made whole, so nothing needs a split.
        [SkipLocalsInit]
        private void RemoveMapped(ulong start, ulong end)
        {
            if (end == start) return;
            Unsafe.SkipInit(out TlbBatch tlb);
            tlb.Begin();
            RemoveLeaves(new VirtualRange(start, end), ref tlb);
            Finish(ref tlb);
        }
    }
}
