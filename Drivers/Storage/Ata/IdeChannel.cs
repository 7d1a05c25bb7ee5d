using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Storage.Ata
{
    // One channel of the legacy IDE controller in compatibility mode (fixed ports and ISA line:
    // primary 0x1F0-0x1F7, 0x3F6, IRQ 14; secondary 0x170-0x177, 0x376, IRQ 15): its task-file
    // registers, the wait for a command's interrupt with a deadline, the data port by 32-bit
    // PIO, and the software reset that ends a command that never finished. Where the controller
    // has a bus master (BAR 4), the channel's bus-master registers too (DMA, AtaDma).
    internal sealed class IdeChannel
    {
        public const byte Busy = 0x80, DriveFault = 0x20, DataRequest = 0x08, Error = 0x01;
        private const ushort Data = 0, Features = 1, Count = 2, LbaLow = 3, LbaMid = 4, LbaHigh = 5, Select = 6, Command = 7;
        private const byte ResetBit = 0x04, PacketDma = 0x01;

        public readonly ushort Base, Control;
        public readonly int Irq;
        // Set at each start where the controller has one and DMA is allowed; DmaCapable, the
        // status register's "DMA capable" bits of the drives that use it.
        public BusMaster BusMaster;
        public byte DmaCapable;
        private readonly uint[] _pairs = new uint[2 * DevIo.MaxVectorCount];

        public IdeChannel(ushort @base, ushort control, int irq)
        {
            Base = @base;
            Control = control;
            Irq = irq;
        }

        public long Attach()
        {
            long attached = Syscalls.KernelCall(KernelCalls.IrqCtl, IrqCtlRequests.Attach, Irq);
            if (attached != 0) return attached;
            PortIo.Out8(Control, 0);                         // nIEN clear: the drive interrupts
            return EnableLine();
        }

        // The kernel masks the line at each interrupt until the driver has handled it.
        public long EnableLine() => Syscalls.KernelCall(KernelCalls.IrqCtl, IrqCtlRequests.Enable, Irq);

        // Reading the status register acknowledges the drive's interrupt.
        public byte Status => (byte)PortIo.In8((ushort)(Base + Command));
        // The alternate status: the same bits, no acknowledgement; four reads are the 400 ns a
        // drive needs after a selection or a command before its status means anything.
        public byte AlternateStatus => (byte)PortIo.In8(Control);

        public void Settle()
        {
            for (int i = 0; i < 4; i++) PortIo.In8(Control);
        }

        public void SelectDrive(int unit, byte high = 0)
        {
            PortIo.Out8((ushort)(Base + Select), (byte)(0xA0 | 0x40 | unit << 4 | high));
            Settle();
        }

        public void Registers(byte features, byte count, byte low, byte mid, byte high)
        {
            PortIo.Out8((ushort)(Base + Features), features);
            PortIo.Out8((ushort)(Base + Count), count);
            PortIo.Out8((ushort)(Base + LbaLow), low);
            PortIo.Out8((ushort)(Base + LbaMid), mid);
            PortIo.Out8((ushort)(Base + LbaHigh), high);
        }

        public void Issue(byte command)
        {
            PortIo.Out8((ushort)(Base + Command), command);
            Settle();
        }

        // The error register (the features register's read side): why the drive set ERR.
        public byte ErrorCause => (byte)PortIo.In8((ushort)(Base + Features));
        // A DMA command in one VDEVIO call (SFF-8038i's order): the bus master's interrupt and
        // error bits cleared, its direction, the drive selected, its sectors (the EXT form's high
        // bytes first), the command, the bus master started. No pause after the selection: the
        // 400 ns a drive needs is before its status means anything, and nothing reads it until
        // the command's interrupt; the channel's drives are idle between commands (each ran to
        // its end, or the channel was reset), so the selected one takes its registers at once.
        public void IssueDma(bool write, int unit, ulong sector, int count, bool extended, byte command)
        {
            int at = 0;
            Span<uint> pairs = _pairs.AsSpan();
            Put(pairs, ref at, BusMaster.StatusRegister, BusMaster.Cleared(DmaCapable));
            Put(pairs, ref at, BusMaster.CommandRegister, BusMaster.Direction(write));
            Put(pairs, ref at, (ushort)(Base + Select), (byte)(0xA0 | 0x40 | unit << 4 | (extended ? 0 : (int)(sector >> 24) & 0x0F)));
            if (extended) PutSectors(pairs, ref at, count >> 8, sector >> 24);
            PutSectors(pairs, ref at, count, sector);
            Put(pairs, ref at, (ushort)(Base + Command), command);
            Put(pairs, ref at, BusMaster.CommandRegister, BusMaster.Started(write));
            PortIo.Vector(pairs.Slice(0, at), DevIo.OutByte);
        }

        // ATAPI's PACKET with DMA (the features register's bit 0) in one VDEVIO call: the bus
        // master's direction (to memory: a CD is only read), the drive selected, the features, the
        // command; the byte count registers are PIO's only. The packet's bytes follow by PIO once
        // the drive asks for them, then the engine is started (StartPacketDma).
        public void IssuePacketDma(int unit)
        {
            int at = 0;
            Span<uint> pairs = _pairs.AsSpan();
            Put(pairs, ref at, BusMaster.CommandRegister, BusMaster.Direction(false));
            Put(pairs, ref at, (ushort)(Base + Select), (byte)(0xA0 | 0x40 | unit << 4));
            Put(pairs, ref at, (ushort)(Base + Features), PacketDma);
            Put(pairs, ref at, (ushort)(Base + Command), AtaCommands.Packet);
            PortIo.Vector(pairs.Slice(0, at), DevIo.OutByte);
            Settle();
        }

        // After a DMA PACKET's 12 bytes: the interrupt a drive may raise to ask for them
        // (IDENTIFY PACKET DEVICE word 0 bits 5-6) acknowledged, and the bus master's interrupt
        // bit, which that one or an earlier PIO command (READ CAPACITY) set, cleared; then the
        // engine started, so that its interrupt bit means this transfer's end. Nothing of the
        // transfer can have ended before: no data moves until the engine runs.
        public void StartPacketDma()
        {
            _ = Status;
            int at = 0;
            Span<uint> pairs = _pairs.AsSpan();
            Put(pairs, ref at, BusMaster.StatusRegister, BusMaster.Cleared(DmaCapable));
            Put(pairs, ref at, BusMaster.CommandRegister, BusMaster.Started(false));
            PortIo.Vector(pairs.Slice(0, at), DevIo.OutByte);
        }

        // Features 0, the count's byte and the three LBA bytes from `lba`'s low 24 bits.
        private void PutSectors(Span<uint> pairs, ref int at, int count, ulong lba)
        {
            Put(pairs, ref at, (ushort)(Base + Features), 0);
            Put(pairs, ref at, (ushort)(Base + Count), (byte)count);
            Put(pairs, ref at, (ushort)(Base + LbaLow), (byte)lba);
            Put(pairs, ref at, (ushort)(Base + LbaMid), (byte)(lba >> 8));
            Put(pairs, ref at, (ushort)(Base + LbaHigh), (byte)(lba >> 16));
        }

        private static void Put(Span<uint> pairs, ref int at, ushort port, byte value)
        {
            pairs[at++] = port;
            pairs[at++] = value;
        }

        public byte Mid => (byte)PortIo.In8((ushort)(Base + LbaMid));
        public byte High => (byte)PortIo.In8((ushort)(Base + LbaHigh));

        // Until the drive is no longer busy and, with `data`, offers data or an error (a sector
        // to move); without, until it is only no longer busy (a command's end), by its
        // interrupt; or EIO at `deadline` (then the channel is reset: the command is over). The
        // status read acknowledges the interrupt.
        public int AwaitInterrupt(ulong deadline, bool data, out byte status)
        {
            Kernel.SetAlarm((long)(deadline - Math.Min(deadline, Kernel.Ticks())) + 1);
            while (true)
            {
                status = AlternateStatus;
                if ((status & Busy) == 0 && (!data || (status & (DataRequest | Error | DriveFault)) != 0)) break;
                if (Kernel.Ticks() >= deadline)
                {
                    Reset();
                    Kernel.SetAlarm(0);
                    return -(int)LinuxErrno.EIO;
                }
                Syscalls.Receive(BootEndpoints.Kernel, out _);
                EnableLine();
            }
            status = Status;
            EnableLine();           // an interrupt that came before the wait left the line masked
            Kernel.SetAlarm(0);
            return 0;
        }

        // Until the drive raised its interrupt line with a DMA command running (the bus
        // master's interrupt bit: the command ended, done or failed), or EIO at `deadline`; the
        // caller then stops the bus master and resets the channel. `state`, the bus master's
        // status; the drive's status read acknowledges the interrupt.
        public int AwaitBusMaster(ulong deadline, out byte state, out byte status)
        {
            Kernel.SetAlarm((long)(deadline - Math.Min(deadline, Kernel.Ticks())) + 1);
            int result = 0;
            while (((state = BusMaster.State) & BusMaster.Interrupt) == 0)
            {
                if (Kernel.Ticks() >= deadline)
                {
                    result = -(int)LinuxErrno.EIO;
                    break;
                }
                Syscalls.Receive(BootEndpoints.Kernel, out _);
                EnableLine();
            }
            status = Status;
            EnableLine();
            Kernel.SetAlarm(0);
            return result;
        }

        // Polls (no interrupt comes: the first sector of a write, a packet's command bytes) until
        // not busy, or EIO at `deadline`.
        public int AwaitReady(ulong deadline, out byte status)
        {
            while (((status = AlternateStatus) & Busy) != 0)
            {
                if (Kernel.Ticks() >= deadline)
                {
                    Reset();
                    return -(int)LinuxErrno.EIO;
                }
            }
            return 0;
        }

        // SRST: both drives of the channel back to their power-on state, interrupts on again.
        public void Reset()
        {
            PortIo.Out8(Control, ResetBit);
            Settle();
            PortIo.Out8(Control, 0);
            ulong until = Kernel.Ticks() + Kernel.TicksPerSecond() * 2;
            while ((AlternateStatus & Busy) != 0 && Kernel.Ticks() < until) { }
            EnableLine();
        }

        // `into.Length` bytes (a multiple of 4) from the data port, 64 double words a call.
        public void ReadData(Span<byte> into)
        {
            for (int at = 0; at < into.Length;)
            {
                int words = Math.Min(DevIo.MaxVectorCount, (into.Length - at) / 4);
                Span<uint> pairs = _pairs.AsSpan(0, 2 * words);
                for (int i = 0; i < words; i++) pairs[2 * i] = (uint)(Base + Data);
                PortIo.Vector(pairs, DevIo.InLong);
                for (int i = 0; i < words; i++, at += 4)
                {
                    uint value = pairs[2 * i + 1];
                    into[at] = (byte)value;
                    into[at + 1] = (byte)(value >> 8);
                    into[at + 2] = (byte)(value >> 16);
                    into[at + 3] = (byte)(value >> 24);
                }
            }
        }

        public void WriteData(ReadOnlySpan<byte> data)
        {
            for (int at = 0; at < data.Length;)
            {
                int words = Math.Min(DevIo.MaxVectorCount, (data.Length - at) / 4);
                Span<uint> pairs = _pairs.AsSpan(0, 2 * words);
                for (int i = 0; i < words; i++, at += 4)
                {
                    pairs[2 * i] = (uint)(Base + Data);
                    pairs[2 * i + 1] = (uint)(data[at] | data[at + 1] << 8 | data[at + 2] << 16 | data[at + 3] << 24);
                }
                PortIo.Vector(pairs, DevIo.OutLong);
            }
        }
    }
}
