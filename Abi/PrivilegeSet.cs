namespace Lunix.Abi
{
    // What a process may do, as its program's manifest entry declares it (MINIX's struct priv as
    // system.conf describes it): which IPC primitives it may use, which processes it may send to,
    // which kernel calls it may make, its I/O port ranges, ISA interrupt lines and physical memory
    // ranges (device memory it may map), and who handles its signals. The kernel's boot table gives one to each program the kernel loads itself; RS's
    // service table carries one for each service RS loads, and hands it to LOADPROGRAM. The
    // kernel turns it into the process's privilege record. Slots, not endpoints: the rights hold
    // for whoever occupies the slot, as the boot image's programs keep theirs across restarts.
    public unsafe struct PrivilegeSet
    {
        public const int MaxTargets = 32;
        public const int MaxPortRanges = 8;
        public const int MaxMemoryRanges = 4;
        // A memory range [Framebuffer, Framebuffer]: the boot framebuffer's memory, wherever the
        // firmware put it (the kernel knows; the manifest cannot).
        public const ulong Framebuffer = ulong.MaxValue;
        public const int CallWords = 2;           // kernel calls 0..127, one bit each
        public const int EveryTarget = -1;        // TargetCount: it may send to every process
        public const int NoSignalManager = -1;    // SignalManager: the kernel itself ends it on a fault

        public uint Traps;                        // bit (1 << Traps.X) for each IPC primitive it may use
        public uint Irqs;                         // bit (1 << line) for each ISA interrupt line it may attach to
        public int SignalManager;                 // slot of the process that handles its signals, or NoSignalManager
        public int TargetCount;                   // entries used in Targets, or EveryTarget
        public fixed int Targets[MaxTargets];     // slots it may send to, notify or name in a SENDA table
        public fixed ulong Calls[CallWords];      // bit per kernel call it may make
        public int PortRangeCount;
        public fixed ushort PortFirst[MaxPortRanges];   // I/O port ranges [first, last] for DEVIO and VDEVIO
        public fixed ushort PortLast[MaxPortRanges];
        public int MemoryRangeCount;
        public fixed ulong MemoryFirst[MaxMemoryRanges];   // physical ranges [first, last] for VMMAPPHYSICAL
        public fixed ulong MemoryLast[MaxMemoryRanges];

        public static PrivilegeSet None()
        {
            PrivilegeSet set = default;
            set.SignalManager = NoSignalManager;
            return set;
        }

        public void AllowTrap(int trap) => Traps |= 1u << trap;

        public void AllowIrq(int line) => Irqs |= 1u << line;

        public void AllowCall(int call) => Calls[call >> 6] |= 1UL << (call & 63);

        public readonly bool MayCall(int call) =>
            call >= 0 && call < CallWords * 64 && (Calls[call >> 6] & (1UL << (call & 63))) != 0;

        public void AllowEveryTarget() => TargetCount = EveryTarget;

        // False when the list is full (or already means every target).
        public bool AllowTarget(int slot)
        {
            if (TargetCount < 0 || TargetCount == MaxTargets) return false;
            Targets[TargetCount++] = slot;
            return true;
        }

        // False when the table is full or the range is empty.
        public bool AllowPorts(ushort first, ushort last)
        {
            if (last < first || PortRangeCount == MaxPortRanges) return false;
            PortFirst[PortRangeCount] = first;
            PortLast[PortRangeCount] = last;
            PortRangeCount++;
            return true;
        }

        // False when the table is full or the range is empty.
        public bool AllowMemory(ulong first, ulong last)
        {
            if (last < first || MemoryRangeCount == MaxMemoryRanges) return false;
            MemoryFirst[MemoryRangeCount] = first;
            MemoryLast[MemoryRangeCount] = last;
            MemoryRangeCount++;
            return true;
        }

        public bool AllowFramebuffer() => AllowMemory(Framebuffer, Framebuffer);
    }
}
