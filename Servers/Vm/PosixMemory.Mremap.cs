using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Servers.Vm
{
    public sealed partial class PosixMemory
    {
        // mremap (musl's realloc of a large block goes through it). The old range must lie in one
        // region. Shrinking takes the tail away, in place. Growing stays in place when the old
        // range ends its region and what follows is free; otherwise, with MREMAP_MAYMOVE, the
        // mapping moves where VM places it (or to new_address with MREMAP_FIXED, replacing what
        // was there), its pages moved by the kernel (VMMOVE) with their frames and copy-on-write
        // state, never copied; the grown part is demand-zero. MREMAP_DONTUNMAP moves the pages of
        // private anonymous memory and leaves the old range mapped and empty. Linux's errors:
        // EINVAL for unaligned addresses, unknown flags, MREMAP_FIXED or MREMAP_DONTUNMAP without
        // MREMAP_MAYMOVE, a zero new length, overlapping ranges, and old_size 0 (which duplicates
        // a shared mapping on Linux: not done); EFAULT when the old range is not one region's;
        // ENOMEM when it cannot grow in place and may not move, or there is no room.
        private long Mremap(int caller, ulong old, ulong oldLength, ulong newLength, long flags, ulong target)
        {
            const long Known = LinuxMemory.MremapMayMove | LinuxMemory.MremapFixed | LinuxMemory.MremapDontUnmap;
            bool mayMove = (flags & LinuxMemory.MremapMayMove) != 0, toFixed = (flags & LinuxMemory.MremapFixed) != 0;
            bool keepOld = (flags & LinuxMemory.MremapDontUnmap) != 0;
            if ((flags & ~Known) != 0 || (old & PageMask) != 0 || (toFixed || keepOld) && !mayMove) return -(long)LinuxErrno.EINVAL;
            ulong oldSize = PageUp(oldLength), newSize = PageUp(newLength);
            if (newSize == 0 || oldSize < oldLength || oldSize == 0 || keepOld && oldSize != newSize) return -(long)LinuxErrno.EINVAL;
            if (toFixed && ((target & PageMask) != 0 || target < old + oldSize && old < target + newSize || target > UserEnd - newSize))
                return -(long)LinuxErrno.EINVAL;

            int opened = regions.Open(caller, out int entry);
            if (opened != 0) return Failure(opened);
            int index = regions.IndexAt(entry, old);
            if (index < 0) return -(long)LinuxErrno.EFAULT;
            VmRegion region = regions.Regions(entry)[index];
            if (oldSize > region.End - old) return -(long)LinuxErrno.EFAULT;
            if (keepOld && (region.Flags & (VmRegionFlags.Shared | VmRegionFlags.File)) != 0) return -(long)LinuxErrno.EINVAL;
            // A device's memory ends where the device's does: it does not grow (Linux's EFAULT for VM_PFNMAP).
            if ((region.Flags & VmRegionFlags.Device) != 0 && newSize > oldSize) return -(long)LinuxErrno.EFAULT;

            if (!toFixed && !keepOld)
            {
                if (newSize <= oldSize) return Shrink(caller, entry, old, oldSize, newSize);
                if (old + oldSize == region.End && newSize - oldSize <= UserEnd - region.End && regions.IsFree(entry, region.End, old + newSize))
                {
                    VmRegion grown = region;
                    grown.Start = region.End;
                    grown.Length = old + newSize - region.End;
                    int added = regions.Insert(entry, in grown);
                    if (added == 0) added = regions.Save(entry);
                    return added == 0 ? (long)old : Discard(entry, added);
                }
                if (!mayMove) return -(long)LinuxErrno.ENOMEM;
            }
            return Move(caller, entry, in region, old, oldSize, newSize, toFixed, target, keepOld);
        }

        private long Shrink(int caller, int entry, ulong old, ulong oldSize, ulong newSize)
        {
            if (newSize == oldSize) return (long)old;
            int cleared = regions.Clear(entry, old + newSize, old + oldSize);
            if (cleared == 0) cleared = regions.Save(entry);
            if (cleared != 0) return Discard(entry, cleared);
            pages.Unmap(caller, old + newSize, oldSize - newSize);
            return (long)old;
        }

        // The move: the regions first (in VM's copy), then the pages, then the record saved, so
        // that a refusal of the kernel (no memory for a page table) leaves everything as it was.
        private long Move(int caller, int entry, in VmRegion region, ulong old, ulong oldSize, ulong newSize, bool toFixed, ulong target, bool keepOld)
        {
            if (toFixed)
            {
                int cleared = regions.Clear(entry, target, target + newSize);
                if (cleared != 0) return Discard(entry, cleared);
            }
            else if (!regions.TryPlace(entry, newSize, MinAddress, MmapTop, out target))
                return -(long)LinuxErrno.ENOMEM;
            if (!keepOld)
            {
                int cleared = regions.Clear(entry, old, old + oldSize);
                if (cleared != 0) return Discard(entry, cleared);
            }
            VmRegion moved = region;
            moved.Start = target;
            moved.Length = newSize;
            int inserted = regions.Insert(entry, in moved);
            if (inserted != 0) return Discard(entry, inserted);
            if (toFixed) pages.Unmap(caller, target, newSize);
            ulong kept = newSize < oldSize ? newSize : oldSize;
            int paged = pages.Move(caller, old, target, kept);
            if (paged != 0) return Discard(entry, paged == -(int)Errno.EINVAL ? -(int)Errno.EINVAL : -(int)Errno.ENOMEM);
            int saved = regions.Save(entry);
            if (saved != 0) return Discard(entry, saved);
            if (oldSize > newSize && !keepOld) pages.Unmap(caller, old + newSize, oldSize - newSize);
            return (long)target;
        }
    }
}
