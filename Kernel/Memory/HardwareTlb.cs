using Lunix.Arch.X86;

namespace Lunix.Kernel.Memory
{
    // The Tlb seam bound to the CPU: CR3 loads, invlpg, and a CR4.PGE toggle to drop global
    // entries too. The active root is each processor's own, remembered in its per-CPU area
    // rather than read back from CR3 on every check. Other processors with changed tables
    // loaded are made to reload them (CrossCpu.Shootdown).
    public sealed class HardwareTlb : Tlb
    {
        private const ulong PageGlobalEnable = 1 << 7;

        public override ulong ActiveRoot => CpuLocal.Current.ActiveRoot;

        public override void Load(ulong root)
        {
            CpuLocal.Current.ActiveRoot = root;
            Cpu.WriteCr3(root);
        }

        public override void ChangedElsewhere(ulong root)
        {
            if (CpuLocal.Count > 1) Smp.CrossCpu.Shootdown(root);
        }

        public override void InvalidatePage(ulong address) => Cpu.InvalidatePage(address);

        public override void Flush(bool includingGlobal)
        {
            if (!includingGlobal)
            {
                Cpu.WriteCr3(CpuLocal.Current.ActiveRoot);
                return;
            }
            ulong cr4 = Cpu.ReadCr4();
            Cpu.WriteCr4(cr4 & ~PageGlobalEnable);
            Cpu.WriteCr4(cr4);
        }
    }
}
