using System;
using System.Buffers.Binary;

namespace Lunix.Kernel.Boot
{
    public enum MemoryRegionType : uint { Available = 1, Reserved = 2, AcpiReclaimable = 3, AcpiNvs = 4, Defective = 5 }

    public readonly struct MemoryRegion
    {
        public ulong Base { get; init; }
        public ulong Length { get; init; }
        // Values other than the named ones are kept as given; the spec says to treat them as reserved.
        public MemoryRegionType Type { get; init; }
    }

    // A file GRUB loaded next to the kernel: physical [Start, End) and its command line.
    public readonly struct BootModule
    {
        public ulong Start { get; init; }
        public ulong End { get; init; }
        public string Name { get; init; }
    }

    public enum FramebufferKind : byte { Indexed = 0, Rgb = 1, EgaText = 2 }

    public readonly struct Framebuffer
    {
        public bool IsPresent { get; init; }
        public ulong Address { get; init; }
        public uint Pitch { get; init; }
        public uint Width { get; init; }
        public uint Height { get; init; }
        public byte BitsPerPixel { get; init; }
        public FramebufferKind Kind { get; init; }
        // Rgb only: bit position and width of each channel within a pixel.
        public byte RedPosition { get; init; }
        public byte RedSize { get; init; }
        public byte GreenPosition { get; init; }
        public byte GreenSize { get; init; }
        public byte BluePosition { get; init; }
        public byte BlueSize { get; init; }
        // Indexed only: the palette's {red, green, blue} byte triples, as an offset into the input.
        public int PaletteOffset { get; init; }
        public int PaletteColors { get; init; }
    }

    // Where GRUB's copy of the ACPI root pointer sits within the boot information.
    public readonly struct AcpiRsdp
    {
        public bool IsPresent { get; init; }
        // True for the ACPI 2.0+ XSDP (tag 15), which carries the XSDT address.
        public bool IsExtended { get; init; }
        public int Offset { get; init; }
        public int Length { get; init; }
    }

    // The multiboot2 boot information: u32 total_size, u32 reserved, then 8-byte-aligned tags of
    // {u32 type, u32 size, fields}, closed by an end tag {0, 8}. Every read is bounds-checked
    // against the tag and the structure, so a malformed structure gives an error, never a fault.
    public sealed class BootInfo
    {
        private const uint TagEnd = 0, TagCommandLine = 1, TagBootLoaderName = 2, TagModule = 3, TagBasicMemory = 4,
            TagMemoryMap = 6, TagFramebuffer = 8, TagEfi64SystemTable = 12, TagAcpiOldRsdp = 14, TagAcpiNewRsdp = 15;
        private const int HeaderSize = 8;
        private const int RsdpV1Size = 20, RsdpV2Size = 36;

        public string CommandLine { get; private set; } = "";
        public string BootLoaderName { get; private set; } = "";
        public BootModule[] Modules { get; private set; } = new BootModule[0];
        public bool HasBasicMemory { get; private set; }
        public uint LowerMemoryKiB { get; private set; }
        public uint UpperMemoryKiB { get; private set; }
        public MemoryRegion[] MemoryMap { get; private set; } = new MemoryRegion[0];
        public Framebuffer Framebuffer { get; private set; }
        public AcpiRsdp Rsdp { get; private set; }
        // GRUB passes the EFI system table only when it was started by UEFI firmware.
        public bool IsUefiBoot { get; private set; }
        public ulong EfiSystemTable { get; private set; }

        private BootInfo() { }

