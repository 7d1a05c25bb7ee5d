using System;

namespace Lunix.Kernel.Diagnostics
{
    // Steps from a frame to its caller with the DWARF CFI ILC emits for every managed method in
    // .eh_frame, which stays right where the frame-pointer chain does not (methods ILC compiles
    // without RBP frames). The section is indexed once, into one array sorted by pc; lookups and
    // unwinds allocate nothing. Malformed data makes an unwind fail; it is never read out of bounds.
    public sealed unsafe class EhFrameUnwinder
    {
        private struct IndexEntry
        {
            public ulong PcBegin, PcEnd;
            public int FdeOffset;
        }

        private readonly byte* _start;
        private readonly int _length;
        private readonly ulong _address;
        private readonly IndexEntry[] _index;

        // runtimeAddressOfStart: where the section's first byte is when the code runs, which
        // pc-relative pointers depend on (hosted tests read the section from the ELF file).
        public EhFrameUnwinder(byte* start, int length, ulong runtimeAddressOfStart)
        {
            _start = start;
            _length = start == null || length < 0 ? 0 : length;
            _address = runtimeAddressOfStart;
            _index = new IndexEntry[IndexFdes(null)];
            IndexFdes(_index);
            SortByPc(_index);
        }

        // Functions with a usable FDE, in address order.
        public int FunctionCount => _index.Length;

        public void GetFunction(int index, out ulong start, out ulong end)
        {
            start = _index[index].PcBegin;
            end = _index[index].PcEnd;
        }

        public bool TryFindFunction(ulong pc, out ulong start, out ulong end)
        {
            start = end = 0;
            int found = FindEntry(pc);
            if (found < 0) return false;
            start = _index[found].PcBegin;
            end = _index[found].PcEnd;
            return true;
        }

        // Replaces registers with the caller's. A caller frame's pc is a return address, which
        // may be the first byte after the function when the call was its last instruction, so
        // its rules are looked up at pc - 1. False when no FDE covers the pc, the CFI is
        // malformed or unsupported, or memory refuses a read; registers are then unchanged.
        public bool TryUnwind(ref UnwindRegisters registers, IStackMemory memory, bool isCallerFrame)
        {
            ulong pc = isCallerFrame ? registers.Rip - 1 : registers.Rip;
            int found = FindEntry(pc);
            if (found < 0) return false;
            ReadOnlySpan<byte> section = Section;
            if (!EhFrameRecords.TryParseFde(section, _address, _index[found].FdeOffset, out FdeRecord fde, out CieRecord cie)) return false;
            if (!CfiInterpreter.TryBuildRow(section, _address, in cie, in fde, pc, out CfiRow row)) return false;
            return row.TryApply(ref registers, memory);
        }

        private ReadOnlySpan<byte> Section => new ReadOnlySpan<byte>(_start, _length);

        // Counts the FDEs that parse, filling index when given. A record that does not parse is
        // skipped; one whose length does not fit ends the section.
        private int IndexFdes(IndexEntry[] index)
        {
            ReadOnlySpan<byte> section = Section;
            int count = 0;
            int offset = 0;
            while (EhFrameRecords.TryReadHeader(section, offset, out _, out uint id, out int end))
            {
                if (id != 0 && EhFrameRecords.TryParseFde(section, _address, offset, out FdeRecord fde, out _) && fde.PcEnd > fde.PcBegin)
                {
                    if (index != null) index[count] = new IndexEntry { PcBegin = fde.PcBegin, PcEnd = fde.PcEnd, FdeOffset = offset };
                    count++;
                }
                offset = end;
            }
            return count;
        }

        // Insertion sort: ILC and the linker emit FDEs in address order, so this is one pass.
        private static void SortByPc(IndexEntry[] index)
        {
            for (int i = 1; i < index.Length; i++)
            {
                IndexEntry entry = index[i];
                int j = i - 1;
                for (; j >= 0 && index[j].PcBegin > entry.PcBegin; j--) index[j + 1] = index[j];
                index[j + 1] = entry;
            }
        }

        // The entry with the greatest start at or below pc, if it also covers pc; else -1.
        private int FindEntry(ulong pc)
        {
            int low = 0, high = _index.Length - 1, found = -1;
            while (low <= high)
            {
                int middle = low + (high - low) / 2;
                if (_index[middle].PcBegin <= pc)
                {
                    found = middle;
                    low = middle + 1;
                }
                else high = middle - 1;
            }
            return found >= 0 && pc < _index[found].PcEnd ? found : -1;
        }
    }
}
