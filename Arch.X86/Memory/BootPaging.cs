using System.Runtime.InteropServices;

namespace Lunix.Arch.X86.Memory
{
    // Extends the boot page tables' direct map (which covers the first 4 GiB) to all the RAM the
    // memory map reports, with 2 MiB pages. Page directories come from a small pool in the image.
    // The general page-table API replaces this once the frame allocator exists.
    public static unsafe class BootPaging
    {
        private const ulong Present = 1, Writable = 2, Huge = 0x80, NoExecute = 1UL << 63;
        private const ulong GiB = 1UL << 30;
        private const int PoolPages = 60;                       // directories for 64 GiB in all

        [DllImport("*", EntryPoint = "lunix_boot_pml4"), SuppressGCTransition] private static extern ulong* BootPml4Alias();

        // Through the direct map: the kernel's own tables do not map the boot section.
        private static ulong* BootPml4() => (ulong*)DirectMap.ToVirtual(DirectMap.KernelToPhysical((ulong)BootPml4Alias()));

        private static readonly byte[] s_pool = new byte[(PoolPages + 1) * 4096];
        private static int s_used;

        public static ulong MappedLimit { get; private set; } = 4 * GiB;

        // Maps [4 GiB, end) into the direct map; returns the new limit (capped by the pool).
        public static ulong ExtendDirectMap(ulong end)
        {
            ulong* pml4 = BootPml4();
            ulong* pdpt = (ulong*)DirectMap.ToVirtual(pml4[256] & 0x000FFFFFFFFFF000);
            while (MappedLimit < end && MappedLimit < 512 * GiB && s_used < PoolPages)
            {
                ulong* directory = NextPage();
                ulong gib = MappedLimit / GiB;
                for (ulong i = 0; i < 512; i++)
                    directory[i] = (MappedLimit + i * (2UL << 20)) | Present | Writable | Huge | NoExecute | Global;
                pdpt[gib] = DirectMap.KernelToPhysical((ulong)directory) | Present | Writable;
                MappedLimit += GiB;
            }
            Cpu.WriteCr3(Cpu.ReadCr3());
            return MappedLimit;
        }

        // The boot tables' direct-map slot (PML4 entry 256), adopted by the kernel's own tables.
        public static ulong DirectMapEntry => BootPml4()[256];

        // Once the kernel runs on its own tables: the boot tables' 2 MiB pages for the first
        // 4 GiB also formed the boot kernel window, so they were executable; now that they only
        // serve the direct map, make them no-execute and global.
        public static void SealDirectMap()
        {
            ulong* pml4 = BootPml4();
            ulong* pdpt = (ulong*)DirectMap.ToVirtual(pml4[256] & 0x000FFFFFFFFFF000);
            for (int gib = 0; gib < 4; gib++)
            {
                ulong* directory = (ulong*)DirectMap.ToVirtual(pdpt[gib] & 0x000FFFFFFFFFF000);
                for (int i = 0; i < 512; i++) directory[i] |= NoExecute | Global;
            }
            Cpu.WriteCr3(Cpu.ReadCr3());
        }

        private const ulong Global = 0x100;

        private static ulong* NextPage()
        {
            fixed (byte* pool = s_pool)
            {
                ulong aligned = ((ulong)pool + 4095) & ~4095UL;
                return (ulong*)(aligned + (ulong)(s_used++ * 4096));
            }
        }
    }
}
