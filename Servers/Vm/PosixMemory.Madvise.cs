using System;
using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Servers.Vm
{
    public sealed partial class PosixMemory
    {
        // madvise. MADV_DONTNEED (and MADV_FREE, which may do the same) takes the pages of
        // private anonymous memory away, so they read zero at their next touch; shared memory
        // keeps its bytes, as Linux's shared memory object does. Private pages that came from a
        // file (a program's segment, a file mapping) are kept as they are: Linux would read the
        // file again, which VM cannot once the descriptor is gone (not done). MADV_DONTFORK and
        // MADV_WIPEONFORK (and their undoing) mark the regions for fork (Vm.Fork). The other
        // advice Linux knows are hints, taken and done nothing with. Linux's errors: EINVAL for
        // an unaligned address, unknown advice, MADV_REMOVE (shared memory is not punched; on
        // private memory Linux refuses it too) or hardware poisoning, MADV_FREE and
        // MADV_WIPEONFORK on memory that is not private and anonymous; ENOMEM for a hole.
        private long Madvise(int caller, ulong address, ulong length, long advice)
        {
            if ((address & PageMask) != 0 || !IsAdvice(advice)) return -(long)LinuxErrno.EINVAL;
            ulong end = address + PageUp(length);
            if (end < address || PageUp(length) < length) return -(long)LinuxErrno.EINVAL;
            if (end == address) return 0;
            long covered = Covered(caller, address, end, out int entry);
            if (covered != 0) return covered;
            switch (advice)
            {
                case LinuxMemory.MadvDontNeed:
                case LinuxMemory.MadvDontNeedLocked:
                case LinuxMemory.MadvFree:
                    return DropPrivate(caller, entry, address, end, refuseOthers: advice == LinuxMemory.MadvFree);
                case LinuxMemory.MadvDontFork:
                    return Marked(entry, address, end, VmRegionFlags.DontFork, VmRegionFlags.None);
                case LinuxMemory.MadvDoFork:
                    return Marked(entry, address, end, VmRegionFlags.None, VmRegionFlags.DontFork);
                case LinuxMemory.MadvWipeOnFork:
                    if (!AllPrivateAnonymous(entry, address, end)) return -(long)LinuxErrno.EINVAL;
                    return Marked(entry, address, end, VmRegionFlags.WipeOnFork, VmRegionFlags.None);
                case LinuxMemory.MadvKeepOnFork:
                    return Marked(entry, address, end, VmRegionFlags.None, VmRegionFlags.WipeOnFork);
                default:
                    return 0;
            }
        }

        private static bool IsAdvice(long advice) =>
            advice >= LinuxMemory.MadvNormal && advice <= LinuxMemory.MadvDontNeed
            || advice >= LinuxMemory.MadvFree && advice <= LinuxMemory.MadvCollapse && advice != LinuxMemory.MadvRemove;

        // The pages of the private anonymous regions in [start, end) go; with refuseOthers
        // (MADV_FREE) a range holding any other kind is EINVAL, before anything changes.
        private long DropPrivate(int caller, int entry, ulong start, ulong end, bool refuseOthers)
        {
            if (refuseOthers && !AllPrivateAnonymous(entry, start, end)) return -(long)LinuxErrno.EINVAL;
            ReadOnlySpan<VmRegion> list = regions.Regions(entry);
            for (int i = regions.FirstAfter(entry, start); i < list.Length && list[i].Start < end; i++)
            {
                if ((list[i].Flags & (VmRegionFlags.Shared | VmRegionFlags.File)) != 0) continue;
                ulong from = Math.Max(start, list[i].Start), to = Math.Min(end, list[i].End);
                pages.Unmap(caller, from, to - from);
            }
            return 0;
        }

        private bool AllPrivateAnonymous(int entry, ulong start, ulong end)
        {
            ReadOnlySpan<VmRegion> list = regions.Regions(entry);
            for (int i = regions.FirstAfter(entry, start); i < list.Length && list[i].Start < end; i++)
                if ((list[i].Flags & (VmRegionFlags.Shared | VmRegionFlags.File)) != 0) return false;
            return true;
        }

        private long Marked(int entry, ulong start, ulong end, VmRegionFlags set, VmRegionFlags clear)
        {
            int marked = regions.Mark(entry, start, end, set, clear);
            if (marked == 0) marked = regions.Save(entry);
            return marked == 0 ? 0 : Discard(entry, marked);
        }
    }
}
