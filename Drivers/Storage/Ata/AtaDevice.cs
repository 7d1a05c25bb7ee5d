using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.BlockDriver;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Storage.Ata
{
    // The controller's four drives: found at each start (a restart by RS probes again: nothing
    // of a crashed instance is trusted), disks answering IDENTIFY DEVICE, CD drives IDENTIFY
    // PACKET DEVICE (their signature in the LBA registers). A drive moves its data by bus-master
    // DMA (a disk's reads and writes, a CD's reads) where the controller has a bus master for
    // its channel, the drive is set to a DMA mode and ata.dma is not 0, through one bounce buffer
    // of a chunk's size (one request at a time); else by PIO. A DMA command that fails in its
    // transfer is retried, and a drive whose DMA keeps failing goes over to PIO (DmaRetries). A
    // request that never ends is timed out and fails with EIO, the channel reset.
    internal sealed class AtaDevice : BlockDevice
    {
        private enum Kind : byte { None, Disk, Packet }

        private struct Drive
        {
            public Kind Kind;
            public bool Lba48;
            public bool Dma;
            public DmaRetries Retries;
            public DriveFacts Facts;
        }

        private const int PrdTableBytes = 4096;
        private static readonly string[] s_names = { "hda", "hdb", "hdc", "hdd" };

        private readonly IdeChannel[] _channels =
        {
            new IdeChannel(0x1F0, 0x3F6, 14),
            new IdeChannel(0x170, 0x376, 15),
        };
        private readonly Drive[] _drives = new Drive[4];
        private readonly byte[] _identify = new byte[512];
        private ulong _timeout;
        // The bounce buffer (ChunkBytes) and, in the page after it, the PRD table; why the drives
        // use PIO where no bus master may serve them (0: there are bus masters).
        private DmaRegion _dma;
        private long _noDma;

        public override int Drives => _drives.Length;

        public override int InitFresh()
        {
            // A command's longest wait: its client (VFS) waits in SENDREC meanwhile and must still
            // answer RS's pings (every second), so a drive that does not answer in half a second
            // is reset and the request fails.
            _timeout = Math.Max(1ul, Kernel.TicksPerSecond() / 2);
            AtaOptions.Load();
            // The bus masters first, whatever ata.dma says: a previous instance may have ended in
            // the middle of a DMA transfer (killed by RS), whose engine would go on writing into
            // memory that is no longer its own. Stopped, nothing more moves.
            _noDma = IdeController.FindBusMasters(out _channels[0].BusMaster, out _channels[1].BusMaster);
            for (int c = 0; c < _channels.Length; c++)
            {
                if (_channels[c].BusMaster.Present) _channels[c].BusMaster.Stop(0);
                long attached = _channels[c].Attach();
                if (attached != 0) return (int)attached;
                // Or in the middle of a command (a sector half read, a DMA command the drive
                // still runs): the drives start from their power-on state, or the probe would
                // take that command's data for IDENTIFY's.
                _channels[c].Reset();
            }
            if (_noDma == 0 && AtaOptions.Dma) _noDma = AllocateDma();
            for (int d = 0; d < _drives.Length; d++) Probe(d);
            return 0;
        }

        // The bounce buffer and the PRD table, whose address both bus masters keep: 0, or ENOMEM.
        private long AllocateDma()
        {
            long allocated = DmaRegion.Allocate(ChunkBytes + PrdTableBytes, out _dma);
            if (allocated != 0) return allocated;
            foreach (IdeChannel channel in _channels)
                if (channel.BusMaster.Present) channel.BusMaster.Table((uint)(_dma.Physical + ChunkBytes));
            return 0;
        }

        public override int OpenDrive(int drive, out DriveFacts facts)
        {
            ref Drive found = ref _drives[drive];
            facts = found.Facts;
            switch (found.Kind)
            {
                case Kind.Disk: return 0;
                case Kind.Packet:       // the medium may have changed since
                    int measured = AtapiDrive.Capacity(Channel(drive), drive & 1, _timeout, out found.Facts);
                    facts = found.Facts;
                    return measured;
                default: return -(int)LinuxErrno.ENXIO;
            }
        }

        public override int Read(int drive, ulong sector, Span<byte> into)
        {
            ref Drive found = ref _drives[drive];
            if (found.Dma)
            {
                int moved = Dma(drive, sector, into.Length, false);
                if (moved == 0)
                {
                    _dma.Slice(0, into.Length).CopyTo(into);
                    return 0;
                }
                if (found.Dma) return moved;        // else the drive gave DMA up: by PIO below
            }
            if (found.Kind == Kind.Packet) return AtapiDrive.Read(Channel(drive), drive & 1, sector, into, _timeout);
            return Pio(drive, sector, into, false);
        }

        public override unsafe int Write(int drive, ulong sector, ReadOnlySpan<byte> data)
        {
            ref Drive found = ref _drives[drive];
            if (found.Kind != Kind.Disk) return -(int)LinuxErrno.EROFS;
            if (found.Dma)
            {
                data.CopyTo(_dma.Bytes);
                int moved = Dma(drive, sector, data.Length, true);
                if (moved == 0 || found.Dma) return moved;      // else by PIO below, the whole of it again
            }
            // The transfer only reads the bytes it writes; one signature serves both directions.
            fixed (byte* bytes = data) return Pio(drive, sector, new Span<byte>(bytes, data.Length), true);
        }

        // A disk's sectors by PIO, 256 to a command.
        private int Pio(int drive, ulong sector, Span<byte> buffer, bool write)
        {
            for (int done = 0; done < buffer.Length; done += 256 * 512)
            {
                Span<byte> part = buffer.Slice(done, Math.Min(256 * 512, buffer.Length - done));
                int failed = AtaDisk.Transfer(Channel(drive), drive & 1, _drives[drive].Lba48, sector + (ulong)(done / 512), part, write, _timeout);
                if (failed != 0) return failed;
            }
            return 0;
        }

        // `bytes` at `sector` by DMA between the drive and the bounce buffer, tried again after a
        // transfer failure as the drive's DmaRetries say: 0, or EIO (then, where the drive gave
        // DMA up, Drive.Dma is false and the caller does the request over by PIO).
        private int Dma(int drive, ulong sector, int bytes, bool write)
        {
            ref Drive found = ref _drives[drive];
            IdeChannel channel = Channel(drive);
            int entries = PrdTable.Write(DescriptorTable, _dma.Physical, bytes);
            if (entries < 0) return entries;
            bool extended = false;
            if (found.Kind == Kind.Disk)
            {
                int form = AtaDisk.Form(found.Lba48, sector, bytes / 512, out extended);
                if (form != 0) return form;
            }
            while (true)
            {
                DmaFailure failure = found.Kind == Kind.Packet
                    ? AtapiDrive.ReadByDma(channel, drive, sector, bytes, _timeout)
                    : AtaDma.Transfer(channel, drive, extended, sector, bytes / 512, write, _timeout);
                switch (found.Retries.After(failure))
                {
                    case DmaStep.Done: return 0;
                    case DmaStep.Retry: continue;
                    case DmaStep.UsePio:
                        GiveUpDma(drive);
                        return -(int)LinuxErrno.EIO;
                    default: return -(int)LinuxErrno.EIO;
                }
            }
        }

        // Said once: the drive is on PIO from here on, its "DMA capable" bit cleared.
        private void GiveUpDma(int drive)
        {
            _drives[drive].Dma = false;
            IdeChannel channel = Channel(drive);
            channel.DmaCapable &= (byte)~(0x20 << (drive & 1));
            channel.BusMaster.Stop(channel.DmaCapable);
            Name(new ConsoleLine(stackalloc char[80]), drive).Append("DMA failed ").Append((ulong)(DmaRetries.Retries + 1))
                .Append(" times in a row: PIO from now on").Print();
        }

        // Interrupts with no request waiting (a probe's, a reset's): acknowledged, lines enabled.
        public override void KernelNotified()
        {
            for (int c = 0; c < _channels.Length; c++)
            {
                _ = _channels[c].Status;
                _channels[c].EnableLine();
            }
        }

        private IdeChannel Channel(int drive) => _channels[drive >> 1];

        private Span<byte> DescriptorTable => _dma.Slice(ChunkBytes, PrdTableBytes);

        // IDENTIFY (or IDENTIFY PACKET for a drive whose signature says ATAPI), polled: a
        // floating bus (status 0xFF), or a status of 0 once IDENTIFY was sent, is no drive.
        private void Probe(int drive)
        {
            ref Drive found = ref _drives[drive];
            found = default;
            IdeChannel channel = Channel(drive);
            int unit = drive & 1;
            channel.SelectDrive(unit);
            byte status = channel.AlternateStatus;
            if (status == 0xFF) return;         // a floating bus (0 may be an ATAPI drive just reset)
            channel.Registers(0, 0, 0, 0, 0);
            channel.Issue(AtaCommands.Identify);
            ulong deadline = Kernel.Ticks() + _timeout;
            if (channel.AlternateStatus == 0 || channel.AwaitReady(deadline, out status) != 0) return;
            bool packet = channel.Mid == 0x14 && channel.High == 0xEB;
            if (packet)
            {
                channel.Issue(AtaCommands.IdentifyPacket);
                if (channel.AwaitReady(deadline, out status) != 0) return;
            }
            if ((status & (IdeChannel.Error | IdeChannel.DataRequest)) != IdeChannel.DataRequest) return;
            channel.ReadData(_identify);
            _ = channel.Status;             // the interrupt the command raised, acknowledged
            if (!packet && (AtaIdentity.Describe(_identify, out found.Facts, out found.Lba48) != 0 || found.Facts.SectorSize != 512)) return;
            found.Kind = packet ? Kind.Packet : Kind.Disk;
            // A CD drive's DMA is decided as a disk's: IDENTIFY PACKET DEVICE has the same words.
            int mode = AtaIdentity.SelectedDma(_identify, out bool ultra);
            found.Dma = AtaOptions.Dma && _noDma == 0 && channel.BusMaster.Present && mode >= 0;
            if (found.Dma)
            {
                channel.DmaCapable |= (byte)(0x20 << unit);
                channel.BusMaster.Stop(channel.DmaCapable);
            }
            var line = Name(new ConsoleLine(stackalloc char[120]), drive);
            line = packet ? line.Append("CD drive") : line.Append(found.Lba48 ? "disk, LBA48, sectors " : "disk, LBA28, sectors ").Append(found.Facts.Sectors);
            if (found.Dma) line = line.Append(ultra ? ", DMA (Ultra DMA mode " : ", DMA (multiword DMA mode ").Append((ulong)mode).Append(")");
            else if (!AtaOptions.Dma) line = line.Append(", PIO (ata.dma=0)");
            else if (_noDma != 0) line = line.Append(", PIO (no bus master or no DMA memory: error ").Append((ulong)-_noDma).Append(")");
            else if (!channel.BusMaster.Present) line = line.Append(", PIO (no bus master for the channel)");
            else line = line.Append(", PIO (the drive is set to no DMA mode)");
            line.Print();
        }

        // "ata: hda: ", the start of every line about a drive.
        public static ConsoleLine Name(ConsoleLine line, int drive) => line.Append("ata: ").Append(s_names[drive]).Append(": ");
    }
}
