using Lunix.Abi.Linux;
using Lunix.Drivers.Tty;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // Raw mode (ICANON off): reads end as VMIN and VTIME say (n_tty_read), and switching modes
    // hands over what was typed as Linux's n_tty_set_termios does.
    public class TerminalRawTests
    {
        [Fact]
        public void Min_one_returns_each_byte_as_it_comes_without_echo_or_editing()
        {
            var t = TerminalHarness.Controlled();
            t.MakeRaw(1, 0);
            Assert.Equal(Terminal.Waiting, t.Read(10, out _));
            t.Type("\x7f");
            Assert.Equal(1, t.Read(10, out string data));
            Assert.Equal("\x7f", data);
            Assert.Equal("", t.Sent());
        }

        [Fact]
        public void A_held_raw_read_completes_when_the_byte_arrives()
        {
            var t = TerminalHarness.Controlled();
            t.MakeRaw(1, 0);
            var read = new TerminalRead { Length = 10 };
            Assert.Equal(Terminal.Waiting, t.Read(ref read, out _));
            t.Type("q");
            Assert.Equal(1, t.Read(ref read, out string data));
            Assert.Equal("q", data);
        }

        [Fact]
        public void Min_three_waits_for_three_bytes_unless_fewer_were_asked_for()
        {
            var t = TerminalHarness.Controlled();
            t.MakeRaw(3, 0);
            var read = new TerminalRead { Length = 10 };
            t.Type("ab");
            Assert.Equal(Terminal.Waiting, t.Read(ref read, out string first));
            Assert.Equal("ab", first);                              // taken already, as n_tty does
            t.Type("cde");
            Assert.Equal(5, t.Read(ref read, out string rest));
            Assert.Equal("cde", rest);

            t.Type("xyz");
            Assert.Equal(2, t.Read(2, out string two));
            Assert.Equal("xy", two);
        }

        [Fact]
        public void Min_zero_time_zero_returns_what_is_there_even_nothing_and_never_eagain()
        {
            var t = TerminalHarness.Controlled();
            t.MakeRaw(0, 0);
            Assert.Equal(0, t.Read(10, out _));
            Assert.Equal(0, t.Read(10, out _, nonBlocking: true));
            t.Type("hi");
            Assert.Equal(2, t.Read(10, out string data));
            Assert.Equal("hi", data);
        }

        [Fact]
        public void Min_zero_time_five_waits_half_a_second_for_the_first_byte()
        {
            var t = TerminalHarness.Controlled();
            t.MakeRaw(0, 5);
            var read = new TerminalRead { Length = 10 };
            Assert.Equal(Terminal.Waiting, t.Read(ref read, out _));
            Assert.Equal(t.Now + 50, read.Deadline);                // 5 tenths at 100 ticks a second
            t.Now += 49;
            Assert.Equal(Terminal.Waiting, t.Read(ref read, out _));
            t.Now += 1;
            Assert.Equal(0, t.Read(ref read, out _));

            var second = new TerminalRead { Length = 10 };
            Assert.Equal(Terminal.Waiting, t.Read(ref second, out _));
            t.Type("k");
            Assert.Equal(1, t.Read(ref second, out string data));
            Assert.Equal("k", data);
        }

        [Fact]
        public void Min_and_time_time_out_between_bytes_but_not_before_the_first()
        {
            var t = TerminalHarness.Controlled();
            t.MakeRaw(4, 2);
            var read = new TerminalRead { Length = 10 };
            Assert.Equal(Terminal.Waiting, t.Read(ref read, out _));
            Assert.Equal(0ul, read.Deadline);                       // no timer before the first byte
            t.Now += 1000;
            Assert.Equal(Terminal.Waiting, t.Read(ref read, out _));
            t.Type("ab");
            Assert.Equal(Terminal.Waiting, t.Read(ref read, out _));
            Assert.Equal(t.Now + 20, read.Deadline);
            t.Now += 15;
            t.Type("c");
            Assert.Equal(Terminal.Waiting, t.Read(ref read, out _));  // the timer starts again
            t.Now += 19;
            Assert.Equal(Terminal.Waiting, t.Read(ref read, out _));
            t.Now += 1;
            Assert.Equal(3, read.Moved);
            Assert.Equal(3, t.Read(ref read, out _));
        }

        [Fact]
        public void A_nonblocking_raw_read_with_nothing_fails_with_eagain()
        {
            var t = TerminalHarness.Controlled();
            t.MakeRaw(1, 0);
            Assert.Equal(-(long)LinuxErrno.EAGAIN, t.Read(10, out _, nonBlocking: true));
        }

        [Fact]
        public void Signals_and_cr_conversion_still_work_in_raw_mode_when_enabled()
        {
            var t = TerminalHarness.Controlled();
            LinuxTermios s = t.GetSettings();
            s.LocalFlags &= ~TermiosLocal.ICANON;
            t.SetSettings(s);
            t.Type("a\r");
            Assert.Equal(2, t.Read(10, out string data));
            Assert.Equal("a\n", data);                              // ICRNL applies in raw mode too
            Assert.Equal("a\r\n", t.Sent());                        // and echo
            t.Type("\x03");
            Assert.Equal(new[] { (100, Lunix.Abi.Signals.SIGINT) }, t.Signals());
        }

        [Fact]
        public void Turning_canonical_mode_off_makes_the_line_being_edited_readable()
        {
            var t = TerminalHarness.Controlled();
            t.Type("abc");
            t.MakeRaw(1, 0);
            Assert.Equal(3, t.Read(10, out string data));
            Assert.Equal("abc", data);
        }

        [Fact]
        public void Turning_canonical_mode_on_makes_what_was_typed_one_line()
        {
            var t = TerminalHarness.Controlled();
            t.MakeRaw(1, 0);
            t.Type("xy");
            LinuxTermios s = t.GetSettings();
            s.LocalFlags |= TermiosLocal.ICANON;
            t.SetSettings(s);
            Assert.Equal(2, t.Read(10, out string line));
            Assert.Equal("xy", line);
            Assert.Equal(Terminal.Waiting, t.Read(10, out _));
        }

        [Fact]
        public void A_full_input_buffer_drops_what_comes_after_in_raw_mode()
        {
            var t = TerminalHarness.Controlled();
            t.MakeRaw(1, 0);
            t.Type(new string('r', InputQueue.Size + 5));
            Assert.Equal(InputQueue.Size, t.Terminal.ReadableBytes());
        }
    }
}
