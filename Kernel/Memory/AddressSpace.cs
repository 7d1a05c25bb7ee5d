using System.Runtime.CompilerServices;
using Lunix.Arch.X86.Memory;

namespace Lunix.Kernel.Memory
{
    // One virtual address space: a PML4 whose user half (entries 0-255) is its own and whose
    // kernel half (256-511) links to the kernel template's PDPTs, which every space shares.
    // A small struct (the root and the shared context) so that a process slot can embed it: the
    // kernel heap never frees, so address spaces must not be heap objects. A copy of the struct
    // names the same space; destroy it once. Not thread-safe: callers serialise the operations
    // on one space, and on the kernel half. The operations live in the AddressSpace.*.cs files.
    public unsafe partial struct AddressSpace
    {
        private const int KernelHalfFirstEntry = 256;
        private const ulong FrameSize = FrameAllocator.FrameSize;

        private PagingContext _context;
        private ulong _root;

        private AddressSpace(PagingContext context, ulong root)
        {
            _context = context;
            _root = root;
        }

        // The space whose PML4 is at `root` (CR3's value): what a processor has loaded.
        public static AddressSpace AtRoot(PagingContext context, ulong root) => new AddressSpace(context, root);

        public bool IsCreated => _context != null;
        // The physical address of the PML4: what CR3 holds while this space is active.
        public ulong Root => _root;
        public bool IsActive => _context != null && _context.Tlb.ActiveRoot == _root;

        // The kernel's own address space, and the template of every other: an empty root. Give
        // it its kernel-half tables (ReserveKernelTables) before creating spaces from it.
        public static PagingResult CreateKernel(PagingContext context, out AddressSpace kernel)
        {
            kernel = default;
            if (!context.Walker.TryAllocateTable(out ulong root)) return PagingResult.OutOfFrames;
            kernel = new AddressSpace(context, root);
            return PagingResult.Ok;
        }

        // Makes the top-level tables (a PDPT per 512 GiB) for a kernel-half range, so that what is
        // mapped there later shows in every space created from this one afterwards. Maps in the
        // kernel half fail with KernelTableMissing where no such table exists. OutOfFrames keeps
        // the tables made so far: empty, and harmless.
        public PagingResult ReserveKernelTables(ulong address, ulong length)
        {
            if (_context == null) return PagingResult.NoAddressSpace;
            PagingResult result = VirtualRange.From(address, length, out VirtualRange range);
            if (result != PagingResult.Ok) return result;
            if (!range.InKernelHalf) return PagingResult.OutOfRange;
            ref readonly PageTableWalker walker = ref _context.Walker;
            ulong coverage = PageTableEntry.Coverage(PageLevel.Pml4);
            for (ulong cursor = range.Start & ~(coverage - 1); cursor < range.End; cursor += coverage)
            {
                ulong* slot = walker.Slot(_root, cursor, PageLevel.Pml4);
                if ((*slot & PageTableEntry.Present) != 0) continue;
                if (!walker.TryAllocateTable(out ulong table)) return PagingResult.OutOfFrames;
                *slot = PageTableEntry.Table(PageLevel.Pml4, table).Value;
                walker.Frames.TableEntryCount(_root)++;
            }
            return PagingResult.Ok;
        }

        // A new space with an empty user half and the kernel half of kernel (any space will do:
        // they all have the same kernel half).
        public static PagingResult Create(in AddressSpace kernel, out AddressSpace space)
        {
            space = default;
            if (kernel._context == null) return PagingResult.NoAddressSpace;
            ref readonly PageTableWalker walker = ref kernel._context.Walker;
            if (!walker.Frames.TryAllocate(FrameZone.Any, out ulong root)) return PagingResult.OutOfFrames;
            // Each half in blocks; the kernel half's few entries are then counted.
            const ulong HalfBytes = KernelHalfFirstEntry * sizeof(ulong);
            walker.Window.Zero(root, HalfBytes);
            walker.Window.Copy(root + HalfBytes, kernel._root + HalfBytes, HalfBytes);
            var entries = new PresentEntries(walker.Window.Table(root), KernelHalfFirstEntry, PageTableEntry.EntriesPerTable, KernelHalfFirstEntry);
            ushort present = 0;
            while (entries.Next(out _)) present++;
            walker.Frames.TableEntryCount(root) = present;
            space = new AddressSpace(kernel._context, root);
            return PagingResult.Ok;
        }

        // Loads this space into CR3.
        public void Activate() => _context.Tlb.Load(_root);

        // Frees every table and releases every page of the user half, then the root; the kernel
        // half is shared and stays (so the kernel space itself is never destroyed). Active: the
        // space is loaded; switch away first.
        public PagingResult Destroy()
        {
            if (_context == null) return PagingResult.NoAddressSpace;
            if (IsActive) return PagingResult.Active;
            ref readonly PageTableWalker walker = ref _context.Walker;
            ulong* root = walker.Window.Table(_root);
            // The root's count includes the kernel half: its user half is walked whole.
            var present = new PresentEntries(root, 0, KernelHalfFirstEntry, KernelHalfFirstEntry);
            while (present.Next(out int i)) walker.FreeSubtree(root[i] & PageTableEntry.AddressMask, PageLevel.PageDirectoryPointerTable);
            walker.FreeTable(_root);
            this = default;
            return PagingResult.Ok;
        }

        // The page mapping address, or where the walk for it ended. False when nothing maps it
        // (or it is not canonical, when mapping is default).
        [SkipLocalsInit]
        public bool Query(ulong address, out PageMapping mapping)
        {
            mapping = default;
            if (_context == null || !VirtualRange.IsCanonical(address)) return false;
            _context.Walker.Walk(_root, address, out PageWalk walk);
            mapping = new PageMapping(walk.Entry, address & ~(PageTableEntry.Coverage(walk.Level) - 1));
            return mapping.IsMapped;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool AreValid(PageAttributes attributes)
            => (attributes & ~PageAttributes.All) == 0
               && (attributes & (PageAttributes.Writable | PageAttributes.CopyOnWrite)) != (PageAttributes.Writable | PageAttributes.CopyOnWrite)
               && (attributes & (PageAttributes.Shared | PageAttributes.CopyOnWrite)) != (PageAttributes.Shared | PageAttributes.CopyOnWrite);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Finish(ref TlbBatch tlb) => tlb.Finish(_context.Tlb, _root);
    }
}
