using System;
using Lunix.Abi.Linux;

namespace Lunix.BlockDriver
{
    // The SCSI commands the drivers send (SPC-4, SBC-3 and MMC's READ CAPACITY and READ(10)) and
    // the reading of their replies, once for all transports: the USB driver's Bulk-Only stick
    // (in a CBW), the IDE and AHCI drivers' ATAPI CD drives (in a PACKET command's 12 bytes,
    // AtapiPackets). Each command is written over the whole span it is given, zeros after its
    // own bytes, so one call fills a 6- or 10-byte CDB or a 12-byte ATAPI packet alike. Pure, so
    // the hosted tests check them.
    public static class ScsiCommands
    {
        public const int InquiryBytes = 36, CapacityBytes = 8, SenseBytes = 18;
        public const int Command6 = 6, Command10 = 10;
        private const byte TestUnitReadyCode = 0x00, RequestSenseCode = 0x03, InquiryCode = 0x12;
        private const byte ReadCapacityCode = 0x25, Read10Code = 0x28, Write10Code = 0x2A;

        public static void TestUnitReady(Span<byte> cdb) => cdb.Clear();

        public static void RequestSense(Span<byte> cdb)
        {
            cdb.Clear();
            cdb[0] = RequestSenseCode;
            cdb[4] = SenseBytes;
        }

        public static void Inquiry(Span<byte> cdb)
        {
            cdb.Clear();
            cdb[0] = InquiryCode;
            cdb[4] = InquiryBytes;
        }

        public static void ReadCapacity(Span<byte> cdb)
        {
            cdb.Clear();
            cdb[0] = ReadCapacityCode;
        }

        // READ(10) or WRITE(10) of `blocks` blocks (1..65535) at `lba` (below 2^32).
        public static void Transfer(Span<byte> cdb, bool write, uint lba, int blocks)
        {
            cdb.Clear();
            cdb[0] = write ? Write10Code : Read10Code;
            cdb[2] = (byte)(lba >> 24);
            cdb[3] = (byte)(lba >> 16);
            cdb[4] = (byte)(lba >> 8);
            cdb[5] = (byte)lba;
            cdb[7] = (byte)(blocks >> 8);
            cdb[8] = (byte)blocks;
        }

        // READ CAPACITY(10)'s reply: the last block's address and the block's bytes, as the
        // drive's facts (writable: MODE SENSE's write-protect bit is not asked; a protected
        // stick fails its writes, a CD's driver marks it read-only itself). 0, EPROTO for a
        // block size that is not a power of two from 512 to 4096, or EFBIG for a device of 2^32
        // blocks or more (it needs READ CAPACITY(16), which no driver sends).
        public static int Capacity(ReadOnlySpan<byte> reply, out DriveFacts facts)
        {
            facts = default;
            uint last = BigEndian.U32(reply, 0), size = BigEndian.U32(reply, 4);
            if (size < 512 || size > 4096 || (size & (size - 1)) != 0) return -(int)LinuxErrno.EPROTO;
            if (last == uint.MaxValue) return -(int)LinuxErrno.EFBIG;
            facts.Sectors = (ulong)last + 1;
            facts.SectorSize = (int)size;
            return 0;
        }

        // The sense key of REQUEST SENSE's fixed-format reply (0x70 or 0x71), or -1.
        public static int SenseKey(ReadOnlySpan<byte> sense, int received) =>
            received >= 3 && ((sense[0] & 0x7F) == 0x70 || (sense[0] & 0x7F) == 0x71) ? sense[2] & 0xF : -1;

        // Sense keys a command may be retried after: NOT READY (the medium is spinning up) and
        // UNIT ATTENTION (the first command after a reset or a medium change).
        public const int NotReady = 2, UnitAttention = 6;

        // INQUIRY's vendor and product (bytes 8..31, ASCII padded with spaces) into `into`: the
        // characters written, runs of spaces and anything unprintable dropped.
        public static int Identity(ReadOnlySpan<byte> inquiry, int received, Span<char> into)
        {
            int written = 0;
            bool space = false;
            for (int at = 8; at < Math.Min(received, InquiryBytes) && at < 32 && written < into.Length; at++)
            {
                byte c = inquiry[at];
                if (c == ' ' || c < 0x20 || c > 0x7E)
                {
                    space = written > 0;
                    continue;
                }
                if (space && written < into.Length - 1) into[written++] = ' ';
                space = false;
                into[written++] = (char)c;
            }
            return written;
        }
    }
}
