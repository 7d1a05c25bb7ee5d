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

        [DllImport("*", EntryPoint = "lunix_boot_pml4"), SuppressGCTransition] private static extern ulong* BootPml4();

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
                    directory[i] = (MappedLimit + i * (2UL << 20)) | Present | Writable | Huge | NoExecute;
                pdpt[gib] = DirectMap.KernelToPhysical((ulong)directory) | Present | Writable;
                MappedLimit += GiB;
            }
            Cpu.WriteCr3(Cpu.ReadCr3());
            return MappedLimit;
        }

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
