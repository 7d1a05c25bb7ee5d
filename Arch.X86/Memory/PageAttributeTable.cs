namespace Lunix.Arch.X86.Memory
{
    // The page attribute table (IA32_PAT): which memory type each combination of an entry's PWT,
    // PCD and PAT bits selects. The power-on table gives PWT alone write-through, which nothing
    // here wants; entry 1 becomes write-combining, so that PWT alone maps a framebuffer for
    // burst writes (PageAttributes.WriteCombining). The other entries keep their power-on types:
    // PCD alone is uncached-minus and PCD with PWT uncached, as device registers need.
    public static class PageAttributeTable
    {
        private const uint PatMsr = 0x277;
        private const ulong WriteBack = 6, WriteCombining = 1, UncachedMinus = 7, Uncached = 0;

        private const ulong Table = WriteBack | WriteCombining << 8 | UncachedMinus << 16 | Uncached << 24
                                    | (WriteBack | WriteCombining << 8 | UncachedMinus << 16 | Uncached << 24) << 32;

        // Every CPU's table must be the same before any write-combining mapping exists.
        public static void Program()
        {
            if ((Cpu.CpuId(1, 0).Edx & (1u << 16)) != 0) Cpu.WriteMsr(PatMsr, Table);
        }
    }
}
