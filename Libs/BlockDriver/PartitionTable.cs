using System;
using Lunix.Abi;

namespace Lunix.BlockDriver
{
    // The partition table of a drive, read when it is first opened (MINIX's partition(), Linux's
    // msdos.c and efi.c): an MBR's four primary partitions as 1..4 and its extended partition's
    // chain of logical ones from 5, or a GPT's entries as 1..15 by their index. A table that
    // cannot be right (a partition past the drive's end or outside its extended partition, two
    // that overlap, an extended chain that loops, a GPT whose CRCs do not match) is refused
    // whole: only the drive itself stays (minor 0), and the reason comes back to be reported.
    // Nothing in a table is trusted: every number is checked before it is used.
    public static class PartitionTable
    {
        public const int Slots = BlockDriverRequests.MinorsPerDrive;   // index 0: the drive itself
        private const int MbrEntries = 446, MbrSignature = 510, EntryBytes = 16;
        private const byte Empty = 0, ProtectiveGpt = 0xEE;
        private const int MaxGptEntryBytes = 128 * 1024;
        private const int MaxRecords = 64;     // extended boot records followed, empty ones included

        // Fills found[1..15] (found[0] is the caller's) from the table on `reader`'s drive of
        // `sectors` sectors of `sectorSize` bytes; `scratch` holds one sector. Returns null when
        // the table is taken (or there is none), else why it was refused (found[1..] then empty).
        // A drive's errors while reading refuse the table too.
        public static string Find<TReader>(TReader reader, ulong sectors, int sectorSize, Span<Partition> found, Span<byte> scratch)
            where TReader : ISectorReader
        {
            found.Slice(1).Clear();
            if (sectorSize < 512 || scratch.Length < sectorSize || sectors < 2) return null;
            Span<byte> sector = scratch.Slice(0, sectorSize);
            string refused = Mbr(reader, sectors, sectorSize, found, sector);
            if (refused != null) found.Slice(1).Clear();
            return refused;
        }

        private static string Mbr<TReader>(TReader reader, ulong sectors, int sectorSize, Span<Partition> found, Span<byte> sector)
            where TReader : ISectorReader
        {
            if (reader.ReadSectors(0, sector) != 0) return "the first sector cannot be read";
            if (sector[MbrSignature] != 0x55 || sector[MbrSignature + 1] != 0xAA) return null;     // no table: a bare drive
            Partition extended = default;
            int extendedSlot = 0;
            for (int i = 0; i < 4; i++)
            {
                int at = MbrEntries + i * EntryBytes;
                if (sector[at + 4] == ProtectiveGpt) return Gpt(reader, sectors, sectorSize, found, sector);
            }
            for (int i = 0; i < 4; i++)
            {
                int at = MbrEntries + i * EntryBytes;
                byte type = sector[at + 4];
                var partition = new Partition(LittleEndian.U32(sector, at + 8), LittleEndian.U32(sector, at + 12));
                if (type == Empty || partition.Sectors == 0) continue;
                if (partition.Start == 0 || partition.End > sectors) return "a primary partition lies outside the drive";
                if (IsExtended(type))
                {
                    if (extendedSlot != 0) return "two extended partitions";
                    extended = partition;
                    extendedSlot = i + 1;
                    // Linux shows an extended partition as its first 1 KiB (its own boot record).
                    found[i + 1] = new Partition(partition.Start, Math.Max(1ul, Math.Min(partition.Sectors, (ulong)(1024 / sectorSize))));
                }
                else found[i + 1] = partition;
            }
            if (extendedSlot == 0) return Overlaps(found, 0);
            // The extended partition overlaps its logical ones by design: its full extent is
            // checked against the other primaries here, its 1 KiB stand-in against nothing else.
            for (int i = 1; i <= 4; i++)
                if (i != extendedSlot && found[i].Present && found[i].Start < extended.End && extended.Start < found[i].End)
                    return "a primary partition overlaps the extended partition";
            return Logicals(reader, extended, found, sector) ?? Overlaps(found, extendedSlot);
        }

        // The chain of extended boot records: each holds one logical partition (relative to
        // itself) and the link to the next (relative to the extended partition's start). Every
        // record must lie inside the extended partition, and none twice: a chain that comes back
        // to a record loops.
        private static string Logicals<TReader>(TReader reader, Partition extended, Span<Partition> found, Span<byte> sector)
            where TReader : ISectorReader
        {
            Span<ulong> visited = stackalloc ulong[MaxRecords];
            int next = 5;
            ulong record = extended.Start;
            for (int visits = 0; visits < MaxRecords && next < Slots; visits++)
            {
                for (int v = 0; v < visits; v++)
                    if (visited[v] == record) return "the extended partition's chain loops";
                visited[visits] = record;
                if (reader.ReadSectors(record, sector) != 0) return "an extended boot record cannot be read";
                if (sector[MbrSignature] != 0x55 || sector[MbrSignature + 1] != 0xAA) return "an extended boot record has no signature";
                int at = MbrEntries;
                ulong start = LittleEndian.U32(sector, at + 8), count = LittleEndian.U32(sector, at + 12);
                if (sector[at + 4] != Empty && count != 0)
                {
                    var logical = new Partition(record + start, count);
                    if (start == 0 || logical.End > extended.End) return "a logical partition lies outside the extended partition";
                    found[next++] = logical;        // as Linux: only a record with a partition takes a number
                }
                at += EntryBytes;
                ulong link = LittleEndian.U32(sector, at + 8);
                if (!IsExtended(sector[at + 4]) || LittleEndian.U32(sector, at + 12) == 0) return null;
                if (link >= extended.Sectors) return "an extended boot record links outside the extended partition";
                record = extended.Start + link;
            }
            return null;        // more logical partitions than minors (or records than followed): the first ones are shown
        }

