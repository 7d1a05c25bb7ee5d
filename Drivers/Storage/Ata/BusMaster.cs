using System;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Storage.Ata
{
    // One channel's bus-master IDE registers (SFF-8038i; the primary channel's eight ports at
    // the controller's BAR 4, the secondary's eight after): the command register whose start bit
    // runs the engine and whose direction bit says which way it moves, the status register whose
    // interrupt and error bits are cleared by writing them, and the PRD table's physical address.
    internal readonly struct BusMaster
    {
        public const byte Active = 0x01, Failed = 0x02, Interrupt = 0x04;
        private const ushort Command = 0, Status = 2, TableAddress = 4;
        private const byte StartBit = 0x01, ToMemory = 0x08;

        private readonly ushort _base;

        public BusMaster(ushort @base) => _base = @base;

        // A channel whose controller has no bus master (or which the driver may not use): PIO only.
        public bool Present => _base != 0;

        public byte State => (byte)PortIo.In8((ushort)(_base + Status));

        // The engine stopped (a transfer that was still running is abandoned: nothing more
        // reaches memory), the interrupt and error bits cleared; `capable`, the drives' "DMA
        // capable" bits (0x20 master, 0x40 slave), which only software reads, written back.
        public void Stop(byte capable)
        {
            Span<uint> pairs = stackalloc uint[] { CommandRegister, 0, StatusRegister, Cleared(capable) };
            PortIo.Vector(pairs, DevIo.OutByte);
        }

        // The status register and what to write there to clear its interrupt and error bits,
        // keeping `capable`: before a command, so that the interrupt bit another command left (a
        // PIO command's on the same channel sets it too) is not taken for this one's end.
        public ushort StatusRegister => (ushort)(_base + Status);

        public static byte Cleared(byte capable) => (byte)(capable | Interrupt | Failed);

        // The PRD table, at a physical address below 4 GiB, dword-aligned; the register keeps it
        // from one transfer to the next.
        public void Table(uint physical) => PortIo.Out32((ushort)(_base + TableAddress), physical);

        // The command register and what to write there for a transfer (IdeChannel.IssueDma): first
        // its direction alone (to memory for a read), before the drive's command, since it may
        // not change while the engine runs; then the same with the start bit, once the drive has
        // its command.
        public ushort CommandRegister => (ushort)(_base + Command);

        public static byte Direction(bool write) => write ? (byte)0 : ToMemory;

        public static byte Started(bool write) => (byte)(StartBit | Direction(write));
    }
}
