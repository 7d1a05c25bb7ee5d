using System.Runtime.InteropServices;

namespace Lunix.Abi
{
    // The VM server's protocol (Servers/Vm; MINIX's VM requests). Two messages come from the
    // kernel on a process's behalf: its Source is the process, which is blocked until VM answers
    // with the VmResolve kernel call (a process that forges one is refused there, since it is
    // not waiting for VM). The others are requests by SENDREC (client side:
    // Libs/SystemLibrary/VirtualMemory.cs); the reply's type is the request's + 1, a VmReply.
    public static class VmRequests
    {
        // A ring-3 page fault (MINIX's VM_PAGEFAULT), a VmPageFault.
        public const int PageFault = 0x0900;
        // Memory not there yet (MINIX's VMSUSPEND), a VmMemoryRequest: a kernel call or IPC trap
        // touched it (a SAFECOPY, a message copied in, a RECEIVE's buffer), or a message delivered
        // to the process is to be written there. Once VM has backed it (Retry) the call starts
        // again or the message is written; a refusal (Fail) is EFAULT for the call, or for the
        // receive whose message is then lost.
        public const int MemoryRequest = 0x0901;

        // Anonymous demand-zero memory (mmap), a VmMapRequest; reply Address = where VM put it in
        // the caller's space. Pages appear at their first touch.
        public const int Map = 0x0902;
        // munmap, a VmUnmapRequest, of the caller's own regions.
        public const int Unmap = 0x0904;
        // map_memory, a VmMapMemoryRequest: a range of a region of the caller's own, mapped into
        // another process; reply Address = where it is there.
        public const int MapMemory = 0x0906;
        // unmap_memory, a VmUnmapMemoryRequest: remove a region from a process, which must be the
        // caller or have been given it by the caller's map_memory.
        public const int UnmapMemory = 0x0908;
        // Counters since VM started, no payload: reply Statistics.
        public const int Statistics = 0x090A;
        // fork (MINIX's fork through PM and VM_FORK), no payload: a copy of the caller in a new
        // process, with a copy-on-write copy of its memory and a copy of its regions, which
        // returns from this same SENDREC: reply Result = the child's endpoint to the caller, 0 to
        // the child.
        public const int Fork = 0x090C;
        // PM's fork of a POSIX process (MINIX's VM_FORK), a VmForkProcess: the process, which
        // waits for PM's reply to its fork, is copied by the kernel (FORK) with copy-on-write
        // memory into a new process that waits for PM's reply too, and gets a copy of the
        // process's regions. Only PM may ask. Reply Result = the child's endpoint, or a negated
        // Errno (EAGAIN: no free slot; ENOMEM).
        public const int ForkProcess = 0x0920;
        // The /proc server's /proc/PID/maps, a VmRegionsRequest: the process's regions (VmRegion,
        // sorted by Start) written to the caller's grant, at most Count of them. Only ProcFs may
        // ask. Reply Result = the regions written, or a negated Errno (ENOENT: VM knows no such
        // process; EFAULT: the grant).
        public const int Regions = 0x0922;
        // Device memory (MINIX's vm_map_phys), a VmMapPhysicalRequest: the physical range, which
        // must lie in the caller's memory ranges (its privileges), mapped into the caller; reply
        // Address. EPERM outside them or over RAM. The region is a Device one: VM never backs it.
        public const int MapPhysical = 0x0924;
        // DMA memory (MINIX's alloc_contig), a VmMapContiguousRequest: physically contiguous,
        // zeroed frames below 4 GiB mapped into the caller; reply Address and Physical. ENOMEM
        // when no run that long is free; at most 4 MiB a request.
        public const int MapContiguous = 0x0926;

        public const ulong PageSize = 4096;
        // VMREGIONS's record of one process's regions: a VmRecordHeader, then up to
        // RegionsPerProcess VmRegions (VmRecordHeader.Count of them).
        public const int RegionsPerProcess = 64;
        public const int RegionRecordBytes = VmRecordHeader.Size + RegionsPerProcess * VmRegion.Size;
    }

    // VMREGIONS's a1.
    public enum VmRegionsOp
    {
        Save = 0,
        Load = 1,
    }

    // What a region allows, and what VM asks of the kernel for its pages. Readable unless
    // NoAccess. Never both Writable and Executable (W^X: the kernel refuses the pair), and
    // NoAccess goes alone (PROT_NONE: the page stays, kept from ring 3). Shared is not an access
    // but a kind of page: a fork keeps it shared (never copy-on-write) and its protection changes
    // apply to the frame as it is (MAP_SHARED).
    [System.Flags]
    public enum VmProtection
    {
        Read = 0,
        Writable = 1,
        Executable = 2,
        NoAccess = 4,
        Shared = 8,
    }

    // The kinds of region a VmRegion records (what VM does beyond its protection).
    [System.Flags]
    public enum VmRegionFlags
    {
        None = 0,
        Shared = 1,             // MAP_SHARED: its pages are VmProtection.Shared, backed before a fork
        File = 2,               // its bytes came from a file (a program's segment, a file mmap): MADV_DONTNEED keeps them
        DontFork = 4,           // MADV_DONTFORK: a fork's child does not get it
        WipeOnFork = 8,         // MADV_WIPEONFORK: a fork's child gets it empty (demand-zero)
        Device = 16,            // device or DMA memory (MapPhysical, MapContiguous): mapped whole at once, never backed by VM
    }