        public static bool TryParse(ReadOnlySpan<byte> info, out BootInfo bootInfo, out string error)
        {
            bootInfo = null;
            if (info.Length < HeaderSize) { error = "boot information is shorter than its 8-byte header"; return false; }
            uint totalSize = BinaryPrimitives.ReadUInt32LittleEndian(info);
            if (totalSize > (uint)info.Length)
            {
                error = string.Concat("total size ", totalSize.ToString(), " exceeds the ", info.Length.ToString(), " bytes available");
                return false;
            }
            if (totalSize < HeaderSize * 2) { error = string.Concat("total size ", totalSize.ToString(), " leaves no room for the end tag"); return false; }
            info = info.Slice(0, (int)totalSize);

            var result = new BootInfo();
            int offset = HeaderSize;
            while (true)
            {
                if (info.Length - offset < HeaderSize) { error = "no end tag"; return false; }
                uint type = BinaryPrimitives.ReadUInt32LittleEndian(info.Slice(offset));
                uint size = BinaryPrimitives.ReadUInt32LittleEndian(info.Slice(offset + 4));
                if (size < HeaderSize) { error = TagError(type, offset, string.Concat("size ", size.ToString(), " is smaller than a tag header")); return false; }
                if (size > (uint)(info.Length - offset))
                {
                    error = TagError(type, offset, string.Concat("size ", size.ToString(), " overruns the structure (total size ", totalSize.ToString(), ")"));
                    return false;
                }
                if (type == TagEnd)
                {
                    if (size != HeaderSize) { error = TagError(type, offset, string.Concat("end tag has size ", size.ToString(), ", expected 8")); return false; }
                    bootInfo = result;
                    error = null;
                    return true;
                }
                error = result.ReadTag(type, offset, info.Slice(offset, (int)size));
                if (error != null) return false;
                // Tags start on 8-byte boundaries; the size field excludes the padding.
                offset = (int)((offset + size + 7) & ~7u);
            }
        }

        // Reads one tag's fields; returns an error message, or null when the tag is well formed.
        private string ReadTag(uint type, int offset, ReadOnlySpan<byte> tag)
        {
            switch (type)
            {
                case TagCommandLine:
                    CommandLine = ReadString(tag.Slice(HeaderSize));
                    return null;
                case TagBootLoaderName:
                    BootLoaderName = ReadString(tag.Slice(HeaderSize));
                    return null;
                case TagModule:
                    return ReadModule(type, offset, tag);
                case TagBasicMemory:
                    if (tag.Length < 16) return TooShort(type, offset, tag, 16);
                    HasBasicMemory = true;
                    LowerMemoryKiB = BinaryPrimitives.ReadUInt32LittleEndian(tag.Slice(8));
                    UpperMemoryKiB = BinaryPrimitives.ReadUInt32LittleEndian(tag.Slice(12));
                    return null;
                case TagMemoryMap:
                    return ReadMemoryMap(type, offset, tag);
                case TagFramebuffer:
                    return ReadFramebuffer(type, offset, tag);
                case TagEfi64SystemTable:
                    if (tag.Length < 16) return TooShort(type, offset, tag, 16);
                    IsUefiBoot = true;
                    EfiSystemTable = BinaryPrimitives.ReadUInt64LittleEndian(tag.Slice(8));
                    return null;
                case TagAcpiOldRsdp:
                case TagAcpiNewRsdp:
                    return ReadRsdp(type, offset, tag);
                default:
                    // Tags this kernel has no use for (ELF sections, APM, SMBIOS, ...) are skipped.
                    return null;
            }
        }

        private string ReadModule(uint type, int offset, ReadOnlySpan<byte> tag)
        {
            if (tag.Length < 16) return TooShort(type, offset, tag, 16);
            uint start = BinaryPrimitives.ReadUInt32LittleEndian(tag.Slice(8));
            uint end = BinaryPrimitives.ReadUInt32LittleEndian(tag.Slice(12));
            if (end < start) return TagError(type, offset, "module ends before it starts");
            BootModule[] modules = Modules;
            Array.Resize(ref modules, modules.Length + 1);
            modules[modules.Length - 1] = new BootModule { Start = start, End = end, Name = ReadString(tag.Slice(16)) };
            Modules = modules;
            return null;
        }

        private string ReadMemoryMap(uint type, int offset, ReadOnlySpan<byte> tag)
        {
            if (tag.Length < 16) return TooShort(type, offset, tag, 16);
            uint entrySize = BinaryPrimitives.ReadUInt32LittleEndian(tag.Slice(8));
            // Entries may grow in later versions, but always by whole 8-byte units past the 24 we read.
            if (entrySize < 24 || entrySize % 8 != 0)
                return TagError(type, offset, string.Concat("memory map entry size ", entrySize.ToString(), " is not a multiple of 8 of at least 24"));
            ReadOnlySpan<byte> entries = tag.Slice(16);
            if ((uint)entries.Length % entrySize != 0)
                return TagError(type, offset, string.Concat("memory map of ", entries.Length.ToString(), " bytes is not a whole number of ", entrySize.ToString(), "-byte entries"));
            var map = new MemoryRegion[(uint)entries.Length / entrySize];
            for (int i = 0; i < map.Length; i++)
            {
                ReadOnlySpan<byte> entry = entries.Slice(i * (int)entrySize);
                map[i] = new MemoryRegion
                {
                    Base = BinaryPrimitives.ReadUInt64LittleEndian(entry),
                    Length = BinaryPrimitives.ReadUInt64LittleEndian(entry.Slice(8)),
                    Type = (MemoryRegionType)BinaryPrimitives.ReadUInt32LittleEndian(entry.Slice(16)),
                };
            }
            MemoryMap = map;
            return null;
        }

