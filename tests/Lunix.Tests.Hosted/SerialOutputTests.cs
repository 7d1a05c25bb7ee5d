using System;
using System.Text;
using Lunix.Drivers.Tty;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // COM1 shared by the terminal's output and the kernel's log (Drivers/Tty/SerialOutput.cs):
    // the log goes out at line ends only, an open line is broken and printed again below it,
    // nothing is lost, and the screen sees the terminal's bytes as the wire does.
    public class SerialOutputTests
    {
        // A UART that takes everything at once (as QEMU's), unless told it is busy, and a kernel
        // log it sends from.
        private sealed class RecordingLine : SerialLine
        {
            public readonly StringBuilder Wire = new();
            public readonly StringBuilder ScreenText = new();
            public string Log = "";
            public int ReadyFor = int.MaxValue;          // bursts the UART takes before it is busy

            public override bool Ready => ReadyFor > 0;

            public override void Send(ReadOnlySpan<byte> bytes)
            {
                Assert.True(Ready);
                Assert.InRange(bytes.Length, 1, FifoBytes);
                foreach (byte b in bytes) Wire.Append((char)b);
                Busy();
            }

            public override int SendLog(Span<byte> into)
            {
                if (!Ready) return 0;
                int count = Math.Min(into.Length, Log.Length);
                if (ReadyFor != int.MaxValue) count = Math.Min(count, FifoBytes);
                for (int i = 0; i < count; i++) into[i] = (byte)Log[i];
                Wire.Append(Log, 0, count);
                Log = Log.Substring(count);
                if (count > 0) Busy();
                return count;
            }

            private void Busy()
            {
                if (ReadyFor != int.MaxValue) ReadyFor--;
            }

            public override void Screen(ReadOnlySpan<byte> bytes)
            {
                foreach (byte b in bytes) ScreenText.Append((char)b);
            }
        }

        private readonly TerminalHarness t = TerminalHarness.Controlled();
        private readonly RecordingLine line = new();
        private readonly SerialOutput output = new();

        private void KernelPrints(string text)
        {
            line.Log += text;
            output.LogWaiting = true;
        }

        [Fact]
        public void The_log_goes_at_once_when_the_line_is_closed()
        {
            KernelPrints("rs: hello is up again, restart 1\r\n");
            t.Write("$ ");
            output.Pump(t.Terminal, line);
            Assert.Equal("rs: hello is up again, restart 1\r\n$ ", line.Wire.ToString());
            Assert.False(output.Pending(t.Terminal));
            Assert.Equal("$ ", line.ScreenText.ToString());           // the kernel draws its own text
        }

        [Fact]
        public void An_open_line_is_broken_for_the_log_and_printed_again_below_it()
        {
            t.Write("$ ");
            t.Type("ec");
            output.Pump(t.Terminal, line);
            KernelPrints("pm: a line\r\nvm: another\r\n");
            output.Pump(t.Terminal, line);
            Assert.Equal("$ ec\r\npm: a line\r\nvm: another\r\n$ ec", line.Wire.ToString());
            t.Type("ho\r");
            output.Pump(t.Terminal, line);
            Assert.EndsWith("$ echo\r\n", line.Wire.ToString());
        }

        // A program's line that arrives in two writes is not cut between them: the log waits
        // for the open line's grace, then breaks it (the driver's alarm comes at LogDeadline).
        [Fact]
        public void An_open_line_is_broken_only_after_its_grace()
        {
            output.Grace = 10;
            output.Now = 100;
            t.Write("ok 1 - half");
            output.Pump(t.Terminal, line);
            KernelPrints("k\r\n");
            output.Now = 105;
            output.Pump(t.Terminal, line);
            Assert.Equal("ok 1 - half", line.Wire.ToString());
            Assert.False(output.Pending(t.Terminal));                 // no transmit interrupts meanwhile
            Assert.Equal(110UL, output.LogDeadline(t.Terminal));
            t.Write(" and the rest\n");
            output.Pump(t.Terminal, line);
            Assert.Equal("ok 1 - half and the rest\r\nk\r\n", line.Wire.ToString());

            t.Write("$ ");
            output.Now = 200;
            output.Pump(t.Terminal, line);
            KernelPrints("later\r\n");
            output.Now = 210;
            output.Pump(t.Terminal, line);
            Assert.EndsWith("$ \r\nlater\r\n$ ", line.Wire.ToString());
            Assert.Equal(0UL, output.LogDeadline(t.Terminal));
        }

        [Fact]
        public void Output_that_ends_its_line_goes_before_the_log()
        {
            t.Write("$ ");
            output.Pump(t.Terminal, line);
            t.Write("ls\n");
            KernelPrints("kernel\r\n");
            output.Pump(t.Terminal, line);
            Assert.Equal("$ ls\r\nkernel\r\n", line.Wire.ToString());
        }

        [Fact]
        public void A_line_that_never_ends_is_broken_after_the_limit()
        {
            t.Write("x");
            output.Pump(t.Terminal, line);
            KernelPrints("k\r\n");
            t.Write(new string('y', 2 * SerialOutput.LineLimit));
            output.Pump(t.Terminal, line);
            string wire = line.Wire.ToString();
            int at = wire.IndexOf("\r\nk\r\n", StringComparison.Ordinal);
            Assert.InRange(at, SerialOutput.LineLimit, SerialOutput.LineLimit + SerialLine.FifoBytes + 1);
            // The open line was longer than what is kept: nothing is reprinted, the rest follows.
            Assert.Equal("x" + new string('y', at - 1) + "\r\nk\r\n" + new string('y', 2 * SerialOutput.LineLimit - (at - 1)), wire);
        }

        [Fact]
        public void After_a_screen_clear_only_what_follows_it_is_reprinted()
        {
            t.Write("\x1b[H\x1b[J$ ");
            output.Pump(t.Terminal, line);
            KernelPrints("k\r\n");
            output.Pump(t.Terminal, line);
            Assert.Equal("\x1b[H\x1b[J$ \r\nk\r\n$ ", line.Wire.ToString());
        }

        [Fact]
        public void A_busy_uart_holds_everything_until_its_next_interrupt_and_loses_nothing()
        {
            t.Write("$ ");
            output.Pump(t.Terminal, line);
            line.ReadyFor = 1;
            KernelPrints(new string('k', 40) + "\r\n");
            output.Pump(t.Terminal, line);                  // only the break went
            Assert.True(output.Pending(t.Terminal));
            for (int interrupts = 0; interrupts < 20 && output.Pending(t.Terminal); interrupts++)
            {
                line.ReadyFor = 1;
                output.Pump(t.Terminal, line);
            }
            Assert.Equal("$ \r\n" + new string('k', 40) + "\r\n$ ", line.Wire.ToString());
        }

        [Fact]
        public void A_log_that_ends_mid_line_is_continued_not_reprinted_over()
        {
            t.Write("$ ");
            output.Pump(t.Terminal, line);
            KernelPrints("raw output without newline");
            output.Pump(t.Terminal, line);
            t.Write("z");
            output.Pump(t.Terminal, line);
            Assert.Equal("$ \r\nraw output without newlinez", line.Wire.ToString());
        }

        [Fact]
        public void Stopped_output_does_not_hold_the_log_back()
        {
            t.Type("\x13");                                  // ^S
            t.Write("held\n");
            KernelPrints("k\r\n");
            output.Pump(t.Terminal, line);
            Assert.Equal("k\r\n", line.Wire.ToString());
            t.Type("\x11");
            output.Pump(t.Terminal, line);
            Assert.Equal("k\r\nheld\r\n", line.Wire.ToString());
        }
    }
}