        // GPT (UEFI 2.x, chapter 5): the header at sector 1 and its entry array, both under CRC32.
        // Entries beyond the 15th are not shown (Linux's hd minors stop there too with 16 per drive).
        private static string Gpt<TReader>(TReader reader, ulong sectors, int sectorSize, Span<Partition> found, Span<byte> sector)
            where TReader : ISectorReader
        {
            if (reader.ReadSectors(1, sector) != 0) return "the GPT header cannot be read";
            if (LittleEndian.U64(sector, 0) != 0x5452415020494645) return "a protective MBR without a GPT header";   // "EFI PART"
            uint headerBytes = LittleEndian.U32(sector, 12);
            if (headerBytes < 92 || headerBytes > (uint)sectorSize) return "the GPT header's size is wrong";
            uint headerCrc = LittleEndian.U32(sector, 16);
            sector[16] = sector[17] = sector[18] = sector[19] = 0;
            if (Crc32.Finish(Crc32.Update(Crc32.Start, sector.Slice(0, (int)headerBytes))) != headerCrc) return "the GPT header's CRC is wrong";
            ulong self = LittleEndian.U64(sector, 24), firstUsable = LittleEndian.U64(sector, 40), lastUsable = LittleEndian.U64(sector, 48);
            ulong entriesAt = LittleEndian.U64(sector, 72);
            uint entries = LittleEndian.U32(sector, 80), entryBytes = LittleEndian.U32(sector, 84), entriesCrc = LittleEndian.U32(sector, 88);
            if (self != 1 || firstUsable > lastUsable || lastUsable >= sectors) return "the GPT header's usable range is wrong";
            if (entryBytes < 128 || (entryBytes & (entryBytes - 1)) != 0 || entryBytes > (uint)sectorSize) return "the GPT entry size is wrong";
            ulong arrayBytes = (ulong)entries * entryBytes;
            ulong arraySectors = (arrayBytes + (ulong)sectorSize - 1) / (ulong)sectorSize;
            if (entries == 0 || arrayBytes > MaxGptEntryBytes) return "the GPT entry count is wrong";
            if (entriesAt < 2 || entriesAt + arraySectors > sectors || (entriesAt <= lastUsable && entriesAt + arraySectors > firstUsable))
                return "the GPT entry array lies outside the drive or over its partitions";
            uint crc = Crc32.Start;
            uint index = 0;
            for (ulong s = 0; s < arraySectors; s++)
            {
                if (reader.ReadSectors(entriesAt + s, sector) != 0) return "the GPT entry array cannot be read";
                int bytes = (int)Math.Min((ulong)sectorSize, arrayBytes - s * (ulong)sectorSize);
                crc = Crc32.Update(crc, sector.Slice(0, bytes));
                for (int at = 0; at < bytes; at += (int)entryBytes, index++)
                {
                    if (LittleEndian.U64(sector, at) == 0 && LittleEndian.U64(sector, at + 8) == 0) continue;     // unused entry
                    ulong first = LittleEndian.U64(sector, at + 32), last = LittleEndian.U64(sector, at + 40);
                    if (first < firstUsable || last < first || last > lastUsable) return "a GPT partition lies outside the usable range";
                    if (index + 1 < Slots) found[(int)index + 1] = new Partition(first, last - first + 1);
                }
            }
            if (Crc32.Finish(crc) != entriesCrc) return "the GPT entry array's CRC is wrong";
            return Overlaps(found, 0);
        }

        // Whether any two partitions share a sector; `skip`, an extended partition's stand-in,
        // is not compared (its logical partitions lie inside it).
        private static string Overlaps(Span<Partition> found, int skip)
        {
            for (int i = 1; i < Slots; i++)
                for (int j = i + 1; j < Slots; j++)
                    if (i != skip && j != skip && found[i].Present && found[j].Present && found[i].Start < found[j].End && found[j].Start < found[i].End)
                        return "two partitions overlap";
            return null;
        }

        private static bool IsExtended(byte type) => type == 0x05 || type == 0x0F || type == 0x85;
    }
}
