using System;
using System.Text;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.Drivers.Tty;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // The virtual consoles (Drivers/Tty/VirtualConsoles.cs): typing goes to the console shown,
    // each keeps its own screen, Alt-Fn switches.
    public class VirtualConsolesTests
    {
        private static void Type(VirtualConsoles consoles, string keys)
        {
            consoles.Type(Encoding.Latin1.GetBytes(keys));
            consoles.Drain();
        }

        private static void Write(VirtualConsoles consoles, int index, string output)
        {
            var write = new TerminalWrite { Length = output.Length };
            consoles.Terminal(index).Write(ref write, Encoding.Latin1.GetBytes(output));
            consoles.Drain();
        }

        [Fact]
        public void TypingEchoesOnTheShownConsoleOnly()
        {
            var consoles = new VirtualConsoles(80, 25);
            Type(consoles, "ls");
            Assert.Equal("ls", consoles.Screen(0).RowText(0));
            Assert.Equal("", consoles.Screen(1).RowText(0));
            Assert.True(consoles.Terminal(0).Input.Count > 0);
            Assert.Equal(0, consoles.Terminal(1).Input.Count);
        }

        [Fact]
        public void SwitchingKeepsEachScreenAndMovesTheKeyboard()
        {
            var consoles = new VirtualConsoles(80, 25);
            Write(consoles, 0, "first\n");
            Assert.True(consoles.Switch(1));
            Type(consoles, "two");
            Write(consoles, 0, "more on one\n");
            Assert.Equal("two", consoles.ActiveScreen.RowText(0));
            Assert.True(consoles.Switch(0));
            Assert.Equal(new[] { "first", "more on one" }, new[] { consoles.ActiveScreen.RowText(0), consoles.ActiveScreen.RowText(1) });
            Assert.Equal(3, consoles.Terminal(1).Input.Count);
        }

        [Fact]
        public void SwitchingToTheShownOrAMissingConsoleDoesNothing()
        {
            var consoles = new VirtualConsoles(80, 25);
            Assert.False(consoles.Switch(0));
            Assert.False(consoles.Switch(VirtualConsoles.Count));
            Assert.False(consoles.Switch(-1));
            Assert.Equal(0, consoles.Active);
        }

        [Fact]
        public void SwitchingMarksTheWholeScreenForTheDisplay()
        {
            var consoles = new VirtualConsoles(80, 25);
            for (int r = 0; r < 25; r++) consoles.Screen(2).TakeDirty(r);
            consoles.Switch(2);
            for (int r = 0; r < 25; r++) Assert.True(consoles.ActiveScreen.TakeDirty(r));
        }

        [Fact]
        public void ControlCOnAConsoleSignalsItsForegroundGroup()
        {
            var consoles = new VirtualConsoles(80, 25);
            var leader = new CharDriverCaller { Process = 1, Pid = 100, ProcessGroup = 100, Session = 100 };
            Assert.Equal(0, consoles.Terminal(0).Open(leader, TerminalMinors.Serial, noControllingTerminal: false));
            Type(consoles, "\x03");
            Assert.True(consoles.Terminal(0).Signals.Peek(out int group, out int signal));
            Assert.Equal((100, Signals.SIGINT), (group, signal));
        }

        [Fact]
        public void WindowSizeIsTheScreens()
        {
            var consoles = new VirtualConsoles(100, 37);
            LinuxWindowSize size = consoles.Terminal(3).WindowSize;
            Assert.Equal((37, 100), ((int)size.Rows, (int)size.Columns));
        }

        [Fact]
        public void CursorReportGoesBackAsInput()
        {
            var consoles = new VirtualConsoles(80, 25);
            Write(consoles, 0, "\x1b[6n");
            Assert.Equal(6, consoles.Terminal(0).Input.Count);      // ESC [ 1 ; 1 R
        }
    }
}
