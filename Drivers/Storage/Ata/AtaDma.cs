using Lunix.SystemLibrary;

namespace Lunix.Drivers.Storage.Ata
{
    // ATA disks by bus-master DMA (ATA8-ACS READ/WRITE DMA and their EXT forms; SFF-8038i's
    // sequence): in one kernel call the engine's direction, the command, the engine started,
    // over the PRD table the caller wrote for the driver's bounce buffer; then one interrupt for
    // the whole transfer. CD drives' DMA reads (AtapiDrive.ReadByDma) end the same way, Complete.
    // A command succeeded only if the bus master ended without error with nothing left to move
    // (its interrupt bit set, its active bit clear) and the drive is neither busy nor asking for
    // data nor reporting an error (ERR, DF); else the engine is stopped, the channel reset, the
    // failure reported on the console, and its kind returned for DmaRetries to decide on.
    internal static class AtaDma
    {
        private const byte InterfaceCrc = 0x80;

        // `count` sectors at `sector` between drive `drive` and the start of the bounce buffer,
        // in the form (`extended`) AtaDisk.Form chose.
        public static DmaFailure Transfer(IdeChannel channel, int drive, bool extended, ulong sector, int count, bool write, ulong timeout)
        {
            byte command = write ? (extended ? AtaCommands.WriteDmaExt : AtaCommands.WriteDma) : (extended ? AtaCommands.ReadDmaExt : AtaCommands.ReadDma);
            channel.IssueDma(write, drive & 1, sector, count, extended, command);
            return Complete(channel, drive, sector, write, false, timeout);
        }

        // The started command's end: its interrupt awaited, the engine stopped, the outcome
        // judged. `packet`, a CD drive's (whose error register says no ICRC).
        public static DmaFailure Complete(IdeChannel channel, int drive, ulong sector, bool write, bool packet, ulong timeout)
        {
            int waited = channel.AwaitBusMaster(Kernel.Ticks() + timeout, out byte state, out byte status);
            channel.BusMaster.Stop(channel.DmaCapable);
            bool failed = (state & (BusMaster.Failed | BusMaster.Active)) != 0
                          || (status & (IdeChannel.Busy | IdeChannel.DataRequest | IdeChannel.Error | IdeChannel.DriveFault)) != 0;
            if (waited == 0 && !failed) return DmaFailure.None;
            return Failed(channel, drive, sector, write, packet, waited != 0, state, status);
        }

        // A command that failed, or (a CD's PACKET) never got as far as its data: the channel
        // reset, the registers reported, the failure's kind.
        public static DmaFailure Failed(IdeChannel channel, int drive, ulong sector, bool write, bool packet, bool timedOut, byte state, byte status)
        {
            byte cause = (status & IdeChannel.Error) != 0 ? channel.ErrorCause : (byte)0;
            channel.Reset();
            Report(drive, sector, write, timedOut, state, status, cause);
            return DmaRetries.Classify(timedOut, (state & BusMaster.Failed) != 0, !packet && (cause & InterfaceCrc) != 0,
                                       (status & (IdeChannel.Error | IdeChannel.DriveFault)) != 0);
        }

        // "ata: hda: DMA read at sector 2048 failed: bus master 0x05, status 0x51, error 0x04";
        // the error register says why the drive set ERR (ATA8-ACS 6.2: 0x04 aborted, 0x10 no
        // such sector, 0x40 uncorrectable, 0x80 interface CRC; a CD's, its sense key in the high
        // nibble).
        private static void Report(int drive, ulong sector, bool write, bool timedOut, byte state, byte status, byte cause)
        {
            var line = AtaDevice.Name(new ConsoleLine(stackalloc char[120]), drive).Append(write ? "DMA write at sector " : "DMA read at sector ")
                .Append(sector).Append(timedOut ? " timed out" : " failed").Append(": bus master 0x").AppendHex(state, 2)
                .Append(", status 0x").AppendHex(status, 2).Append(", error 0x").AppendHex(cause, 2);
            line.Print();
        }
    }
}
