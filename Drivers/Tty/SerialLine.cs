using System;

namespace Lunix.Drivers.Tty
{
    // What SerialOutput drives: the UART and the kernel's side of it. The driver's Uart is the
    // real one; the hosted tests give a recording one.
    public abstract class SerialLine
    {
        public const int FifoBytes = 16;

        // Whether the transmitter takes bytes now: its FIFO is empty.
        public abstract bool Ready { get; }

        // The terminal's own bytes, at most FifoBytes, only when Ready: all of them go.
        public abstract void Send(ReadOnlySpan<byte> bytes);

        // The kernel's log (DIAGCTL SendLog): up to into.Length bytes go out, copied into `into`;
        // how many.
        public abstract int SendLog(Span<byte> into);

        // The terminal's own bytes, on the screen too (DIAGCTL Screen).
        public abstract void Screen(ReadOnlySpan<byte> bytes);
    }
}