        // Fields at 8: u64 address, u32 pitch, u32 width, u32 height, u8 bpp, u8 type, u16 reserved;
        // then from 32 the colour information, which depends on the type.
        private string ReadFramebuffer(uint type, int offset, ReadOnlySpan<byte> tag)
        {
            if (tag.Length < 32) return TooShort(type, offset, tag, 32);
            var kind = (FramebufferKind)tag[29];
            int paletteOffset = 0, paletteColors = 0;
            if (kind == FramebufferKind.Rgb && tag.Length < 38) return TooShort(type, offset, tag, 38);
            if (kind == FramebufferKind.Indexed)
            {
                if (tag.Length < 34) return TooShort(type, offset, tag, 34);
                paletteColors = BinaryPrimitives.ReadUInt16LittleEndian(tag.Slice(32));
                if (tag.Length < 34 + 3 * paletteColors) return TooShort(type, offset, tag, 34 + 3 * paletteColors);
                paletteOffset = offset + 34;
            }
            bool rgb = kind == FramebufferKind.Rgb;
            Framebuffer = new Framebuffer
            {
                IsPresent = true,
                Address = BinaryPrimitives.ReadUInt64LittleEndian(tag.Slice(8)),
                Pitch = BinaryPrimitives.ReadUInt32LittleEndian(tag.Slice(16)),
                Width = BinaryPrimitives.ReadUInt32LittleEndian(tag.Slice(20)),
                Height = BinaryPrimitives.ReadUInt32LittleEndian(tag.Slice(24)),
                BitsPerPixel = tag[28],
                Kind = kind,
                RedPosition = rgb ? tag[32] : (byte)0,
                RedSize = rgb ? tag[33] : (byte)0,
                GreenPosition = rgb ? tag[34] : (byte)0,
                GreenSize = rgb ? tag[35] : (byte)0,
                BluePosition = rgb ? tag[36] : (byte)0,
                BlueSize = rgb ? tag[37] : (byte)0,
                PaletteOffset = paletteOffset,
                PaletteColors = paletteColors,
            };
            return null;
        }

        // GRUB copies the RSDP into the tag. When both versions are present the extended one wins.
        private string ReadRsdp(uint type, int offset, ReadOnlySpan<byte> tag)
        {
            bool extended = type == TagAcpiNewRsdp;
            int needed = HeaderSize + (extended ? RsdpV2Size : RsdpV1Size);
            if (tag.Length < needed) return TooShort(type, offset, tag, needed);
            if (Rsdp.IsExtended && !extended) return null;
            Rsdp = new AcpiRsdp { IsPresent = true, IsExtended = extended, Offset = offset + HeaderSize, Length = tag.Length - HeaderSize };
            return null;
        }

        // Strings are NUL-terminated UTF-8; the kernel only needs ASCII, so bytes map to chars one to one.
        private static string ReadString(ReadOnlySpan<byte> bytes)
        {
            int length = bytes.IndexOf((byte)0);
            if (length < 0) length = bytes.Length;
            if (length == 0) return "";
            char[] chars = new char[length];
            for (int i = 0; i < length; i++) chars[i] = (char)bytes[i];
            return new string(chars);
        }

        private static string TooShort(uint type, int offset, ReadOnlySpan<byte> tag, int needed)
            => TagError(type, offset, string.Concat("size ", tag.Length.ToString(), " is smaller than the ", needed.ToString(), " bytes its fields need"));

        private static string TagError(uint type, int offset, string what)
            => string.Concat("tag ", type.ToString(), " at offset ", offset.ToString(), ": ", what);
    }
}
