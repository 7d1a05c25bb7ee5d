using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.Drivers.Tty;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // ISIG (n_tty's isig): ^C, ^\ and ^Z signal the foreground process group and, unless NOFLSH,
    // throw away typed input and output not yet sent; then the character's echo.
    public class TerminalSignalTests
    {
        [Theory]
        [InlineData('\x03', Signals.SIGINT, "^C")]
        [InlineData('\x1c', Signals.SIGQUIT, "^\\")]
        [InlineData('\x1a', Signals.SIGTSTP, "^Z")]
        public void A_signal_character_signals_the_foreground_group(char key, int signal, string echo)
        {
            var t = TerminalHarness.Controlled();
            t.Type("partial");
            t.Write("unsent output");
            t.Type(key.ToString());
            Assert.Equal(new[] { (100, signal) }, t.Signals());
            Assert.Equal(echo, t.Sent());                            // the output and the echo before it are gone
            t.Type("x\r");
            t.Read(100, out string line);
            Assert.Equal("x\n", line);                               // so is the partial line
        }

        [Fact]
        public void Noflsh_keeps_input_and_output()
        {
            var t = TerminalHarness.Controlled();
            LinuxTermios s = t.GetSettings();
            s.LocalFlags |= TermiosLocal.NOFLSH;
            t.SetSettings(s);
            t.Type("keep\x03\r");
            Assert.Single(t.Signals());
            t.Read(100, out string line);
            Assert.Equal("keep\n", line);
            Assert.Equal("keep^C\r\n", t.Sent());
        }

        [Fact]
        public void The_signal_goes_to_the_group_made_foreground()
        {
            var t = TerminalHarness.Controlled();
            Span4 group = new(42);
            Assert.Equal(0, t.Ioctl(LinuxIoctls.TIOCSPGRP, TerminalHarness.Leader, 0, group.Bytes, out _));
            t.Type("\x03");
            Assert.Equal(new[] { (42, Signals.SIGINT) }, t.Signals());
        }

        [Fact]
        public void Without_a_session_nobody_is_signalled_but_input_is_still_flushed()
        {
            var t = new TerminalHarness();
            t.Type("abc\x03" + "d\r");
            Assert.Empty(t.Signals());
            t.Read(100, out string line);
            Assert.Equal("d\n", line);
        }

        [Fact]
        public void Without_isig_the_characters_are_ordinary()
        {
            var t = TerminalHarness.Controlled();
            LinuxTermios s = t.GetSettings();
            s.LocalFlags &= ~TermiosLocal.ISIG;
            t.SetSettings(s);
            t.Type("\x03\x1a\r");
            Assert.Empty(t.Signals());
            t.Read(100, out string line);
            Assert.Equal("\x03\x1a\n", line);
        }

        [Fact]
        public void Stop_and_start_characters_hold_and_release_output()
        {
            var t = TerminalHarness.Controlled();
            t.Type("\x13");                                          // ^S
            t.Write("held");
            Assert.Equal("", t.Sent());
            Assert.True(t.Terminal.OutputPending);
            t.Type("\x11");                                          // ^Q
            Assert.Equal("held", t.Sent());
        }

        [Fact]
        public void Ixany_lets_any_character_restart_output()
        {
            var t = TerminalHarness.Controlled();
            LinuxTermios s = t.GetSettings();
            s.InputFlags |= TermiosInput.IXANY;
            t.SetSettings(s);
            t.Type("\x13");
            t.Write("held");
            t.Type("z");
            Assert.Equal("heldz", t.Sent());
        }

        // Four bytes of an int argument.
        internal readonly struct Span4
        {
            private readonly byte[] _bytes;
            public Span4(int value) => _bytes = System.BitConverter.GetBytes(value);
            public System.Span<byte> Bytes => _bytes;
            public int Value => System.BitConverter.ToInt32(_bytes);
        }
    }
}
