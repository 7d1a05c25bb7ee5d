using System;

namespace Lunix.Elf
{
    // A program file as the loader sees it: an ELF64 x86-64 executable whose PT_LOAD segments can
    // be mapped page by page into a user address space, W^X: a fixed-address program (ET_EXEC),
    // or a static position-independent one (ET_DYN without an interpreter, static-pie), placed
    // at the load bias its loader chooses. TryParse checks everything a malicious or broken file
    // could get wrong, at the addresses the program will have, so the loader can trust what it
    // is given; the image is a view over the file (no copies, no allocation).
    public readonly ref struct ElfImage
    {
        public const ulong PageSize = 4096;
        public const ulong UserTop = 0x0000800000000000;   // the user half ends here
        private const int MaxProgramHeaders = 32;          // bounds the pairwise overlap check

        private const int HeaderSize = 64;
        private const int MinProgramHeaderSize = 56;
        private const ushort ExecutableType = 2;           // ET_EXEC
        private const ushort SharedType = 3;               // ET_DYN: position-independent
        private const ushort MachineX86_64 = 62;           // EM_X86_64
        private const uint LoadType = 1;                   // PT_LOAD
        private const uint DynamicType = 2;                // PT_DYNAMIC
        private const uint InterpreterType = 3;            // PT_INTERP
        private const uint ProgramHeaderType = 6;          // PT_PHDR
        private const uint ExecuteFlag = 1, WriteFlag = 2, ReadFlag = 4;

        private readonly ReadOnlySpan<byte> _file;
        private readonly int _headersOffset;
        private readonly int _headerCount;
        private readonly int _headerSize;

        public readonly ulong Entry;                       // as in the file; EntryAddress in memory
        public readonly int SegmentCount;                  // PT_LOAD segments
        public readonly ulong Bias;                        // added to every address of the file (0 for ET_EXEC)
        public readonly bool PositionIndependent;          // ET_DYN

        private ElfImage(ReadOnlySpan<byte> file, ulong entry, int headersOffset, int headerCount, int headerSize, int segmentCount, ulong bias, bool pie)
        {
            _file = file;
            Entry = entry;
            _headersOffset = headersOffset;
            _headerCount = headerCount;
            _headerSize = headerSize;
            SegmentCount = segmentCount;
            Bias = bias;
            PositionIndependent = pie;
        }

        public ulong EntryAddress => Entry + Bias;

        // What a Linux program's start-up code reads of its own headers (auxv's AT_PHDR, AT_PHENT,
        // AT_PHNUM): where the program headers lie in memory, their size and count.
        public int ProgramHeaderCount => _headerCount;
        public int ProgramHeaderEntrySize => _headerSize;

        // PT_PHDR's address when the file has one, else the place in a loaded segment where the
        // file's header table is mapped (0 when no segment maps it), bias added.
        public ulong ProgramHeadersAddress
        {
            get
            {
                for (int i = 0; i < _headerCount; i++)
                    if (Read32(Header(i), 0) == ProgramHeaderType) return Read64(Header(i), 0x10) + Bias;
                ulong offset = (ulong)_headersOffset;
                for (int i = 0; i < SegmentCount; i++)
                {
                    ElfSegment segment = Segment(i);
                    if (offset >= segment.FileOffset && offset - segment.FileOffset < segment.FileSize)
                        return segment.VirtualAddress + (offset - segment.FileOffset);
                }
                return 0;
            }
        }

        // The index-th PT_LOAD segment, in file order, at its address in memory (bias added).
        public ElfSegment Segment(int index)
        {
            for (int i = 0; i < _headerCount; i++)
            {
                ReadOnlySpan<byte> header = Header(i);
                if (Read32(header, 0) == LoadType && index-- == 0) return ToSegment(header, Bias);
            }
            return default;
        }

        // A fixed-address program (ET_EXEC) only: the boot image's programs.
        public static bool TryParse(ReadOnlySpan<byte> file, out ElfImage image, out string error) =>
            TryParse(file, 0, allowPositionIndependent: false, out image, out error);

        // bias: where a position-independent program's address 0 goes (page-aligned); ignored,
        // as 0, for a fixed-address one.
        public static bool TryParse(ReadOnlySpan<byte> file, ulong bias, bool allowPositionIndependent, out ElfImage image, out string error) =>
            TryParse(file, (ulong)file.Length, bias, allowPositionIndependent, out image, out error);

        // `file` may be the file's beginning only (its header and program headers), for a loader
        // that copies the segments from elsewhere: segments are checked against `fileLength`.
        public static bool TryParse(ReadOnlySpan<byte> file, ulong fileLength, ulong bias, bool allowPositionIndependent, out ElfImage image, out string error)
        {
            image = default;
            error = CheckHeader(file, allowPositionIndependent);
            if (error != null) return false;
            bool pie = Read16(file, 0x10) == SharedType;
            if (!pie) bias = 0;
            else if (bias % PageSize != 0 || bias >= UserTop) return Fail("load bias is not a page-aligned user address", out error);

            ulong entry = Read64(file, 0x18);
            ulong headersOffset = Read64(file, 0x20);
            int headerSize = Read16(file, 0x36);
            int headerCount = Read16(file, 0x38);
            if (headerSize < MinProgramHeaderSize) return Fail("program header entries are too small", out error);
            if (headerCount == 0 || headerCount > MaxProgramHeaders) return Fail("program header count out of range", out error);
            if (headersOffset > (ulong)file.Length || ((ulong)file.Length - headersOffset) / (ulong)headerSize < (ulong)headerCount)
                return Fail("program headers lie outside the file", out error);

            // Segment(j) reads the headers only, so a view without a count serves the overlap check.
            var parsed = new ElfImage(file, entry, (int)headersOffset, headerCount, headerSize, 0, bias, pie);
            int segments = 0;
            bool entryExecutable = false;
            for (int i = 0; i < headerCount; i++)
            {
                ReadOnlySpan<byte> header = parsed.Header(i);
                uint type = Read32(header, 0);
                if (type == InterpreterType) return Fail("needs an interpreter (PT_INTERP): dynamically linked programs are not supported", out error);
                // A static-pie program relocates itself from its own dynamic section.
                if (type == DynamicType && !pie) return Fail("dynamically linked programs are not supported", out error);
                if (type != LoadType) continue;
                // Checked before the bias is added, which must not wrap an address around.
                if (Read64(header, 0x10) >= UserTop) return Fail("segment lies outside the user half", out error);

                ElfSegment segment = ToSegment(header, bias);
                error = CheckSegment(segment, fileLength);
                if (error != null) return false;
                for (int j = 0; j < segments; j++)
                    if (PagesOverlap(segment, parsed.Segment(j))) return Fail("segments overlap", out error);
                if (segment.Executable && entry + bias >= segment.VirtualAddress && entry + bias - segment.VirtualAddress < segment.FileSize)
                    entryExecutable = true;
                segments++;
            }
            if (segments == 0) return Fail("no loadable segment", out error);
            if (!entryExecutable) return Fail("entry point is not in an executable segment", out error);

            image = new ElfImage(file, entry, (int)headersOffset, headerCount, headerSize, segments, bias, pie);
            return true;
        }

        private static string CheckHeader(ReadOnlySpan<byte> file, bool allowPositionIndependent)
        {
            if (file.Length < HeaderSize) return "file too short for an ELF header";
            if (file[0] != 0x7f || file[1] != (byte)'E' || file[2] != (byte)'L' || file[3] != (byte)'F') return "not an ELF file";
            if (file[4] != 2) return "not ELF64";
            if (file[5] != 1) return "not little-endian";
            if (file[6] != 1) return "unknown ELF version";
            ushort type = Read16(file, 0x10);
            if (type != ExecutableType && !(allowPositionIndependent && type == SharedType))
                return allowPositionIndependent ? "not an executable (ET_EXEC or ET_DYN)" : "not an executable (ET_EXEC)";
            if (Read16(file, 0x12) != MachineX86_64) return "not an x86-64 program";
            return null;
        }

        private static string CheckSegment(ElfSegment segment, ulong fileLength)
        {
            if (segment.MemorySize == 0) return "empty segment";
            if (segment.FileSize > segment.MemorySize) return "segment's file size exceeds its memory size";
            if (segment.FileOffset > fileLength || fileLength - segment.FileOffset < segment.FileSize) return "segment lies outside the file";
            if (segment.VirtualAddress % PageSize != segment.FileOffset % PageSize) return "segment's address and file offset are not congruent mod the page size";
            // Page zero stays unmapped so that null dereferences fault.
            if (segment.VirtualAddress < PageSize) return "segment maps page zero";
            if (segment.VirtualAddress >= UserTop || UserTop - segment.VirtualAddress < segment.MemorySize) return "segment lies outside the user half";
            if (segment.Writable && segment.Executable) return "segment is writable and executable";
            return null;
        }

        // Pages are the unit of protection, so two segments sharing a page conflict.
        private static bool PagesOverlap(ElfSegment a, ElfSegment b)
            => PageFloor(a.VirtualAddress) < PageCeiling(b.End) && PageFloor(b.VirtualAddress) < PageCeiling(a.End);

        private static ulong PageFloor(ulong address) => address & ~(PageSize - 1);
        private static ulong PageCeiling(ulong address) => PageFloor(address + PageSize - 1);

        private ReadOnlySpan<byte> Header(int index) => _file.Slice(_headersOffset + index * _headerSize, _headerSize);

        private static ElfSegment ToSegment(ReadOnlySpan<byte> header, ulong bias)
        {
            uint flags = Read32(header, 4);
            return new ElfSegment(Read64(header, 0x10) + bias, Read64(header, 0x28), Read64(header, 0x08), Read64(header, 0x20),
                (flags & ReadFlag) != 0, (flags & WriteFlag) != 0, (flags & ExecuteFlag) != 0);
        }

        private static bool Fail(string message, out string error)
        {
            error = message;
            return false;
        }

        private static ushort Read16(ReadOnlySpan<byte> data, int offset) => (ushort)(data[offset] | data[offset + 1] << 8);
        private static uint Read32(ReadOnlySpan<byte> data, int offset) => Read16(data, offset) | (uint)Read16(data, offset + 2) << 16;
        private static ulong Read64(ReadOnlySpan<byte> data, int offset) => Read32(data, offset) | (ulong)Read32(data, offset + 4) << 32;
    }
}
