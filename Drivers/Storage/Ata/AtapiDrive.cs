using System;
using Lunix.Abi.Linux;
using Lunix.BlockDriver;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Storage.Ata
{
    // CD drives by ATAPI (the PACKET command carrying SCSI's MMC commands, ScsiCommands):
    // READ CAPACITY for the medium's size, READ(10) for its 2048-byte sectors. By PIO the drive
    // sends its data in pieces of at most the byte count the command allowed, each after an
    // interrupt; by DMA (ReadByDma) in one transfer with one interrupt at its end. READ CAPACITY
    // stays PIO on every drive: its reply is 8 bytes, once per open, and DMA of a transfer that
    // is not a multiple of 16 bytes is where ATAPI drives and controllers go wrong (libata's
    // atapi_check_dma sends such commands by PIO for that reason).
    internal static class AtapiDrive
    {
        private const int PieceLimit = 0x8000;

        public static int Capacity(IdeChannel channel, int unit, ulong timeout, out DriveFacts facts)
        {
            facts = default;
            Span<byte> command = stackalloc byte[AtapiPackets.PacketBytes];
            Span<byte> reply = stackalloc byte[ScsiCommands.CapacityBytes];
            int failed = 0;
            // The first command after a medium came is answered with UNIT ATTENTION: ask again.
            for (int attempt = 0; attempt < 3; attempt++)
            {
                ScsiCommands.ReadCapacity(command);
                failed = Send(channel, unit, command, reply, timeout);
                if (failed == 0) break;
            }
            if (failed != 0) return -(int)LinuxErrno.ENOMEDIUM;
            return AtapiPackets.Describe(reply, out facts);
        }

        public static int Read(IdeChannel channel, int unit, ulong sector, Span<byte> into, ulong timeout)
        {
            Span<byte> command = stackalloc byte[AtapiPackets.PacketBytes];
            ScsiCommands.Transfer(command, false, (uint)sector, into.Length / AtapiPackets.SectorSize);
            return Send(channel, unit, command, into, timeout);
        }

        // READ(10) of `bytes` (whole sectors) at `sector` into the start of the bounce buffer whose
        // PRD table the caller wrote: the PACKET command with the DMA bit (the byte count
        // registers are PIO's only), the packet's 12 bytes by PIO once the drive asks for them,
        // then the bus master started and the transfer's end awaited as a disk's.
        public static DmaFailure ReadByDma(IdeChannel channel, int drive, ulong sector, int bytes, ulong timeout)
        {
            Span<byte> command = stackalloc byte[AtapiPackets.PacketBytes];
            ScsiCommands.Transfer(command, false, (uint)sector, bytes / AtapiPackets.SectorSize);
            channel.IssuePacketDma(drive & 1);
            int waited = channel.AwaitReady(Kernel.Ticks() + timeout, out byte status);
            if (waited != 0 || (status & (IdeChannel.Error | IdeChannel.DataRequest)) != IdeChannel.DataRequest)
                return AtaDma.Failed(channel, drive, sector, false, true, waited != 0, channel.BusMaster.State, status);
            channel.WriteData(command);
            channel.StartPacketDma();
            return AtaDma.Complete(channel, drive, sector, false, true, timeout);
        }

        // One packet command whose reply fills all of `reply`; EIO for an error or a short reply.
        private static int Send(IdeChannel channel, int unit, ReadOnlySpan<byte> command, Span<byte> reply, ulong timeout)
        {
            channel.SelectDrive(unit);
            int limit = Math.Min(reply.Length, PieceLimit);
            channel.Registers(0, 0, 0, (byte)limit, (byte)(limit >> 8));
            channel.Issue(AtaCommands.Packet);
            int waited = channel.AwaitReady(Kernel.Ticks() + timeout, out byte status);
            if (waited != 0) return waited;
            if ((status & IdeChannel.Error) != 0 || (status & IdeChannel.DataRequest) == 0) return -(int)LinuxErrno.EIO;
            channel.WriteData(command);
            channel.Settle();
            int received = 0;
            while (true)
            {
                waited = channel.AwaitInterrupt(Kernel.Ticks() + timeout, false, out status);
                if (waited != 0) return waited;
                if ((status & IdeChannel.Error) != 0) return -(int)LinuxErrno.EIO;
                if ((status & IdeChannel.DataRequest) == 0) break;
                int piece = channel.Mid | channel.High << 8;
                if (piece == 0 || piece % 4 != 0 || piece > reply.Length - received) return Abandon(channel);
                channel.ReadData(reply.Slice(received, piece));
                channel.Settle();
                received += piece;
            }
            return received == reply.Length ? 0 : -(int)LinuxErrno.EIO;
        }

        // A drive that offers more (or odder) bytes than asked for: reset, so nothing is left half read.
        private static int Abandon(IdeChannel channel)
        {
            channel.Reset();
            return -(int)LinuxErrno.EIO;
        }
    }
}
