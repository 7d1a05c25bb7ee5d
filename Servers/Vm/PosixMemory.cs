using System;
using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Servers.Vm
{
    // The memory calls of POSIX processes (brk, mmap, munmap, mprotect, madvise, mremap, msync,
    // mincore), as Linux answers them, on the regions RegionTable keeps: each call changes the
    // process's regions, saves them (the kernel's record), then changes its pages (IPageTables).
    // Pages appear at their first touch (Vm.PageFault), so mapping costs nothing per page.
    // One file per call where it is more than a few lines (PosixMemory.*.cs). Results are a
    // value or a negated Linux errno; Deferred when the answer comes later (a file mapping,
    // whose bytes VFS reads: FileMappings).
    //
    // The layout, Linux's: the program's segments and the stack's reserve come from EXEC's
    // record; brk's area starts after the highest segment; mmap places from MmapTop, below the
    // stack's reserve and a gap, downwards. Lunix never maps a page both writable and executable
    // (W^X): PROT_WRITE|PROT_EXEC is EACCES, as Linux answers when its policy (SELinux's execmem,
    // PaX) refuses the pair; PROT_EXEC alone, on anonymous memory too, is executable and
    // readable, so a JIT's write-then-mprotect(PROT_READ|PROT_EXEC) works.
    public sealed partial class PosixMemory
    {
        public const long Deferred = long.MinValue;
        public const ulong PageSize = VmRequests.PageSize;
        private const ulong PageMask = PageSize - 1;
        // Linux's TASK_SIZE: the user half less its last page.
        public const ulong UserEnd = ExecLayout.StackTop;
        // Linux's default mmap_min_addr: nothing is placed, or mapped at a fixed address, below.
        public const ulong MinAddress = 0x10000;
        // Linux's stack_guard_gap: what stays free between the stack's reserve and the mappings.
        public const ulong StackGap = 256 * PageSize;
        public const ulong MmapTop = ExecLayout.StackTop - ExecLayout.StackReserve - StackGap;

        private readonly RegionTable regions;
        private readonly IPageTables pages;
        private readonly FileMappings files;

        public PosixMemory(RegionTable regions, IPageTables pages, FileMappings files)
        {
            this.regions = regions;
            this.pages = pages;
            this.files = files;
        }

        public long Handle(int caller, in PosixCall call)
        {
            switch (call.Number)
            {
                case LinuxCalls.Brk: return Brk(caller, (ulong)call.A0);
                case LinuxCalls.Mmap: return Mmap(caller, (ulong)call.A0, (ulong)call.A1, call.A2, call.A3, (int)call.A4, (ulong)call.A5);
                case LinuxCalls.Munmap: return Munmap(caller, (ulong)call.A0, (ulong)call.A1);
                case LinuxCalls.Mprotect: return Mprotect(caller, (ulong)call.A0, (ulong)call.A1, call.A2);
                case LinuxCalls.Madvise: return Madvise(caller, (ulong)call.A0, (ulong)call.A1, call.A2);
                case LinuxCalls.Mremap: return Mremap(caller, (ulong)call.A0, (ulong)call.A1, (ulong)call.A2, call.A3, (ulong)call.A4);
                case LinuxCalls.Msync: return Msync(caller, (ulong)call.A0, (ulong)call.A1, call.A2);
                case LinuxCalls.Mincore: return Mincore(caller, (ulong)call.A0, (ulong)call.A1, (ulong)call.A2);
                default: return -(long)LinuxErrno.ENOSYS;
            }
        }

        // munmap: whatever lies in the range goes (holes are fine, regions straddling an end are
        // cut). EINVAL for an unaligned address, an empty range or one leaving user space;
        // ENOMEM when cutting a region in two finds the table full.
        private long Munmap(int caller, ulong address, ulong length)
        {
            ulong end = address + PageUp(length);
            if ((address & PageMask) != 0 || length == 0 || end <= address || end > UserEnd) return -(long)LinuxErrno.EINVAL;
            int opened = regions.Open(caller, out int entry);
            if (opened != 0) return Failure(opened);
            int cleared = regions.Clear(entry, address, end);
            if (cleared == 0) cleared = regions.Save(entry);
            if (cleared != 0) return Discard(entry, cleared);
            pages.Unmap(caller, address, end - address);
            return 0;
        }

        // msync: nothing to write back, since no mapping is backed by a file (shared file
        // mappings are not done: mmap refuses them), but the arguments are checked as Linux does.
        private long Msync(int caller, ulong address, ulong length, long flags)
        {
            const long Known = LinuxMemory.MsAsync | LinuxMemory.MsInvalidate | LinuxMemory.MsSync;
            if ((address & PageMask) != 0 || (flags & ~Known) != 0
                || (flags & (LinuxMemory.MsAsync | LinuxMemory.MsSync)) == (LinuxMemory.MsAsync | LinuxMemory.MsSync))
                return -(long)LinuxErrno.EINVAL;
            ulong end = address + PageUp(length);
            if (end < address || PageUp(length) < length) return -(long)LinuxErrno.ENOMEM;
            if (end == address) return 0;
            return Covered(caller, address, end, out _);
        }

        // 0 with the opened process when regions cover [start, end) whole; ENOMEM for a hole or
        // a range past user space, as Linux says of memory that is not mapped.
        private long Covered(int caller, ulong start, ulong end, out int entry)
        {
            int opened = regions.Open(caller, out entry);
            if (opened != 0) return Failure(opened);
            return end <= UserEnd && regions.IsCovered(entry, start, end) ? 0 : -(long)LinuxErrno.ENOMEM;
        }

        // Linux's PROT_* as a region's rights: EACCES for writable and executable together (W^X).
        private static long ProtectionOf(long prot, out VmProtection protection)
        {
            protection = VmProtection.Read;
            bool write = (prot & LinuxMemory.ProtWrite) != 0, execute = (prot & LinuxMemory.ProtExec) != 0;
            if (write && execute) return -(long)LinuxErrno.EACCES;
            if (write) protection = VmProtection.Writable;
            else if (execute) protection = VmProtection.Executable;
            else if ((prot & LinuxMemory.ProtRead) == 0) protection = VmProtection.NoAccess;
            return 0;
        }

        // Bytes into the process's memory, whose pages VM backs first where its regions allow a
        // write (VM's own copies cannot wait for VM, as another server's do): EFAULT otherwise.
        private long CopyOut(int caller, ulong address, ReadOnlySpan<byte> bytes)
        {
            if (pages.CopyTo(caller, address, bytes) == 0) return 0;
            ulong end = address + (ulong)bytes.Length;
            if (end < address || end > UserEnd || regions.Open(caller, out int entry) != 0) return -(long)LinuxErrno.EFAULT;
            for (ulong page = address & ~PageMask; page < end; page += PageSize)
            {
                int index = regions.IndexAt(entry, page);
                if (index < 0) return -(long)LinuxErrno.EFAULT;
                VmRegion region = regions.Regions(entry)[index];
                if ((region.Protection & VmProtection.Writable) == 0 || pages.Back(caller, page, PageSize, RegionTable.PageRights(in region)) != 0)
                    return -(long)LinuxErrno.EFAULT;
            }
            return pages.CopyTo(caller, address, bytes) == 0 ? 0 : -(long)LinuxErrno.EFAULT;
        }

        // A change of the copy that could not be saved (or not be made whole) is dropped: the
        // next Open reloads the kernel's record, which still has the process as it was.
        private long Discard(int entry, int error)
        {
            regions.Forget(entry);
            return Failure(error);
        }

        // Lunix's errors from the table as Linux's: the first numbers agree (ENOMEM, EINVAL,
        // EEXIST); a process that died meanwhile gets nothing anyway.
        private static long Failure(int error) => error == -(int)Errno.EDEADSRCDST ? -(long)LinuxErrno.ESRCH : error;

        private static ulong PageUp(ulong length) => (length + PageMask) & ~PageMask;
    }
}
