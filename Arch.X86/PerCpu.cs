using System.Runtime.InteropServices;

namespace Lunix.Arch.X86
{
    // Per-CPU locals, reached through the GS base as MINIX reaches them with get_cpulocal_var:
    // GS:0 holds the area's own address, so CpuLocal.Current is one instruction plus a field access.
    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct PerCpu
    {
        public PerCpu* Self;                // must stay first: read through GS:0
        public uint CpuId;
        public uint ApicId;
        public ulong Ticks;                 // timer interrupts taken on this CPU
        public ulong IdleHalts;             // times the idle loop halted this CPU
        public int TrapDepth;               // nesting of traps being handled (0 = none)
        public int CrashDepth;              // nesting of crash reports (stops recursive reports)
    }

    public static unsafe class CpuLocal
    {
        private const uint GsBaseMsr = 0xC0000101;
        private const uint KernelGsBaseMsr = 0xC0000102;

        private static readonly PerCpu[] s_areas = new PerCpu[1];

        public static void InitializeBootCpu()
        {
            fixed (PerCpu* area = s_areas)
            {
                area->Self = area;
                area->CpuId = 0;
                Cpu.WriteMsr(GsBaseMsr, (ulong)area);
                Cpu.WriteMsr(KernelGsBaseMsr, (ulong)area);
            }
        }

        public static ref PerCpu Current => ref *(PerCpu*)Cpu.ReadGs64(0);
    }
}
