using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.BlockDriver;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Storage.Ata
{
    // The controller's four drives: found at each start (a restart by RS probes again: nothing
    // of a crashed instance is trusted), disks answering IDENTIFY DEVICE, CD drives IDENTIFY
    // PACKET DEVICE (their signature in the LBA registers). A request that never ends is timed
    // out and fails with EIO, the channel reset.
    internal sealed class AtaDevice : BlockDevice
    {
        private enum Kind : byte { None, Disk, Packet }

        private struct Drive
        {
            public Kind Kind;
            public bool Lba48;
            public DriveFacts Facts;
        }

        private readonly IdeChannel[] _channels =
        {
            new IdeChannel(0x1F0, 0x3F6, 14),
            new IdeChannel(0x170, 0x376, 15),
        };
        private readonly Drive[] _drives = new Drive[4];
        private readonly byte[] _identify = new byte[512];
        private ulong _timeout;

        public override int Drives => _drives.Length;

        public override int InitFresh()
        {
            // A command's longest wait: its client (VFS) waits in SENDREC meanwhile and must still
            // answer RS's pings (every second), so a drive that does not answer in half a second
            // is reset and the request fails.
            _timeout = Math.Max(1ul, Kernel.TicksPerSecond() / 2);
            for (int c = 0; c < _channels.Length; c++)
            {
                long attached = _channels[c].Attach();
                if (attached != 0) return (int)attached;
                // A previous instance may have ended in the middle of a command (killed by RS
                // with a sector half read): the drives start from their power-on state, or the
                // probe would take that sector's data for IDENTIFY's.
                _channels[c].Reset();
            }
            for (int d = 0; d < _drives.Length; d++) Probe(d);
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
            if (found.Kind == Kind.Packet) return AtapiDrive.Read(Channel(drive), drive & 1, sector, into, _timeout);
            for (int done = 0; done < into.Length; done += 256 * 512)
            {
                Span<byte> part = into.Slice(done, Math.Min(256 * 512, into.Length - done));
                int failed = AtaDisk.Transfer(Channel(drive), drive & 1, found.Lba48, sector + (ulong)(done / 512), part, false, _timeout);
                if (failed != 0) return failed;
            }
            return 0;
        }

        public override unsafe int Write(int drive, ulong sector, ReadOnlySpan<byte> data)
        {
            ref Drive found = ref _drives[drive];
            if (found.Kind != Kind.Disk) return -(int)LinuxErrno.EROFS;
            // The transfer only reads the bytes it writes; one signature serves both directions.
            fixed (byte* bytes = data)
            {
                var writable = new Span<byte>(bytes, data.Length);
                for (int done = 0; done < writable.Length; done += 256 * 512)
                {
                    Span<byte> part = writable.Slice(done, Math.Min(256 * 512, writable.Length - done));
                    int failed = AtaDisk.Transfer(Channel(drive), drive & 1, found.Lba48, sector + (ulong)(done / 512), part, true, _timeout);
                    if (failed != 0) return failed;
                }
            }
            return 0;
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
            if (packet)
            {
                found.Kind = Kind.Packet;
                Report(drive, "CD drive", 0);
                return;
            }
            if (AtaIdentity.Describe(_identify, out found.Facts, out found.Lba48) != 0 || found.Facts.SectorSize != 512) return;
            found.Kind = Kind.Disk;
            Report(drive, found.Lba48 ? "disk, LBA48, sectors " : "disk, LBA28, sectors ", found.Facts.Sectors);
        }

        private static void Report(int drive, string what, ulong sectors)
        {
            Span<char> name = stackalloc char[] { 'h', 'd', (char)('a' + drive) };
            var line = new ConsoleLine(stackalloc char[80]).Append("ata: ").Append(name).Append(": ").Append(what);
            if (sectors != 0) line = line.Append(sectors);
            line.Print();
        }
    }
}
