using Lunix.Arch.X86.Memory;

namespace Lunix.Kernel.Memory
{
    // What a query found for one virtual address: the page mapping it, or where the walk ended
    // (the level of the first missing entry tells how much of the path exists). The page-fault
    // handler builds its fault context from it.
    public readonly struct PageMapping
    {
        // The leaf, or the entry that was not present.
        public readonly PageTableEntry Entry;
        // The canonical address of the first byte of the page (of the unmapped region when
        // nothing is mapped: the span one entry of Entry.Level covers).
        public readonly ulong PageAddress;

        public PageMapping(PageTableEntry entry, ulong pageAddress)
        {
            Entry = entry;
            PageAddress = pageAddress;
        }

        public bool IsMapped => Entry.IsPresent;
        public ulong PageSize => PageTableEntry.Coverage(Entry.Level);
        public ulong PhysicalAddress => Entry.PhysicalAddress;
        public PageAttributes Attributes => (PageAttributes)Entry.Attributes;

        // The physical address of a virtual address inside this page.
        public ulong Translate(ulong address) => Entry.PhysicalAddress + (address - PageAddress);
    }
}
