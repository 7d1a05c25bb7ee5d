using System.Runtime.CompilerServices;
using Lunix.Arch.X86.Memory;

namespace Lunix.Kernel.Memory
{
    // The direct-map address of one byte of a user page, read straight off the four tables: the
    // usual case of a copy between processes (VIRCOPY, SAFECOPY), where Query's general walk
    // (the path it records, the mapping it builds) cost about 100 instructions a page on each
    // side (ProcessMemory.Copy of one byte: 439 instructions, 238 this way).
    public unsafe partial struct AddressSpace
    {
        // Null for anything but a present 4 KiB user page (writable for `write`): nothing mapped,
        // a huge page, a read-only or copy-on-write page to write. The caller then takes Query's
        // path, which knows them all.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public byte* SmallUserPageBytes(ulong address, bool write)
        {
            const ulong Present = PageTableEntry.Present, Table = PageTableEntry.Present | PageTableEntry.Huge;
            ulong leaf = Present | PageTableEntry.User | (write ? PageTableEntry.Writable : 0);
            if (_context == null) return null;
            PhysicalWindow window = _context.Walker.Window;
            ulong value = window.Table(_root)[PageTableEntry.Index(address, PageLevel.Pml4)];
            if ((value & Present) == 0) return null;
            value = window.Table(value & PageTableEntry.AddressMask)[PageTableEntry.Index(address, PageLevel.PageDirectoryPointerTable)];
            if ((value & Table) != Present) return null;
            value = window.Table(value & PageTableEntry.AddressMask)[PageTableEntry.Index(address, PageLevel.PageDirectory)];
            if ((value & Table) != Present) return null;
            value = window.Table(value & PageTableEntry.AddressMask)[PageTableEntry.Index(address, PageLevel.PageTable)];
            if ((value & leaf) != leaf) return null;
            return window.Bytes((value & PageTableEntry.AddressMask) | (address & (FrameSize - 1)));
        }
    }
}
