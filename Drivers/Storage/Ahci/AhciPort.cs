using System;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;
using static Lunix.Drivers.Storage.Ahci.AhciRegisters;

namespace Lunix.Drivers.Storage.Ahci
{
    // One port of the HBA and the drive on it: its command list, received-FIS area and one
    // command table in a page of DMA memory (slot 0 only: one command at a time, no NCQ), the
    // engine's start and stop, COMRESET, and a command run to its end by interrupt with a
    // deadline. A command that fails or times out leaves the port reset and started again, so
    // the next one finds it clean.
    internal sealed class AhciPort
    {
        public const int MemoryBytes = 4096;
        private const int ListOffset = 0, FisOffset = 0x400, TableOffset = 0x500;
        private const int TableRoom = MemoryBytes - TableOffset;

        public readonly int Number;
        private readonly AhciController _hba;
        private readonly int _base;
        private readonly DmaRegion _memory;

        public AhciPort(AhciController hba, int number, DmaRegion memory)
        {
            _hba = hba;
            Number = number;
            _base = PortBase(number);
            _memory = memory;
        }

        public uint DeviceSignature => Read(Signature);

        // The engine stopped, the port's memory given to the HBA, errors cleared, the engine
        // started once the drive is no longer busy: 0, or EIO when the port will not stop or the
        // drive stays busy.
        public int Start(ulong timeout)
        {
            if (Stop(timeout) != 0) return -(int)LinuxErrno.EIO;
            _memory.Bytes.Clear();
            Write(CommandListBase, (uint)(_memory.Physical + ListOffset));
            Write(CommandListBaseUpper, (uint)((_memory.Physical + ListOffset) >> 32));
            Write(FisBase, (uint)(_memory.Physical + FisOffset));
            Write(FisBaseUpper, (uint)((_memory.Physical + FisOffset) >> 32));
            Write(SataError, 0xFFFF_FFFF);
            Write(PortInterruptStatus, 0xFFFF_FFFF);
            Write(PortCommand, Read(PortCommand) | SpinUp | PowerOn | FisReceiveEnable);
            ulong deadline = Kernel.Ticks() + timeout;
            while ((Read(TaskFile) & (Busy | DataRequest)) != 0)
                if (Kernel.Ticks() >= deadline) return -(int)LinuxErrno.EIO;
            Write(PortInterruptEnable, Enabled);
            Write(PortCommand, Read(PortCommand) | AhciRegisters.Start);
            return 0;
        }

        // COMRESET (PxSCTL.DET = 1 for at least a millisecond), then the link back up and the
        // engine started again.
        public int Reset(ulong timeout)
        {
            Stop(timeout);
            Write(SataControl, (Read(SataControl) & ~0xFu) | 1);
            ulong until = Kernel.Ticks() + 2;
            while (Kernel.Ticks() < until) { }
            Write(SataControl, Read(SataControl) & ~0xFu);
            ulong deadline = Kernel.Ticks() + timeout;
            while (!_hba.HasDevice(Number))
                if (Kernel.Ticks() >= deadline) return -(int)LinuxErrno.EIO;
            return Start(timeout);
        }

        // One command in slot 0: `command` with its LBA, count and features, the ATAPI `packet`
        // (empty for an ATA command), `bytes` of data to or from `data` (0: none). 0, or EIO for
        // a command the drive failed (its error in the task file) or that did not end in time.
        public int Execute(byte command, ulong lba, int count, byte features, ReadOnlySpan<byte> packet, DmaRegion data, int bytes, bool write, ulong timeout)
        {
            Span<byte> table = _memory.Slice(TableOffset, TableRoom);
            table.Clear();
            AhciCommandTable.WriteFis(table, command, lba, count, features);
            packet.CopyTo(table.Slice(AhciCommandTable.PacketOffset));
            int prds = bytes == 0 ? 0 : AhciCommandTable.WritePrds(table, data.Physical, bytes);
            if (prds < 0) return prds;
            Span<byte> header = _memory.Slice(ListOffset, AhciCommandTable.HeaderBytes);
            AhciCommandTable.WriteHeader(header, prds, write, packet.Length > 0, _memory.Physical + TableOffset);
            Write(PortInterruptStatus, 0xFFFF_FFFF);
            Write(CommandIssue, 1);
            int ended = _hba.AwaitCommand(this, Kernel.Ticks() + timeout);
            if (ended == 0 && (Read(TaskFile) & Error) == 0 && (bytes == 0 || AhciCommandTable.Transferred(header) == (uint)bytes)) return 0;
            Reset(timeout);
            return -(int)LinuxErrno.EIO;
        }

        // Whether slot 0's command is over (done or failed); the port's interrupt causes are
        // acknowledged on the way.
        public bool CommandOver()
        {
            uint causes = Read(PortInterruptStatus);
            if (causes != 0) Write(PortInterruptStatus, causes);
            return (Read(CommandIssue) & 1) == 0 || (causes & Failures) != 0 || (Read(TaskFile) & Error) != 0;
        }

        private int Stop(ulong timeout)
        {
            Write(PortCommand, Read(PortCommand) & ~AhciRegisters.Start);
            ulong deadline = Kernel.Ticks() + timeout;
            while ((Read(PortCommand) & CommandListRunning) != 0)
                if (Kernel.Ticks() >= deadline) return -(int)LinuxErrno.EIO;
            Write(PortCommand, Read(PortCommand) & ~FisReceiveEnable);
            while ((Read(PortCommand) & FisReceiveRunning) != 0)
                if (Kernel.Ticks() >= deadline) return -(int)LinuxErrno.EIO;
            return 0;
        }

        private uint Read(int register) => _hba.Registers.Read(_base + register);

        private void Write(int register, uint value) => _hba.Registers.Write(_base + register, value);
    }
}
