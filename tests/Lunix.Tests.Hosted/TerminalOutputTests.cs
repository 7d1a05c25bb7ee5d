using Lunix.Abi.Linux;
using Lunix.Drivers.Tty;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // Output processing (c_oflag, n_tty's do_output_char) and writes against a full queue.
    public class TerminalOutputTests
    {
        private static TerminalHarness WithOutputFlags(uint flags)
        {
            var t = TerminalHarness.Controlled();
            LinuxTermios s = t.GetSettings();
            s.OutputFlags = flags;
            t.SetSettings(s);
            return t;
        }

        [Fact]
        public void Onlcr_sends_newline_as_cr_nl()
        {
            var t = TerminalHarness.Controlled();
            Assert.Equal(6, t.Write("a\nb\nc\n"));
            Assert.Equal("a\r\nb\r\nc\r\n", t.Sent());
        }

        [Fact]
        public void Without_opost_bytes_go_out_as_they_are()
        {
            var t = WithOutputFlags(TermiosOutput.ONLCR);
            t.Write("a\nb\t");
            Assert.Equal("a\nb\t", t.Sent());
        }

        [Fact]
        public void Ocrnl_onocr_and_onlret()
        {
            var t = WithOutputFlags(TermiosOutput.OPOST | TermiosOutput.OCRNL);
            t.Write("a\rb");
            Assert.Equal("a\nb", t.Sent());

            t = WithOutputFlags(TermiosOutput.OPOST | TermiosOutput.ONOCR);
            t.Write("\rab\r");
            Assert.Equal("ab\r", t.Sent());                  // no CR at column 0

            t = WithOutputFlags(TermiosOutput.OPOST | TermiosOutput.ONLRET | TermiosOutput.ONOCR);
            t.Write("ab\n\r");
            Assert.Equal("ab\n", t.Sent());                  // NL returned the carriage: column 0
        }

        [Fact]
        public void Xtabs_expands_tabs_to_the_next_multiple_of_eight()
        {
            var t = WithOutputFlags(TermiosOutput.OPOST | TermiosOutput.XTABS);
            t.Write("ab\tc\t");
            Assert.Equal("ab      c       ", t.Sent());
        }

        [Fact]
        public void Olcuc_writes_lower_case_as_upper_case()
        {
            var t = WithOutputFlags(TermiosOutput.OPOST | TermiosOutput.OLCUC);
            t.Write("Hi there");
            Assert.Equal("HI THERE", t.Sent());
        }

        [Fact]
        public void A_write_waits_for_room_and_a_nonblocking_one_returns_what_fit()
        {
            var t = TerminalHarness.Controlled();
            t.Type("\x13");                                    // ^S: nothing drains
            string big = new string('w', OutputQueue.Size - 10);
            Assert.Equal(big.Length, t.Write(big));
            Assert.Equal(10, t.Write(new string('x', 30), nonBlocking: true));
            Assert.Equal(-(long)LinuxErrno.EAGAIN, t.Write("y", nonBlocking: true));

            var write = new TerminalWrite { Length = 3 };
            Assert.Equal(Terminal.Waiting, t.Terminal.Write(ref write, "abc"u8));
            t.Type("\x11");
            t.Sent();
            Assert.Equal(3, t.Terminal.Write(ref write, "abc"u8.Slice(write.Done)));
        }

        [Fact]
        public void A_newline_is_never_split_across_a_full_queue()
        {
            var t = TerminalHarness.Controlled();
            t.Type("\x13");
            t.Write(new string('w', OutputQueue.Size - 1));
            var write = new TerminalWrite { Length = 1 };
            Assert.Equal(Terminal.Waiting, t.Terminal.Write(ref write, "\n"u8));   // "\r\n" needs two
            Assert.Equal(0, write.Done);
        }
    }
}
