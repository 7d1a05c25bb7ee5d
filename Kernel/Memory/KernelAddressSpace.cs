using Lunix.Arch.X86;
using Lunix.Arch.X86.Memory;
using Lunix.Kernel.Diagnostics;

namespace Lunix.Kernel.Memory
{
    // The kernel's own page tables, replacing the boot tables: the image mapped W^X (text
    // read+execute, read-only data read-only and no-execute, data and bss read+write and
    // no-execute), the direct map adopted from the boot tables, a reserved slot for later kernel
    // mappings, and nothing in the lower half, so address 0 faults. Every later address space
    // shares this kernel half.
    public static unsafe class KernelAddressSpace
    {
        // PML4 slot 510 (512 GiB below the kernel window) for kernel mappings made after boot.
        public const ulong DynamicAreaStart = 0xFFFFFF0000000000;
        private const ulong DynamicAreaLength = 1UL << 39;
        private const ulong KernelWindow = 0xFFFFFF8000000000;     // PML4 slot 511: the image at -2 GiB
        private const ulong KernelWindowLength = 1UL << 39;

        private static AddressSpace s_kernel;

        public static PagingContext Context { get; private set; }
        public static ref AddressSpace Kernel => ref s_kernel;

        // The space loaded in CR3 on this processor (the kernel's until something else is switched
        // to), from the root its per-CPU area records (HardwareTlb.Load).
        public static AddressSpace Active => Context == null ? default : AddressSpace.AtRoot(Context, CpuLocal.Current.ActiveRoot);

        public static void Switch(in AddressSpace space) => space.Activate();

        public static void Build()
        {
            bool gigabytePages = (Cpu.CpuId(0x80000001).Edx & (1 << 26)) != 0;
            Context = new PagingContext(new PhysicalWindow(DirectMap.ToVirtual(0)), PhysicalMemory.Frames, new HardwareTlb(), gigabytePages);
            Check(AddressSpace.CreateKernel(Context, out s_kernel), "kernel root");

            Check(s_kernel.ReserveKernelTables(KernelWindow, KernelWindowLength), "kernel window");
            Cpu.KernelImageLayout image;
            Cpu.KernelSections(&image);
            MapImage(image.TextStart, image.TextEnd, PageAttributes.Global, "text");
            MapImage(image.ReadOnlyStart, image.ReadOnlyEnd, PageAttributes.NoExecute | PageAttributes.Global, "read-only data");
            MapImage(image.DataStart, image.ImageEnd, PageAttributes.Writable | PageAttributes.NoExecute | PageAttributes.Global, "data");
            Check(s_kernel.ReserveKernelTables(DynamicAreaStart, DynamicAreaLength), "dynamic area");

            // The direct map is the boot tables' (2 MiB pages over all RAM): adopt its PDPT
            // rather than map RAM again, since mapping would take references on every frame.
            ulong* root = Context.Window.Table(s_kernel.Root);
            root[256] = BootPaging.DirectMapEntry;
            Context.Frames.TableEntryCount(s_kernel.Root)++;

            Switch(s_kernel);
            BootPaging.SealDirectMap();
        }

        private static void MapImage(ulong start, ulong end, PageAttributes attributes, string what)
        {
            ulong length = (end - start + FrameAllocator.FrameSize - 1) & ~(FrameAllocator.FrameSize - 1);
            Check(s_kernel.Map(start, DirectMap.KernelToPhysical(start), length, attributes), what);
        }

        private static void Check(PagingResult result, string what)
        {
            if (result != PagingResult.Ok) Panic.Now("kernel page tables: %s: %d", what, (int)result);
        }
    }
}
