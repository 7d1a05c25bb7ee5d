using System;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Tty
{
    // COM1's 16550 UART, driven by its interrupts (IRQ 4) both ways: received bytes go to the
    // terminal, the transmit interrupt is on only while something waits to be sent. The kernel
    // set the line up (115200 baud, 8N1) and printed on it polled until now.
    internal sealed class Uart : SerialLine
    {
        public const int Irq = 4;
        private const ushort Base = 0x3F8;
        private const ushort Data = Base, InterruptEnable = Base + 1, InterruptId = Base + 2, FifoControl = Base + 2,
                             LineControl = Base + 3, ModemControl = Base + 4, LineStatus = Base + 5, ModemStatus = Base + 6;
        private const byte ReceiveInterrupt = 0x01, TransmitInterrupt = 0x02, LineStatusInterrupt = 0x04;
        private const byte DataReady = 0x01, ParityError = 0x04, FramingError = 0x08, BreakSeen = 0x10,
                           TransmitterEmpty = 0x20, TransmitterIdle = 0x40;
        private const byte NoInterruptPending = 0x01, LineStatusCause = 0x06, ModemStatusCause = 0x00;
        private const byte BreakControl = 0x40;

        private byte _interrupts;

        // Takes the UART: FIFOs on with nothing thrown away (typed-ahead input stays; the kernel's
        // last bytes still go out), interrupts routed (OUT2), the line attached and enabled.
        public long Start()
        {
            PortIo.Out8(InterruptEnable, 0);
            PortIo.Out8(FifoControl, 0x01);                 // FIFO on, receive trigger at 1 byte
            PortIo.Out8(ModemControl, 0x0B);                // DTR, RTS, OUT2 (the IRQ line's gate on PCs)
            PortIo.In8(LineStatus);
            PortIo.In8(InterruptId);
            PortIo.In8(ModemStatus);
            long attached = Syscalls.KernelCall(KernelCalls.IrqCtl, IrqCtlRequests.Attach, Irq);
            if (attached != 0) return attached;
            SetInterrupts(ReceiveInterrupt | LineStatusInterrupt);
            return EnableLine();
        }

        // The kernel masks the line at each interrupt until the driver has handled it.
        public long EnableLine() => Syscalls.KernelCall(KernelCalls.IrqCtl, IrqCtlRequests.Enable, Irq);

        // Whether the UART asks for service. Reading the cause clears a transmitter-empty one,
        // so a caller that sees true serves the UART (the transmitter too) again.
        public bool InterruptPending => (PortIo.In8(InterruptId) & NoInterruptPending) == 0;

        // Takes every byte the UART holds into the terminal, and clears every interrupt cause, so
        // that its (edge-triggered) line can fire again.
        public void Service(Terminal terminal)
        {
            for (int round = 0; round < 8; round++)
            {
                long cause = PortIo.In8(InterruptId);
                if (cause < 0 || (cause & NoInterruptPending) != 0) break;
                switch (cause & 0x0E)
                {
                    case ModemStatusCause: PortIo.In8(ModemStatus); break;
                    case LineStatusCause: Receive(terminal); break;
                    default: Receive(terminal); break;     // data or its timeout; a transmit cause was cleared by the read
                }
            }
            Receive(terminal);
        }

        // Reads the data register only while the line status says a byte is there (a read of it
        // with none there could take a byte arriving that moment, unseen), each with its status's
        // errors: break, parity, framing. Bounded, so that a line flooding input cannot keep the
        // driver from its other work.
        private static void Receive(Terminal terminal)
        {
            for (int i = 0; i < InputQueue.Size; i++)
            {
                long status = PortIo.In8(LineStatus);
                if (status < 0 || (status & DataReady) == 0) return;
                byte value = (byte)PortIo.In8(Data);
                if ((status & BreakSeen) != 0) terminal.Discipline.ReceiveBreak();
                else if ((status & (ParityError | FramingError)) != 0) terminal.Discipline.ReceiveError(value);
                else terminal.Receive(value);
            }
        }

        public override bool Ready => (PortIo.In8(LineStatus) & TransmitterEmpty) != 0;

        // Whether the last bit has left the wire (tcdrain's end).
        public bool Idle => (PortIo.In8(LineStatus) & TransmitterIdle) != 0;

        public override void Send(ReadOnlySpan<byte> bytes)
        {
            Span<uint> pairs = stackalloc uint[2 * FifoBytes];
            for (int i = 0; i < bytes.Length; i++)
            {
                pairs[2 * i] = Data;
                pairs[2 * i + 1] = bytes[i];
            }
            PortIo.Vector(pairs.Slice(0, 2 * bytes.Length), DevIo.OutByte);
        }

        public override unsafe int SendLog(Span<byte> into)
        {
            fixed (byte* buffer = into)
            {
                long sent = Syscalls.KernelCall(KernelCalls.DiagCtl, (long)buffer, into.Length, DiagCtlFlags.SendLog);
                return sent > 0 ? (int)sent : 0;
            }
        }

        public static long LogPending() => Syscalls.KernelCall(KernelCalls.DiagCtl, 0, 0, DiagCtlFlags.LogPending);

        public static long TakeSerial() => Syscalls.KernelCall(KernelCalls.DiagCtl, 0, 0, DiagCtlFlags.TakeSerial);

        // Once the driver draws the screen's consoles itself, the serial console is not mirrored there.
        public bool ScreenTaken;

        public override unsafe void Screen(ReadOnlySpan<byte> bytes)
        {
            if (ScreenTaken) return;
            fixed (byte* text = bytes) Syscalls.KernelCall(KernelCalls.DiagCtl, (long)text, bytes.Length, DiagCtlFlags.Screen);
        }

        // The transmit interrupt while anything waits to be sent, or a drain waits for the end.
        public void WantTransmitInterrupt(bool wanted) =>
            SetInterrupts(wanted ? (byte)(_interrupts | TransmitInterrupt) : (byte)(_interrupts & ~TransmitInterrupt));

        private void SetInterrupts(byte interrupts)
        {
            if (interrupts == _interrupts) return;
            _interrupts = interrupts;
            PortIo.Out8(InterruptEnable, interrupts);
        }

        // A break on the line (TCSBRK 0): the line held at space while it lasts.
        public void SetBreak(bool on)
        {
            long control = PortIo.In8(LineControl);
            if (control < 0) return;
            PortIo.Out8(LineControl, on ? (byte)(control | BreakControl) : (byte)(control & ~BreakControl));
        }
    }
}
