using Lunix.Arch.X86;

namespace Lunix.Kernel.Memory
{
    // The Tlb seam bound to the CPU: CR3 loads, invlpg, and a CR4.PGE toggle to drop global
    // entries too. The active root is remembered rather than read back from CR3 on every check.
    public sealed class HardwareTlb : Tlb
    {
        private const ulong PageGlobalEnable = 1 << 7;
        private ulong _activeRoot = Cpu.ReadCr3() & 0x000FFFFFFFFFF000;

        public override ulong ActiveRoot => _activeRoot;

        public override void Load(ulong root)
        {
            _activeRoot = root;
            Cpu.WriteCr3(root);
        }

        public override void InvalidatePage(ulong address) => Cpu.InvalidatePage(address);

        public override void Flush(bool includingGlobal)
        {
            if (!includingGlobal)
            {
                Cpu.WriteCr3(_activeRoot);
                return;
            }
            ulong cr4 = Cpu.ReadCr4();
            Cpu.WriteCr4(cr4 & ~PageGlobalEnable);
            Cpu.WriteCr4(cr4);
        }
    }
}
