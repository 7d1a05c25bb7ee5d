using System;
using Lunix.Arch.X86.Memory;

namespace Lunix.Kernel.Memory
{
    // What a mapping allows, declared by the caller of map and protect. A mapped page is always
    // present; what is not listed here (readable, kernel-only, executable, write-back cached) is
    // the default. The values are the x86-64 entry bits, so turning attributes into an entry is
    // an or, not a translation on the hot path.
    [Flags]
    public enum PageAttributes : ulong
    {
        None = 0,
        Writable = PageTableEntry.Writable,
        User = PageTableEntry.User,
        NoExecute = PageTableEntry.NoExecute,
        // Survives address-space switches; for kernel-half mappings only.
        Global = PageTableEntry.Global,
        // Device memory: uncached (registers), or write-combining (a framebuffer: PWT alone, which
        // the kernel's page attribute table makes write-combining, Arch.X86/Memory/PageAttributeTable).
        CacheDisable = PageTableEntry.CacheDisable,
        WriteCombining = PageTableEntry.WriteThrough,
        // Read-only until the first write, which copies the frame (or takes it back when this
        // space holds its only reference). Never together with Writable.
        CopyOnWrite = PageTableEntry.CopyOnWrite,
        // Shared on purpose (MAP_SHARED memory): Duplicate leaves it writable in both spaces, on
        // the same frame, instead of making it copy-on-write. Never together with CopyOnWrite.
        Shared = PageTableEntry.Shared,

        All = Writable | User | NoExecute | Global | CacheDisable | WriteCombining | CopyOnWrite | Shared,
    }
}
