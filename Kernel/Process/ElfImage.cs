using System;

namespace Lunix.Kernel.Process
{
    // A program file as the loader sees it: an ELF64 x86-64 executable whose PT_LOAD segments can
    // be mapped page by page into a user address space, W^X. TryParse checks everything a
    // malicious or broken file could get wrong, so the loader can trust what it is given; the
    // image is a view over the file (no copies, no allocation).
    public readonly ref struct ElfImage
    {
        public const ulong PageSize = 4096;
        public const ulong UserTop = 0x0000800000000000;   // the user half ends here
        private const int MaxProgramHeaders = 32;          // bounds the pairwise overlap check

        private const int HeaderSize = 64;
        private const int ProgramHeaderSize = 56;
        private const ushort ExecutableType = 2;           // ET_EXEC
        private const ushort MachineX86_64 = 62;           // EM_X86_64
        private const uint LoadType = 1;                   // PT_LOAD
        private const uint DynamicType = 2;                // PT_DYNAMIC
        private const uint InterpreterType = 3;            // PT_INTERP
        private const uint ExecuteFlag = 1, WriteFlag = 2, ReadFlag = 4;

        private readonly ReadOnlySpan<byte> _file;
        private readonly int _headersOffset;
        private readonly int _headerCount;
        private readonly int _headerSize;

        public readonly ulong Entry;
        public readonly int SegmentCount;                  // PT_LOAD segments

        private ElfImage(ReadOnlySpan<byte> file, ulong entry, int headersOffset, int headerCount, int headerSize, int segmentCount)
        {
            _file = file;
            Entry = entry;
            _headersOffset = headersOffset;
            _headerCount = headerCount;
            _headerSize = headerSize;
            SegmentCount = segmentCount;
        }

        // The index-th PT_LOAD segment, in file order.
        public ElfSegment Segment(int index)
        {
            for (int i = 0; i < _headerCount; i++)
            {
                ReadOnlySpan<byte> header = Header(i);
                if (Read32(header, 0) == LoadType && index-- == 0) return ToSegment(header);
            }
            return default;
        }

        public static bool TryParse(ReadOnlySpan<byte> file, out ElfImage image, out string error)
        {
            image = default;
            error = CheckHeader(file);
            if (error != null) return false;

            ulong entry = Read64(file, 0x18);
            ulong headersOffset = Read64(file, 0x20);
            int headerSize = Read16(file, 0x36);
            int headerCount = Read16(file, 0x38);
            if (headerSize < ProgramHeaderSize) return Fail("program header entries are too small", out error);
            if (headerCount == 0 || headerCount > MaxProgramHeaders) return Fail("program header count out of range", out error);
            if (headersOffset > (ulong)file.Length || ((ulong)file.Length - headersOffset) / (ulong)headerSize < (ulong)headerCount)
                return Fail("program headers lie outside the file", out error);

            // Segment(j) reads the headers only, so a view without a count serves the overlap check.
            var parsed = new ElfImage(file, entry, (int)headersOffset, headerCount, headerSize, 0);
            int segments = 0;
            bool entryExecutable = false;
            for (int i = 0; i < headerCount; i++)
            {
                ReadOnlySpan<byte> header = parsed.Header(i);
                uint type = Read32(header, 0);
                if (type == DynamicType || type == InterpreterType) return Fail("dynamically linked programs are not supported", out error);
                if (type != LoadType) continue;

                ElfSegment segment = ToSegment(header);
                error = CheckSegment(segment, (ulong)file.Length);
                if (error != null) return false;
                for (int j = 0; j < segments; j++)
                    if (PagesOverlap(segment, parsed.Segment(j))) return Fail("segments overlap", out error);
                if (segment.Executable && entry >= segment.VirtualAddress && entry - segment.VirtualAddress < segment.FileSize)
                    entryExecutable = true;
                segments++;
            }
            if (segments == 0) return Fail("no loadable segment", out error);
            if (!entryExecutable) return Fail("entry point is not in an executable segment", out error);

            image = new ElfImage(file, entry, (int)headersOffset, headerCount, headerSize, segments);
            return true;
        }

        private static string CheckHeader(ReadOnlySpan<byte> file)
        {
            if (file.Length < HeaderSize) return "file too short for an ELF header";
            if (file[0] != 0x7f || file[1] != (byte)'E' || file[2] != (byte)'L' || file[3] != (byte)'F') return "not an ELF file";
            if (file[4] != 2) return "not ELF64";
            if (file[5] != 1) return "not little-endian";
            if (file[6] != 1) return "unknown ELF version";
            if (Read16(file, 0x10) != ExecutableType) return "not an executable (ET_EXEC)";
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

        private static ElfSegment ToSegment(ReadOnlySpan<byte> header)
        {
            uint flags = Read32(header, 4);
            return new ElfSegment(Read64(header, 0x10), Read64(header, 0x28), Read64(header, 0x08), Read64(header, 0x20),
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
