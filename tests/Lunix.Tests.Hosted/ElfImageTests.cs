using Lunix.Elf;
using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using Xunit;

namespace Lunix.Tests.Hosted
{
    public class ElfImageTests
    {
        private const string InitElf = "iso/build/init.elf";
        private const string InitSymbols = "iso/build/init.sym";
        private const uint R = 4, W = 2, X = 1;

        private readonly record struct Load(uint Flags, ulong Address, ulong Offset, ulong FileSize, ulong MemorySize);

        // A minimal ET_EXEC x86-64 file: the ELF header, the program headers right after it, and
        // the file padded to cover every segment's bytes. Shaped like what program.ld produces.
        private static byte[] Build(ulong entry, params Load[] loads)
        {
            int headersEnd = 64 + 56 * loads.Length;
            int length = (int)Math.Max((ulong)headersEnd, loads.Select(l => l.Offset + l.FileSize).DefaultIfEmpty(0UL).Max());
            byte[] file = new byte[length];
            new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1 }.CopyTo(file, 0);
            BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x10), 2);
            BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x12), 62);
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(0x14), 1);
            BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(0x18), entry);
            BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(0x20), 64);
            BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x34), 64);
            BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x36), 56);
            BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x38), (ushort)loads.Length);
            for (int i = 0; i < loads.Length; i++)
            {
                Span<byte> header = file.AsSpan(64 + 56 * i, 56);
                BinaryPrimitives.WriteUInt32LittleEndian(header, 1);
                BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(4), loads[i].Flags);
                BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(0x08), loads[i].Offset);
                BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(0x10), loads[i].Address);
                BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(0x18), loads[i].Address);
                BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(0x20), loads[i].FileSize);
                BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(0x28), loads[i].MemorySize);
                BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(0x30), 0x1000);
            }
            return file;
        }

        private static readonly Load Text = new(R | X, 0x400000, 0x1000, 0x1200, 0x1200);
        private static readonly Load ReadOnly = new(R, 0x402000, 0x3000, 0x900, 0x900);
        private static readonly Load Data = new(R | W, 0x403000, 0x4000, 0xb00, 0x81000);

        private static byte[] Program(ulong entry = 0x400000) => Build(entry, Text, ReadOnly, Data);

        private static string Rejection(byte[] file)
        {
            Assert.False(ElfImage.TryParse(file, out ElfImage image, out string error));
            Assert.Equal(0, image.SegmentCount);
            Assert.NotNull(error);
            return error;
        }

        [FactRequiringFile(InitElf)]
        public void The_built_init_program_has_text_readonly_and_data_segments_entered_at_start()
        {
            byte[] file = File.ReadAllBytes(RepositoryPaths.Resolve(InitElf));
            Assert.True(ElfImage.TryParse(file, out ElfImage image, out string error), error);
            Assert.Null(error);
            Assert.Equal(3, image.SegmentCount);
            ElfSegment text = image.Segment(0), readOnly = image.Segment(1), data = image.Segment(2);
            Assert.Equal(0x400000UL, text.VirtualAddress);
            Assert.True(text.Readable && text.Executable && !text.Writable);
            Assert.True(readOnly.Readable && !readOnly.Executable && !readOnly.Writable);
            Assert.True(data.Readable && data.Writable && !data.Executable);
            Assert.True(text.End <= readOnly.VirtualAddress && readOnly.End <= data.VirtualAddress);
            Assert.True(data.MemorySize >= 512 * 1024, "the program heap is in the data segment's bss");

            string start = File.ReadLines(RepositoryPaths.Resolve(InitSymbols)).Single(line => line.EndsWith(" _start"));
            Assert.Equal(Convert.ToUInt64(start.Split(' ')[0], 16), image.Entry);
        }

        [Fact]
        public void A_well_formed_program_exposes_its_segments_in_file_order()
        {
            Assert.True(ElfImage.TryParse(Program(0x400010), out ElfImage image, out string error), error);
            Assert.Equal(0x400010UL, image.Entry);
            Assert.Equal(3, image.SegmentCount);
            ElfSegment data = image.Segment(2);
            Assert.Equal((0x403000UL, 0x81000UL, 0x4000UL, 0xb00UL), (data.VirtualAddress, data.MemorySize, data.FileOffset, data.FileSize));
            Assert.Equal(0x484000UL, data.End);
        }

        [Fact]
        public void Truncated_files_are_refused()
        {
            byte[] file = Program();
            Assert.Contains("too short", Rejection(file[..40]));
            Assert.Contains("program headers", Rejection(file[..100]));
            Assert.Contains("outside the file", Rejection(file[..0x4800]));
        }

        [Fact]
        public void Files_that_are_not_x86_64_executables_are_refused()
        {
            (int Offset, byte Value, string Error)[] cases =
            {
                (0, 0x7e, "not an ELF"), (4, 1, "ELF64"), (5, 2, "little-endian"), (0x10, 3, "ET_EXEC"), (0x12, 3, "x86-64"),
            };
            foreach (var (offset, value, expected) in cases)
            {
                byte[] file = Program();
                file[offset] = value;
                Assert.Contains(expected, Rejection(file));
            }
        }

        [Fact]
        public void Overlapping_segments_are_refused_even_when_they_only_share_a_page()
        {
            Assert.Contains("overlap", Rejection(Build(0x400000, Text, Text with { Flags = R, Offset = 0x3000 })));
            Assert.Contains("overlap", Rejection(Build(0x400000, Text, ReadOnly with { Address = 0x401800, Offset = 0x3800 })));
        }

        [Fact]
        public void A_writable_and_executable_segment_is_refused() =>
            Assert.Contains("writable and executable", Rejection(Build(0x400000, Text with { Flags = R | W | X })));

        [Fact]
        public void An_entry_point_outside_the_text_is_refused()
        {
            Assert.Contains("entry point", Rejection(Program(0x403000)));
            Assert.Contains("entry point", Rejection(Program(0x401200)));
            Assert.Contains("entry point", Rejection(Program(0x3ff000)));
        }

        [Fact]
        public void Segments_outside_the_user_half_are_refused()
        {
            Assert.Contains("user half", Rejection(Build(0xffffffff80000000, Text with { Address = 0xffffffff80000000 })));
            Assert.Contains("user half", Rejection(Build(0x400000, Text, Data with { Address = 0x00007ffffff00000, MemorySize = 0x200000 })));
            Assert.Contains("page zero", Rejection(Build(0x0, Text with { Address = 0 })));
        }

        [Fact]
        public void Misaligned_or_inconsistent_segments_are_refused()
        {
            Assert.Contains("congruent", Rejection(Build(0x400000, Text with { Offset = 0x1010 })));
            Assert.Contains("file size exceeds", Rejection(Build(0x400000, Text with { MemorySize = 0x100 })));
            Assert.Contains("empty", Rejection(Build(0x400000, Text, Data with { FileSize = 0, MemorySize = 0 })));
        }

        [Fact]
        public void Files_without_loadable_segments_or_needing_a_dynamic_linker_are_refused()
        {
            Assert.Contains("program header count", Rejection(Build(0x400000)));
            byte[] interpreted = Program();
            BinaryPrimitives.WriteUInt32LittleEndian(interpreted.AsSpan(64 + 56), 3);
            Assert.Contains("dynamically linked", Rejection(interpreted));
            byte[] noLoad = Build(0x400000, Text);
            BinaryPrimitives.WriteUInt32LittleEndian(noLoad.AsSpan(64), 6);   // PT_PHDR
            Assert.Contains("no loadable segment", Rejection(noLoad));
        }
    }
}