    // The header of a VMREGIONS record. VM writes records; EXEC writes a new program's first
    // one (its segments and its stack, Count regions, and HeapStart = Break = the page after
    // its highest segment), so that VM finds a program's layout however it learns of it.
    [StructLayout(LayoutKind.Sequential, Size = Size)]
    public struct VmRecordHeader
    {
        public const int Size = 32;
        public ulong NextFree;          // VM's placement of its own clients' regions (0: at the start of its area)
        public ulong HeapStart;         // a POSIX program's brk area starts here (0: a program with no heap)
        public ulong Break;             // and its break is here (brk)
        public int Count;               // regions that follow, sorted by Start, none overlapping
    }

    // One region of a process's address space, as VMREGIONS records it.
    [StructLayout(LayoutKind.Sequential, Size = Size)]
    public struct VmRegion
    {
        public const int Size = 32;
        public ulong Start;
        public ulong Length;
        public VmProtection Protection;
        public VmRegionFlags Flags;
        public int Giver;               // the endpoint whose map_memory made it, or Endpoint.None

        public readonly ulong End => Start + Length;
        public readonly bool Contains(ulong address) => address - Start < Length;
    }

    public enum VmShareMode
    {
        Shared = 0,             // both map the same frames: writes are seen by both
        CopyOnWrite = 1,        // both read-only until the first write, which copies the page
    }

    // VmResolve's a2.
    public enum VmAction
    {
        MapZero = 0,            // map a zeroed frame at the page (already mapped: nothing to do), then resume
        CopyOnWrite = 1,        // give the page a frame of its own (or take back the only one), then resume
        Retry = 2,              // resume: what was missing is there now
        Fail = 3,               // the access is not allowed: SIGSEGV for a fault, EFAULT for a kernel call
        // As Fail, for an address inside a region whose rights refuse the access: a fault's
        // error code gets its protection bit (VmFaultCode.Present), so its SIGSEGV says
        // SEGV_ACCERR, as Linux's does where a mapping exists, even for a page never touched.
        Refuse = 4,
    }

    // The x86 page-fault error code bits VM reads.
    public static class VmFaultCode
    {
        public const long Present = 1;          // a protection violation, not a missing page
        public const long Write = 2;
        public const long Execute = 16;
    }

    // VmShare's request, in VM's memory.
    [StructLayout(LayoutKind.Sequential)]
    public struct VmShareRequest
    {
        public const int Size = 40;
        public int SourceEndpoint;
        public int TargetEndpoint;
        public ulong SourceAddress;
        public ulong TargetAddress;
        public ulong Length;
        public VmShareMode Mode;
        public VmProtection Protection;         // of the target's mapping (Shared); the source's stays
    }

    public struct VmForkProcess : IMessagePayload
    {
        public int Process;
    }

    public struct VmRegionsRequest : IMessagePayload
    {
        public int Process;
        public int Grant;                   // the caller's, writable, of Count * VmRegion.Size bytes
        public int Count;
    }

    public struct VmPageFault : IMessagePayload
    {
        public ulong Address;
        public long ErrorCode;          // the x86 error code (VmFaultCode bits)
        public ulong Space;             // the identity of the process's address space (VMREGIONS)
    }

    public struct VmMemoryRequest : IMessagePayload
    {
        public ulong Page;
        public int Owner;               // whose memory it is: the process's own or, for SAFECOPY, the grant owner's
        public bool Write;
        public ulong OwnerSpace;        // the identity of the owner's address space
        // Bytes from Page the call goes on to copy (at least a page): VM backs the absent pages of
        // as much of it as its region holds, so that a copy into untouched memory waits for VM
        // once, not once a page (each wait starts the call again from its first byte).
        public ulong Length;
    }

    public struct VmMapRequest : IMessagePayload
    {
        public ulong Length;
        public VmProtection Protection;
    }

    public struct VmMapPhysicalRequest : IMessagePayload
    {
        public ulong Physical;          // page-aligned
        public ulong Length;            // whole pages
        public PhysicalCaching Caching;
    }

    public struct VmMapContiguousRequest : IMessagePayload
    {
        public ulong Length;            // whole pages
    }

    public struct VmUnmapRequest : IMessagePayload
    {
        public ulong Address;
        public ulong Length;
    }

    public struct VmMapMemoryRequest : IMessagePayload
    {
        public int Target;              // the process it is mapped into
        public VmShareMode Mode;
        public ulong Address;           // the caller's range [Address, Address + Length)
        public ulong Length;
        public bool SameAddress;        // at Address in the target too (EEXIST where that is taken), else where VM chooses
    }

    public struct VmUnmapMemoryRequest : IMessagePayload
    {
        public int Process;             // whose region it is
        public ulong Address;
        public ulong Length;
    }

    // VM's answer to every request.
    public struct VmReply : IMessagePayload
    {
        public long Result;             // 0 or a negated Errno; Fork: the child's endpoint, or 0 in the child
        public ulong Address;           // Map, MapMemory, MapPhysical, MapContiguous
        public ulong Physical;          // MapContiguous: the first frame's physical address
        public VmStatistics Statistics; // Statistics
    }

    // VM's counters, since it started.
    public struct VmStatistics
    {
        public long DemandZeroFaults;
        public long CopyOnWriteFaults;
        public long Segfaults;          // faults reported as SIGSEGV
        public long MemoryRequests;     // of suspended calls
    }
}
