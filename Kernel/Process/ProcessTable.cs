using System.Runtime.CompilerServices;
using Lunix.Arch.X86;

namespace Lunix.Kernel.Process
{
    // All process slots. The array lives on the never-collected heap, so a slot's address (and
    // with it the frame address in TSS.RSP0) stays valid for the life of the system.
    public static unsafe class ProcessTable
    {
        public const int Slots = 64;
        private static readonly Process[] s_slots = new Process[Slots];

        public static ref Process Slot(int index) => ref s_slots[index];

        public static TrapFrame* FrameOf(int index) => (TrapFrame*)Unsafe.AsPointer(ref s_slots[index].Frame);

        // Where the CPU starts pushing when this process is interrupted in ring 3.
        public static ulong FrameTop(int index) => (ulong)(FrameOf(index) + 1);

        public static int FindFree()
        {
            for (int i = 0; i < Slots; i++)
                if (s_slots[i].State == ProcessState.Free) return i;
            return -1;
        }

        // The slot whose saved frame this is, or -1 (a kernel-mode frame).
        public static int SlotOfFrame(TrapFrame* frame)
        {
            long offset = (byte*)frame - (byte*)FrameOf(0);
            long size = (byte*)FrameOf(1) - (byte*)FrameOf(0);
            if (offset < 0 || offset % size != 0 || offset / size >= Slots) return -1;
            return (int)(offset / size);
        }
    }
}
