using System;
using System.Buffers.Binary;
using Lunix.Arch.X86.Memory;

namespace Lunix.Arch.X86.Acpi
{
    // Finds ACPI tables: the RSDP (handed over by the boot loader, or found in the BIOS area),
    // then the XSDT or RSDT, whose entries point at the other tables. Every table's checksum
    // is verified before it is trusted.
    public static unsafe class AcpiTables
    {
        private static ulong s_rootTable;
        private static bool s_extended;

        public static bool IsPresent => s_rootTable != 0;
        public static int Revision { get; private set; }

        // rsdp: the RSDP bytes from the multiboot2 tags, or empty to search the BIOS area.
        public static bool Initialize(ReadOnlySpan<byte> rsdp)
        {
            if (rsdp.Length < 20) rsdp = ScanBiosArea();
            if (rsdp.Length < 20 || !rsdp.Slice(0, 8).SequenceEqual("RSD PTR "u8) || !ChecksumValid(rsdp.Slice(0, 20)))
                return false;
            Revision = rsdp[15];
            if (Revision >= 2 && rsdp.Length >= 36)
            {
                s_rootTable = BinaryPrimitives.ReadUInt64LittleEndian(rsdp.Slice(24));
                s_extended = true;
            }
            else
            {
                s_rootTable = BinaryPrimitives.ReadUInt32LittleEndian(rsdp.Slice(16));
            }
            return Table(s_rootTable).Length > 0;
        }

        // A table by its four-letter signature ("APIC" for the MADT, "FACP" for the FADT).
        public static ReadOnlySpan<byte> Find(ReadOnlySpan<byte> signature)
        {
            ReadOnlySpan<byte> root = Table(s_rootTable);
            if (root.Length < 36) return default;
            int entrySize = s_extended ? 8 : 4;
            for (int offset = 36; offset + entrySize <= root.Length; offset += entrySize)
            {
                ulong address = s_extended ? BinaryPrimitives.ReadUInt64LittleEndian(root.Slice(offset)) : BinaryPrimitives.ReadUInt32LittleEndian(root.Slice(offset));
                ReadOnlySpan<byte> table = Table(address);
                if (table.Length >= 4 && table.Slice(0, 4).SequenceEqual(signature)) return table;
            }
            return default;
        }

        // The table at a physical address, or empty when it is absent or corrupt.
        public static ReadOnlySpan<byte> Table(ulong physical)
        {
            if (physical == 0 || physical >= BootPaging.MappedLimit) return default;
            byte* header = DirectMap.ToVirtual(physical);
            uint length = *(uint*)(header + 4);
            if (length < 36 || length > 16 * 1024 * 1024) return default;
            var table = new ReadOnlySpan<byte>(header, (int)length);
            return ChecksumValid(table) ? table : default;
        }

        private static bool ChecksumValid(ReadOnlySpan<byte> bytes)
        {
            byte sum = 0;
            foreach (byte b in bytes) sum += b;
            return sum == 0;
        }

        // The legacy location: a 16-byte aligned signature in 0xE0000-0xFFFFF.
        private static ReadOnlySpan<byte> ScanBiosArea()
        {
            for (ulong address = 0xE0000; address < 0x100000; address += 16)
            {
                var candidate = new ReadOnlySpan<byte>(DirectMap.ToVirtual(address), 36);
                if (candidate.Slice(0, 8).SequenceEqual("RSD PTR "u8) && ChecksumValid(candidate.Slice(0, 20)))
                    return candidate;
            }
            return default;
        }
    }
}
