using Lunix.Arch.X86;
using Lunix.Kernel.Diagnostics;
using Lunix.Kernel.Memory;

namespace Lunix.Kernel.Process
{
    // All process slots, and beside them the saved user registers of each (MINIX's stackframe):
    // an interrupt from ring 3 makes the CPU push at TSS.RSP0, the end of the running process's
    // frame, after aligning it down to 16 bytes, so every frame must end 16-byte aligned: the
    // frames get page-aligned memory of their own (176 bytes each, a multiple of 16). Beside
    // each frame, the process's x87/SSE registers (an FXSAVE area): the kernel's compiled code
    // uses the XMM registers too, so traps.S saves them on every entry from ring 3 and restores
    // the resumed process's on the way back.
    public static unsafe class ProcessTable
    {
        public const int Slots = Lunix.Abi.Endpoint.Slots;
        // Set in Initialize, not by an initializer: a static constructor would put a check before
        // every access, and these are read on every system call.
        private static Process[] s_slots;
        private static ProgramImage[] s_images;
        private static TrapFrame* s_frames;
        private static byte* s_vectorStates;
        private const int VectorStateSize = 512;                    // FXSAVE's area, 16-byte aligned
        private static ulong s_lastSpaceId;

        public static void Initialize()
        {
            s_slots = new Process[Slots];
            s_images = new ProgramImage[Slots];
            s_frames = (TrapFrame*)ZeroedPages((ulong)(Slots * sizeof(TrapFrame)), "no memory for the process frames");
            s_vectorStates = ZeroedPages((ulong)(Slots * VectorStateSize), "no memory for the processes' vector registers");
        }

        private static byte* ZeroedPages(ulong bytes, string failure)
        {
            ulong pages = (bytes + FrameAllocator.FrameSize - 1) / FrameAllocator.FrameSize;
            if (!PhysicalMemory.Frames.TryAllocateContiguous(pages, FrameAllocator.FrameSize, FrameZone.Any, out ulong physical))
                Panic.Now(failure);
            KernelAddressSpace.Context.Window.Zero(physical, pages * FrameAllocator.FrameSize);
            return KernelAddressSpace.Context.Window.Bytes(physical);
        }

        public static ref Process Slot(int index) => ref s_slots[index];

        // The program a slot was last loaded with, kept for RESTART.
        public static ref ProgramImage ImageOf(int index) => ref s_images[index];

        public static TrapFrame* FrameOf(int index) => s_frames + index;

        public static ulong VectorStateOf(int index) => (ulong)(s_vectorStates + index * VectorStateSize);

        // A new process's x87/SSE registers: zero, with every floating-point exception masked
        // (the FCW and MXCSR values after FNINIT and reset), so nothing of an earlier occupant
        // of the slot shows through.
        public static void ResetVectorState(int index)
        {
            byte* area = s_vectorStates + index * VectorStateSize;
            new System.Span<byte>(area, VectorStateSize).Clear();
            *(ushort*)area = 0x037F;                                // FCW
            *(uint*)(area + 24) = 0x1F80;                           // MXCSR
        }

        // Fork: the child's x87/SSE registers are the parent's, as saved when it entered the kernel.
        public static void CopyVectorState(int from, int to)
        {
            var source = new System.Span<byte>(s_vectorStates + from * VectorStateSize, VectorStateSize);
            source.CopyTo(new System.Span<byte>(s_vectorStates + to * VectorStateSize, VectorStateSize));
        }

        // Live update: the programs in two slots trade places, with their memory, registers,
        // vector registers, grant table, program image, pending signals and VM's record of its
        // regions (neither may be on a run queue).
        public static void SwapPrograms(int a, int b)
        {
            VmCheckpoints.Swap(a, b);
            PendingSignals.Swap(a, b);
            (s_slots[a], s_slots[b]) = (s_slots[b], s_slots[a]);
            (s_images[a], s_images[b]) = (s_images[b], s_images[a]);
            (s_frames[a], s_frames[b]) = (s_frames[b], s_frames[a]);
            var x = new System.Span<byte>(s_vectorStates + a * VectorStateSize, VectorStateSize);
            var y = new System.Span<byte>(s_vectorStates + b * VectorStateSize, VectorStateSize);
            System.Span<byte> keep = stackalloc byte[VectorStateSize];
            x.CopyTo(keep);
            y.CopyTo(x);
            keep.CopyTo(y);
        }

        // A new address space's identity (Process.SpaceId): 1, 2, 3, ... for as long as the system runs.
        public static ulong NewSpaceId() => ++s_lastSpaceId;

        // Where the CPU starts pushing when this process is interrupted in ring 3.
        public static ulong FrameTop(int index) => (ulong)(FrameOf(index) + 1);

        // The first free slot from `first` on. Two slots in the middle of the table are the
        // kernel's own in the IPC engine (IpcProcesses.SystemSlot and KernelSlot, the sources of
        // its signal and clock notifications), free here but never a process's.
        public static int FindFree(int first = 0)
        {
            for (int i = first; i < Slots; i++)
                if (s_slots[i].State == ProcessState.Free && i != Ipc.IpcProcesses.KernelSlot && i != Ipc.IpcProcesses.SystemSlot) return i;
            return -1;
        }

    }
}
