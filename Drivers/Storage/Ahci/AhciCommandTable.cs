using System;
using Lunix.Abi.Linux;

namespace Lunix.Drivers.Storage.Ahci
{
    // The in-memory structures of one AHCI command (AHCI 1.3.1, 4.2.2-4.2.3): its header in the
    // port's command list, and its command table: the command FIS (a Register Host-to-Device FIS,
    // SATA 3.x 10.5.5), the ATAPI packet, and the physical region descriptors (PRDs) that say
    // where the data goes. Pure byte layouts over spans, so the hosted tests check them.
    public static class AhciCommandTable
    {
        public const int HeaderBytes = 32;
        public const int PacketOffset = 0x40;       // ACMD: the ATAPI command's 12 or 16 bytes
        public const int PrdOffset = 0x80;
        public const int PrdBytes = 16;
        public const int MaxPrdBytes = 4 << 20;     // one descriptor's most (its byte count is 22 bits)
        private const int FisDwords = 5;
        private const byte RegisterHostToDevice = 0x27, CommandBit = 0x80, LbaMode = 0x40;

        // A table's bytes for `prds` descriptors.
        public static int TableBytes(int prds) => PrdOffset + prds * PrdBytes;

        // The command FIS: `command` with its 48-bit LBA, sector count and features.
        public static void WriteFis(Span<byte> table, byte command, ulong lba, int count, byte features)
        {
            Span<byte> fis = table.Slice(0, 20);
            fis.Clear();
            fis[0] = RegisterHostToDevice;
            fis[1] = CommandBit;                    // a command, not a device control update
            fis[2] = command;
            fis[3] = features;
            fis[4] = (byte)lba;
            fis[5] = (byte)(lba >> 8);
            fis[6] = (byte)(lba >> 16);
            fis[7] = LbaMode;
            fis[8] = (byte)(lba >> 24);
            fis[9] = (byte)(lba >> 32);
            fis[10] = (byte)(lba >> 40);
            fis[12] = (byte)count;
            fis[13] = (byte)(count >> 8);
        }

        // The PRDs for `length` bytes of physically contiguous memory at `physical`, cut into
        // pieces of at most MaxPrdBytes: how many were written, or -EINVAL for a length that is
        // zero or odd (the HBA moves words) and -E2BIG for more descriptors than `table` has room for.
        public static int WritePrds(Span<byte> table, ulong physical, int length)
        {
            if (length <= 0 || (length & 1) != 0) return -(int)LinuxErrno.EINVAL;
            int count = (length + MaxPrdBytes - 1) / MaxPrdBytes;
            if (PrdOffset + count * PrdBytes > table.Length) return -(int)LinuxErrno.E2BIG;
            for (int i = 0; i < count; i++)
            {
                int piece = Math.Min(MaxPrdBytes, length - i * MaxPrdBytes);
                Span<byte> prd = table.Slice(PrdOffset + i * PrdBytes, PrdBytes);
                ulong at = physical + (ulong)i * MaxPrdBytes;
                WriteU32(prd, 0, (uint)at);
                WriteU32(prd, 4, (uint)(at >> 32));
                WriteU32(prd, 8, 0);
                WriteU32(prd, 12, (uint)(piece - 1));      // the interrupt bit stays off: the command's end interrupts
            }
            return count;
        }

        // The command's header: the FIS's length, ATAPI or not, the direction, its PRDs and where
        // its table is (128-byte aligned). The byte count the HBA moved (PRDBC) starts at 0.
        public static void WriteHeader(Span<byte> header, int prds, bool write, bool atapi, ulong tablePhysical)
        {
            uint flags = FisDwords | (atapi ? 1u << 5 : 0) | (write ? 1u << 6 : 0) | (uint)prds << 16;
            WriteU32(header, 0, flags);
            WriteU32(header, 4, 0);
            WriteU32(header, 8, (uint)tablePhysical);
            WriteU32(header, 12, (uint)(tablePhysical >> 32));
            header.Slice(16, HeaderBytes - 16).Clear();
        }

        // The bytes the HBA says it moved (the header's PRDBC, once the command is done).
        public static uint Transferred(ReadOnlySpan<byte> header) =>
            (uint)(header[4] | header[5] << 8 | header[6] << 16 | header[7] << 24);

        private static void WriteU32(Span<byte> into, int at, uint value)
        {
            into[at] = (byte)value;
            into[at + 1] = (byte)(value >> 8);
            into[at + 2] = (byte)(value >> 16);
            into[at + 3] = (byte)(value >> 24);
        }
    }
}
