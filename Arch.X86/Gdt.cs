using System.Runtime.InteropServices;

namespace Lunix.Arch.X86
{
    // The global descriptor table: flat kernel and user segments (user ones for ring 3 later) and
    // the TSS, whose interrupt stack table gives double faults, NMIs and machine checks stacks of
    // their own, so that a corrupt kernel stack still produces a crash report.
    public static unsafe class Gdt
    {
        public const ushort KernelCode = 0x08;
        public const ushort KernelData = 0x10;
        public const ushort UserData = 0x18 | 3;
        public const ushort UserCode = 0x20 | 3;
        public const ushort TaskState = 0x28;

        public const int DoubleFaultStack = 1;
        public const int NmiStack = 2;
        public const int MachineCheckStack = 3;
        private const int IstStackSize = 16 * 1024;
        private const int NmiStackReserve = 16;

        [StructLayout(LayoutKind.Sequential, Pack = 4)]
        public struct TaskStateSegment
        {
            public uint Reserved0;
            public ulong Rsp0, Rsp1, Rsp2;
            public ulong Reserved1;
            public ulong Ist1, Ist2, Ist3, Ist4, Ist5, Ist6, Ist7;
            public ulong Reserved2;
            public ushort Reserved3;
            public ushort IoMapBase;
        }

        [StructLayout(LayoutKind.Sequential, Pack = 2)]
        private struct DescriptorPointer
        {
            public ushort Limit;
            public ulong Base;
        }

        // Each processor's table: null, kernel code, kernel data, user data, user code, its TSS
        // (two slots); its TSS, and its interrupt stack table's three stacks.
        private const int Entries = 7;
        private static readonly ulong[] s_entries = new ulong[CpuLocal.MaxCpus * Entries];
        private static readonly TaskStateSegment[] s_tss = new TaskStateSegment[CpuLocal.MaxCpus];
        private static readonly byte[][] s_istStacks = new byte[CpuLocal.MaxCpus][];

        // Run by each processor on itself, after CpuLocal.Initialize.
        public static void Install()
        {
            int cpu = (int)CpuLocal.Current.CpuId;
            int first = cpu * Entries;
            s_entries[first + 1] = 0x00AF9A000000FFFF;  // 64-bit code, ring 0
            s_entries[first + 2] = 0x00CF92000000FFFF;  // data, ring 0
            s_entries[first + 3] = 0x00CFF2000000FFFF;  // data, ring 3
            s_entries[first + 4] = 0x00AFFA000000FFFF;  // 64-bit code, ring 3

            s_istStacks[cpu] = new byte[3 * IstStackSize];
            fixed (byte* stacks = s_istStacks[cpu])
            {
                // Stacks grow down: each IST entry points at the top of its slice, 16-byte aligned.
                s_tss[cpu].Ist1 = ((ulong)stacks + 1 * IstStackSize) & ~15UL;
                // The NMI stack's top slot holds this CPU's PerCpu address, above the frame the
                // CPU pushes: an NMI can arrive while GS is still the user's (Boot/traps.S, nmi_entry).
                s_tss[cpu].Ist2 = ((ulong)stacks + 2 * IstStackSize - NmiStackReserve) & ~15UL;
                *(PerCpu**)s_tss[cpu].Ist2 = CpuLocal.Current.Self;
                s_tss[cpu].Ist3 = ((ulong)stacks + 3 * IstStackSize) & ~15UL;
            }
            s_tss[cpu].IoMapBase = (ushort)sizeof(TaskStateSegment);   // no I/O bitmap

            ulong tss;
            fixed (TaskStateSegment* p = &s_tss[cpu]) tss = (ulong)p;
            CpuLocal.Current.TaskState = (TaskStateSegment*)tss;
            ulong limit = (ulong)sizeof(TaskStateSegment) - 1;
            s_entries[first + 5] = (limit & 0xFFFF) | ((tss & 0xFFFFFF) << 16) | (0x89UL << 40) | (((limit >> 16) & 0xF) << 48) | (((tss >> 24) & 0xFF) << 56);
            s_entries[first + 6] = tss >> 32;

            fixed (ulong* entries = &s_entries[first])
            {
                var pointer = new DescriptorPointer { Limit = (ushort)(Entries * 8 - 1), Base = (ulong)entries };
                Cpu.LoadGdt(&pointer);
            }
            Cpu.ReloadSegments(KernelCode, KernelData);
            Cpu.LoadTaskRegister(TaskState);
        }

        // On one of `cpu`'s IST stacks.
        public static bool IsOnIstStack(int cpu, ulong address)
        {
            byte[] stacks = s_istStacks[cpu];
            if (stacks == null) return false;
            fixed (byte* bottom = stacks)
                return address >= (ulong)bottom && address < (ulong)bottom + (ulong)stacks.Length;
        }
    }
}
