using System;
using System.Buffers.Binary;
using System.Text;

namespace Lunix.Tests.Hosted
{
    // Just enough of ELF64 to find a section by name: its file offset, size and load address.
    internal static class ElfSections
    {
        private static readonly byte[] Magic = { 0x7f, (byte)'E', (byte)'L', (byte)'F' };

        public readonly record struct Section(ulong Address, int FileOffset, int Size);

        public static Section Find(byte[] elf, string name)
        {
            if (elf.Length < 64 || !elf.AsSpan(0, 4).SequenceEqual(Magic) || elf[4] != 2)
                throw new FormatException("not an ELF64 file");
            ulong tableOffset = BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(0x28));
            int entrySize = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3a));
            int count = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3c));
            int namesIndex = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3e));
            ReadOnlySpan<byte> Header(int index) => elf.AsSpan(checked((int)tableOffset + index * entrySize), entrySize);
            int namesOffset = (int)BinaryPrimitives.ReadUInt64LittleEndian(Header(namesIndex).Slice(0x18));

            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<byte> header = Header(i);
                int nameStart = namesOffset + (int)BinaryPrimitives.ReadUInt32LittleEndian(header);
                int nameLength = elf.AsSpan(nameStart).IndexOf((byte)0);
                if (Encoding.ASCII.GetString(elf, nameStart, nameLength) != name) continue;
                return new Section(
                    BinaryPrimitives.ReadUInt64LittleEndian(header.Slice(0x10)),
                    checked((int)BinaryPrimitives.ReadUInt64LittleEndian(header.Slice(0x18))),
                    checked((int)BinaryPrimitives.ReadUInt64LittleEndian(header.Slice(0x20))));
            }
            throw new FormatException($"no section {name}");
        }
    }
}
