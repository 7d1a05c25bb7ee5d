using System;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Storage.Ata
{
    // ATA disks by PIO (ATA8-ACS: READ/WRITE SECTORS and their EXT forms): LBA28 where the
    // sectors fit in it, LBA48 beyond; one interrupt per sector, whose status says whether the
    // sector is there (DRQ) or the drive failed (ERR, DF: EIO). DMA commands (AtaDma) take the
    // same Form.
    internal static class AtaDisk
    {
        // Which form a command on `count` sectors at `sector` takes: the EXT form where the drive
        // has LBA48 and the sectors need it (`extended`), else LBA28's. 0, or EIO for sectors past
        // LBA28's reach, or more than 256, on a drive without LBA48.
        public static int Form(bool lba48, ulong sector, int count, out bool extended)
        {
            bool beyond = sector + (ulong)count > AtaCommands.Lba28Limit || count > 256;
            extended = lba48 && beyond;
            return beyond && !extended ? -(int)LinuxErrno.EIO : 0;
        }

        // The drive selected and the command's sectors written to the task file, in their Form.
        private static int Address(IdeChannel channel, int unit, bool lba48, ulong sector, int count, out bool extended)
        {
            int form = Form(lba48, sector, count, out extended);
            if (form != 0) return form;
            if (extended)
            {
                channel.SelectDrive(unit);
                channel.Registers(0, (byte)(count >> 8), (byte)(sector >> 24), (byte)(sector >> 32), (byte)(sector >> 40));
                channel.Registers(0, (byte)count, (byte)sector, (byte)(sector >> 8), (byte)(sector >> 16));
            }
            else
            {
                channel.SelectDrive(unit, (byte)((sector >> 24) & 0x0F));
                channel.Registers(0, (byte)count, (byte)sector, (byte)(sector >> 8), (byte)(sector >> 16));
            }
            return 0;
        }

        // `buffer.Length` bytes (whole sectors, at most 256 of them) at `sector`, read or written.
        public static int Transfer(IdeChannel channel, int unit, bool lba48, ulong sector, Span<byte> buffer, bool write, ulong timeout)
        {
            int count = buffer.Length / 512;
            int addressed = Address(channel, unit, lba48, sector, count, out bool extended);
            if (addressed != 0) return addressed;
            channel.Issue(write ? (extended ? AtaCommands.WriteSectorsExt : AtaCommands.WriteSectors) : (extended ? AtaCommands.ReadSectorsExt : AtaCommands.ReadSectors));
            byte status;
            for (int i = 0; i < count; i++)
            {
                ulong deadline = Kernel.Ticks() + timeout;
                // A write's first sector is asked for without an interrupt; every later one, and
                // every read's, comes with one.
                int waited = write && i == 0 ? channel.AwaitReady(deadline, out status) : channel.AwaitInterrupt(deadline, true, out status);
                if (waited != 0) return waited;
                if ((status & (IdeChannel.Error | IdeChannel.DriveFault)) != 0 || (status & IdeChannel.DataRequest) == 0) return -(int)LinuxErrno.EIO;
                Span<byte> data = buffer.Slice(i * 512, 512);
                if (write) channel.WriteData(data);
                else channel.ReadData(data);
                channel.Settle();                   // the drive's status is its own again 400 ns on
            }
            if (!write) return 0;
            int done = channel.AwaitInterrupt(Kernel.Ticks() + timeout, false, out status);      // the last sector written
            if (done != 0) return done;
            return (status & (IdeChannel.Error | IdeChannel.DriveFault)) != 0 ? -(int)LinuxErrno.EIO : 0;
        }
    }
}
