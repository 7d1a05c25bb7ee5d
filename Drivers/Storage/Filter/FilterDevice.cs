using System;
using Lunix.Abi.Linux;
using Lunix.BlockDriver;
using Lunix.SystemLibrary;
using static Lunix.Drivers.Storage.Filter.ChecksumLayout;

namespace Lunix.Drivers.Storage.Filter
{
    // The filter's drive: the data sectors of its disk (and mirror), checked against their
    // checksums. Requests come as whole sectors (BlockDriverLoop) and go down one group's run at
    // a time: a read is the run and its checksum sector; a write reads the checksum sector,
    // writes the run, then the checksum sector, on each disk in turn.
    internal sealed class FilterDevice : BlockDevice
    {
        private readonly BackingDisk _disk, _mirror;
        private readonly byte[] _sums = new byte[SectorBytes], _mirrorSums = new byte[SectorBytes], _copy = new byte[SectorBytes];

        public FilterDevice(BackingDisk disk, BackingDisk mirror)
        {
            _disk = disk;
            _mirror = mirror;
        }

        public override int Drives => 1;

        public override int OpenDrive(int drive, out DriveFacts facts)
        {
            facts = default;
            if (_disk == null) return -(int)LinuxErrno.ENXIO;
            long opened = _disk.Open();
            if (opened == 0 && _mirror != null) opened = _mirror.Open();
            if (opened < 0) return (int)opened;
            ulong sectors = _mirror == null ? _disk.Sectors : Math.Min(_disk.Sectors, _mirror.Sectors);
            facts.Sectors = DataSectors(sectors);
            facts.SectorSize = SectorBytes;
            return 0;
        }

        public override void CloseDrive(int drive)
        {
            _disk?.Close();
            _mirror?.Close();
        }

        public override int Read(int drive, ulong sector, Span<byte> into)
        {
            for (int done = 0; done < into.Length;)
            {
                ulong first = sector + (ulong)(done / SectorBytes);
                int run = RunLength(first, (into.Length - done) / SectorBytes);
                long read = ReadRun(first, into.Slice(done, run * SectorBytes));
                if (read < 0) return (int)read;
                done += run * SectorBytes;
            }
            return 0;
        }

        public override int Write(int drive, ulong sector, ReadOnlySpan<byte> data)
        {
            for (int done = 0; done < data.Length;)
            {
                ulong first = sector + (ulong)(done / SectorBytes);
                int run = RunLength(first, (data.Length - done) / SectorBytes);
                ReadOnlySpan<byte> part = data.Slice(done, run * SectorBytes);
                long written = WriteRun(_disk, _sums, first, part);
                if (written == 0 && _mirror != null) written = WriteRun(_mirror, _mirrorSums, first, part);
                if (written < 0) return (int)written;
                done += run * SectorBytes;
            }
            return 0;
        }

        // One group's run: each sector checked, a bad one taken from the mirror. A disk that
        // cannot be read at all is read from the mirror whole.
        private long ReadRun(ulong first, Span<byte> data)
        {
            long read = _disk.Read(DiskSector(first), data);
            if (read == 0) read = _disk.Read(ChecksumSector(first), _sums);
            if (read < 0)
            {
                if (_mirror == null) return read;
                Report(first, _disk, "cannot be read; reading the mirror");
                return ReadMirror(first, data);
            }
            for (int i = 0; i < data.Length / SectorBytes; i++)
                if (!SectorChecksums.Matches(data, i, _sums, Slot(first + (ulong)i)) && Recover(first + (ulong)i, data.Slice(i * SectorBytes, SectorBytes)) < 0)
                    return -(long)LinuxErrno.EIO;
            return 0;
        }

        // The run from the mirror alone, every sector checked there.
        private long ReadMirror(ulong first, Span<byte> data)
        {
            long read = _mirror.Read(DiskSector(first), data);
            if (read == 0) read = _mirror.Read(ChecksumSector(first), _mirrorSums);
            if (read < 0) return read;
            for (int i = 0; i < data.Length / SectorBytes; i++)
                if (!SectorChecksums.Matches(data, i, _mirrorSums, Slot(first + (ulong)i)))
                {
                    Report(first + (ulong)i, _mirror, "checksum mismatch on the mirror too: EIO");
                    return -(long)LinuxErrno.EIO;
                }
            return 0;
        }

        // A sector whose checksum failed: its mirror's copy if that checks out, written back over
        // the bad one (sector, then checksum); else EIO. Reported either way.
        private long Recover(ulong sector, Span<byte> into)
        {
            if (_mirror == null)
            {
                Report(sector, _disk, "checksum mismatch: EIO");
                return -(long)LinuxErrno.EIO;
            }
            long read = _mirror.Read(DiskSector(sector), _copy);
            if (read == 0) read = _mirror.Read(ChecksumSector(sector), _mirrorSums);
            if (read < 0 || !SectorChecksums.Matches(_copy, 0, _mirrorSums, Slot(sector)))
            {
                Report(sector, _disk, "checksum mismatch, and on the mirror too: EIO");
                return -(long)LinuxErrno.EIO;
            }
            _copy.AsSpan().CopyTo(into);
            SectorChecksums.Store(_sums, Slot(sector), SectorChecksums.Stored(_mirrorSums, Slot(sector)));
            bool repaired = _disk.Write(DiskSector(sector), _copy) == 0 && _disk.Write(ChecksumSector(sector), _sums) == 0;
            Report(sector, _disk, repaired ? "checksum mismatch: read from the mirror, and repaired" : "checksum mismatch: read from the mirror (the repair failed)");
            return 0;
        }

        // The run and its checksums onto one disk: its checksum sector read, the run's entries
        // set, the run written, then the checksums.
        private static long WriteRun(BackingDisk disk, byte[] sums, ulong first, ReadOnlySpan<byte> data)
        {
            long done = disk.Read(ChecksumSector(first), sums);
            if (done < 0) return done;
            for (int i = 0; i < data.Length / SectorBytes; i++)
                SectorChecksums.Store(sums, Slot(first + (ulong)i), SectorChecksums.Of(data.Slice(i * SectorBytes, SectorBytes)));
            done = disk.Write(DiskSector(first), data);
            return done < 0 ? done : disk.Write(ChecksumSector(first), sums);
        }

        private static void Report(ulong sector, BackingDisk disk, string what)
        {
            Span<char> line = stackalloc char[160];
            new ConsoleLine(line).Append("filter: sector ").Append(sector).Append(" (").Append(disk.Name).Append(" sector ")
                                 .Append(DiskSector(sector)).Append("): ").Append(what).Print();
        }
    }
}
