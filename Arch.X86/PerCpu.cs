using System.Runtime.InteropServices;

namespace Lunix.Arch.X86
{
    // Per-CPU locals, reached through the GS base as MINIX reaches them with get_cpulocal_var:
    // GS:0 holds the area's own address, so CpuLocal.Current is one instruction plus a field access.
    // The offsets marked "asm" are used by Boot/traps.S and must not move.
    [StructLayout(LayoutKind.Explicit)]
    public unsafe struct PerCpu
    {
        public const int KernelStackTopOffset = 40;
        public const int UserRspOffset = 48;
        public const int UserFrameTopOffset = 56;
        public const int UserVectorStateOffset = 80;

        [FieldOffset(0)] public PerCpu* Self;               // asm: read through GS:0
        [FieldOffset(8)] public uint CpuId;
        [FieldOffset(12)] public uint ApicId;
        [FieldOffset(16)] public ulong Ticks;               // timer interrupts taken on this CPU
        [FieldOffset(24)] public ulong IdleHalts;           // times the idle loop halted this CPU
        [FieldOffset(32)] public int TrapDepth;             // nesting of traps being handled (0 = none)
        [FieldOffset(36)] public int CrashDepth;            // nesting of crash reports
        [FieldOffset(40)] public ulong KernelStackTop;      // asm: this CPU's kernel stack, for traps from ring 3
        [FieldOffset(48)] public ulong UserRsp;             // asm: the user RSP during syscall entry
        [FieldOffset(56)] public ulong UserFrameTop;        // asm: end of the running process's saved frame
        [FieldOffset(64)] public int CurrentProcess;        // slot of the process in ring 3 on this CPU, -1 for none
        [FieldOffset(72)] public void* Scheduling;          // the kernel's run queues for this CPU
        [FieldOffset(80)] public ulong UserVectorState;     // asm: the running process's FXSAVE area
        [FieldOffset(88)] public Gdt.TaskStateSegment* TaskState;   // this CPU's TSS (RSP0 changes on every switch)
        [FieldOffset(96)] public ulong FsBase;              // the FS base now loaded: the running process's
        [FieldOffset(104)] public LockupWatch Watchdog;     // the NMI watchdog's record of this CPU (24 bytes, to 127)
        [FieldOffset(128)] public ulong KernelStackBottom;  // with KernelStackTop: the stack crash reports may read
        [FieldOffset(136)] public uint Online;              // 1 once the processor runs its idle loop (set by itself)
        [FieldOffset(140)] public uint EvictSlot;           // slot + 1 of a process another CPU wants off this one, 0 for none (CrossCpu)
        [FieldOffset(144)] public ulong ActiveRoot;         // the page-table root in CR3
        [FieldOffset(152)] public uint FlushRequested;      // another CPU changed the tables in CR3: reload them (CrossCpu)
        [FieldOffset(156)] public uint OthersOnline;        // other processors run too: the kernel lock is needed (Count > 1, read where it is hot)
        [FieldOffset(160)] public TrapFrame* StoppedFrame;  // where a crash elsewhere stopped it (ProcessorStop), for the report
    }

    public static unsafe class CpuLocal
    {
        private const uint GsBaseMsr = 0xC0000101;
        private const uint KernelGsBaseMsr = 0xC0000102;

        // The most processors Lunix starts; any others stay parked by the firmware.
        public const int MaxCpus = 64;

        private static readonly PerCpu[] s_areas = new PerCpu[MaxCpus];

        // The processors whose areas are in use: the boot processor and those started.
        public static int Count { get; private set; }

        public static void InitializeBootCpu()
        {
            ulong bottom, top;
            Cpu.KernelStackBounds(&bottom, &top);
            Initialize(0, bottom, top);
            Count = 1;
        }

        // Reserves the next area for a processor about to start: its index.
        public static uint Reserve() => (uint)Count++;

        // Every processor started: each area says whether there are others (OthersOnline).
        public static void Started()
        {
            for (int i = 0; i < Count; i++) s_areas[i].OthersOnline = Count > 1 ? 1u : 0u;
        }

        // Gives back the area Reserve gave last, for a processor that did not start.
        public static void Release(uint index)
        {
            if (index == Count - 1) Count--;
        }

        // Run by each processor on itself, first thing: its area becomes its GS base.
        public static void Initialize(uint index, ulong stackBottom, ulong stackTop)
        {
            fixed (PerCpu* area = &s_areas[index])
            {
                area->Self = area;
                area->CpuId = index;
                area->CurrentProcess = -1;
                area->ActiveRoot = Cpu.ReadCr3() & 0x000FFFFFFFFFF000;
                area->KernelStackBottom = stackBottom;
                area->KernelStackTop = stackTop;
                // The kernel runs with GS = this area; swapgs on the way to ring 3 swaps in
                // the user's GS base (0) and keeps this one in KERNEL_GS_BASE.
                Cpu.WriteMsr(GsBaseMsr, (ulong)area);
                Cpu.WriteMsr(KernelGsBaseMsr, 0);
            }
        }

        public static ref PerCpu Current => ref *(PerCpu*)Cpu.ReadGs64(0);

        // Any processor's area, by index (below Count).
        public static ref PerCpu Of(int index) => ref s_areas[index];
    }
}
