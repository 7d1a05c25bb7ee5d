using System;
using Lunix.Abi.Linux;
using Lunix.BlockDriver;
using Lunix.Drivers.Storage.Ata;
using Lunix.SystemLibrary;
using static Lunix.Drivers.Storage.Ahci.AhciRegisters;

namespace Lunix.Drivers.Storage.Ahci
{
    // The drives on the HBA's implemented ports, found at each start (a restart by RS finds them
    // again: nothing of a crashed instance is trusted, every port is stopped and started afresh).
    // Drives 0..15 are the disks in port order (VFS's sda, sdb...), drives 16..31 the ATAPI
    // drives in port order (sr0, sr1...). Data moves by DMA through one bounce buffer of a
    // chunk's size (one request at a time), copied to and from the library's buffers.
    internal sealed class AhciDevice : BlockDevice
    {
        public const int DiskDrives = 16, FirstCdDrive = 16;
        private const int SectorSize = 512;

        private readonly AhciController _hba = new();
        private readonly AhciPort[] _drives = new AhciPort[DiskDrives * 2];
        private readonly bool[] _lba48 = new bool[DiskDrives];
        private readonly DriveFacts[] _facts = new DriveFacts[DiskDrives * 2];
        private DmaRegion _data;
        private ulong _timeout;

        public override int Drives => _drives.Length;

        public override int InitFresh()
        {
            // A command's longest wait: its client (VFS) waits in SENDREC meanwhile and must still
            // answer RS's pings, so a drive that does not answer in half a second is reset.
            _timeout = Math.Max(1ul, Kernel.TicksPerSecond() / 2);
            long attached = _hba.Attach();
            if (attached != 0) return (int)attached;
            long mapped = DmaRegion.Allocate(ChunkBytes, out _data);
            if (mapped != 0) return (int)mapped;
            uint implemented = _hba.PortsImplemented;
            int disks = 0, cds = 0;
            for (int number = 0; number < Ports; number++)
            {
                if ((implemented & (1u << number)) == 0) continue;
                int probed = Probe(number, ref disks, ref cds);
                if (probed != 0) return probed;
            }
            return 0;
        }

        public override int OpenDrive(int drive, out DriveFacts facts)
        {
            facts = _facts[drive];
            AhciPort port = _drives[drive];
            if (port == null) return -(int)LinuxErrno.ENXIO;
            if (drive < FirstCdDrive) return 0;
            int measured = Capacity(port, out _facts[drive]);     // the medium may have changed since
            facts = _facts[drive];
            return measured;
        }

        public override int Read(int drive, ulong sector, Span<byte> into)
        {
            AhciPort port = _drives[drive];
            int moved = drive >= FirstCdDrive ? ReadCd(port, sector, into.Length) : Transfer(drive, port, sector, into.Length, false);
            if (moved != 0) return moved;
            _data.Slice(0, into.Length).CopyTo(into);
            return 0;
        }

        public override int Write(int drive, ulong sector, ReadOnlySpan<byte> data)
        {
            if (drive >= FirstCdDrive) return -(int)LinuxErrno.EROFS;
            data.CopyTo(_data.Bytes);
            return Transfer(drive, _drives[drive], sector, data.Length, true);
        }

        public override void KernelNotified() => _hba.Acknowledge();

        // READ or WRITE DMA (EXT where the drive has LBA48) of `bytes` at `sector`.
        private int Transfer(int drive, AhciPort port, ulong sector, int bytes, bool write)
        {
            int count = bytes / SectorSize;
            bool extended = _lba48[drive];
            if (!extended && (sector + (ulong)count > AtaCommands.Lba28Limit || count > 256)) return -(int)LinuxErrno.EIO;
            byte command = write ? (extended ? AtaCommands.WriteDmaExt : AtaCommands.WriteDma) : (extended ? AtaCommands.ReadDmaExt : AtaCommands.ReadDma);
            return port.Execute(command, sector, count, 0, default, _data, bytes, write, _timeout);
        }

        private int ReadCd(AhciPort port, ulong sector, int bytes)
        {
            Span<byte> packet = stackalloc byte[AtapiPackets.PacketBytes];
            ScsiCommands.Transfer(packet, false, (uint)sector, bytes / AtapiPackets.SectorSize);
            return Packet(port, packet, bytes);
        }

        // PACKET with DMA (features bit 0); the byte count limit in the LBA's middle bytes is for PIO only.
        private int Packet(AhciPort port, ReadOnlySpan<byte> packet, int bytes) =>
            port.Execute(AtaCommands.Packet, (ulong)bytes << 8, 0, 1, packet, _data, bytes, false, _timeout);

        private int Capacity(AhciPort port, out DriveFacts facts)
        {
            Span<byte> packet = stackalloc byte[AtapiPackets.PacketBytes];
            int failed = 0;
            // The first command after a medium came is answered with UNIT ATTENTION: ask again.
            for (int attempt = 0; attempt < 3; attempt++)
            {
                ScsiCommands.ReadCapacity(packet);
                failed = Packet(port, packet, ScsiCommands.CapacityBytes);
                if (failed == 0) break;
            }
            facts = default;
            if (failed != 0) return -(int)LinuxErrno.ENOMEDIUM;
            return AtapiPackets.Describe(_data.Slice(0, ScsiCommands.CapacityBytes), out facts);
        }

        // A port with a device: its memory, its engine started, IDENTIFY (or IDENTIFY PACKET for
        // an ATAPI signature). A port without one, or whose drive does not answer, is skipped; 0,
        // or the error that stops the driver (no DMA memory).
        private int Probe(int number, ref int disks, ref int cds)
        {
            if (!_hba.HasDevice(number)) return 0;
            long mapped = DmaRegion.Allocate(AhciPort.MemoryBytes, out DmaRegion memory);
            if (mapped != 0) return (int)mapped;
            var port = new AhciPort(_hba, number, memory);
            if (port.Start(_timeout) != 0)
            {
                Report(number, "does not start", 0);
                return 0;
            }
            bool atapi = port.DeviceSignature == AtapiSignature;
            if (port.Execute(atapi ? AtaCommands.IdentifyPacket : AtaCommands.Identify, 0, 0, 0, default, _data, SectorSize, false, _timeout) != 0)
            {
                Report(number, "no answer to IDENTIFY", 0);
                return 0;
            }
            if (atapi)
            {
                if (cds == DiskDrives) return 0;
                _drives[FirstCdDrive + cds++] = port;
                Report(number, "CD drive", 0);
                return 0;
            }
            if (disks == DiskDrives || AtaIdentity.Describe(_data.Slice(0, SectorSize), out DriveFacts facts, out bool lba48) != 0 || facts.SectorSize != SectorSize)
                return 0;
            _facts[disks] = facts;
            _lba48[disks] = lba48;
            _drives[disks++] = port;
            Report(number, lba48 ? "disk, LBA48, sectors " : "disk, LBA28, sectors ", facts.Sectors);
            return 0;
        }

        // "ahci: port 0: disk, LBA48, sectors 16384"
        private static void Report(int port, string what, ulong sectors)
        {
            var line = new ConsoleLine(stackalloc char[80]).Append("ahci: port ").Append((ulong)port).Append(": ").Append(what);
            if (sectors != 0) line = line.Append(sectors);
            line.Print();
        }
    }
}
