using System.Text;
using Lunix.Drivers.Tty;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // Linux console output on a virtual console's screen model (Drivers/Tty/ConsoleEmulator.cs,
    // ConsoleScreen.cs).
    public class ConsoleEmulatorTests
    {
        private static ConsoleEmulator Emulator(int columns = 20, int rows = 5) => new ConsoleEmulator(new ConsoleScreen(columns, rows));

        private static ConsoleEmulator Run(string output, int columns = 20, int rows = 5)
        {
            var emulator = Emulator(columns, rows);
            emulator.Write(Encoding.Latin1.GetBytes(output));
            return emulator;
        }

        private static string[] Rows(ConsoleEmulator emulator)
        {
            var rows = new string[emulator.Screen.Rows];
            for (int r = 0; r < rows.Length; r++) rows[r] = emulator.Screen.RowText(r);
            return rows;
        }

        [Fact]
        public void TextCarriageReturnLineFeedBackspaceAndTab()
        {
            var e = Run("ab\bX\r\nc\td");
            Assert.Equal(new[] { "aX", "c       d", "", "", "" }, Rows(e));
            Assert.Equal((1, 9), (e.Screen.Row, e.Screen.Column));
        }

        [Fact]
        public void LongLinesWrapOnlyWhenTheNextCharacterComes()
        {
            var e = Run("0123456789", columns: 10);
            Assert.Equal((0, 9), (e.Screen.Row, e.Screen.Column));
            e.Write((byte)'x');
            Assert.Equal(new[] { "0123456789", "x", "", "", "" }, Rows(e));
        }

        [Fact]
        public void LineFeedAtTheBottomScrolls()
        {
            var e = Run("1\r\n2\r\n3\r\n4\r\n5\r\n6", rows: 5);
            Assert.Equal(new[] { "2", "3", "4", "5", "6" }, Rows(e));
        }

        [Fact]
        public void CursorMovesAndPositions()
        {
            var e = Run("\x1b[3;5Hx\x1b[Ay\x1b[2Dz\x1b[Bw\x1b[1;1H\x1b[3Cv\x1b[5Gu\x1b[4dt");
            Assert.Equal(new[] { "   vu", "    zy", "    xw", "     t", "" }, Rows(e));
        }

        [Fact]
        public void CursorMovesStopAtTheEdges()
        {
            var e = Run("\x1b[99;99Hx\x1b[99Ay\x1b[99Dz");
            Assert.Equal("z                  y", e.Screen.RowText(0));
            Assert.Equal('x', e.Screen.Character(4, 19));
        }

        [Fact]
        public void EraseInDisplayAndLine()
        {
            const string full = "aaaa\r\nbbbb\r\ncccc\r\ndddd\r\neeee";
            Assert.Equal(new[] { "aaaa", "bb", "", "", "" }, Rows(Run(full + "\x1b[2;3H\x1b[J")));
            Assert.Equal(new[] { "", "   b", "cccc", "dddd", "eeee" }, Rows(Run(full + "\x1b[2;3H\x1b[1J")));
            Assert.Equal(new[] { "", "", "", "", "" }, Rows(Run(full + "\x1b[2J")));
            Assert.Equal(new[] { "aaaa", "bb", "cccc", "dddd", "eeee" }, Rows(Run(full + "\x1b[2;3H\x1b[K")));
            Assert.Equal(new[] { "aaaa", "   b", "cccc", "dddd", "eeee" }, Rows(Run(full + "\x1b[2;3H\x1b[1K")));
            Assert.Equal(new[] { "aaaa", "", "cccc", "dddd", "eeee" }, Rows(Run(full + "\x1b[2;3H\x1b[2K")));
        }

        [Fact]
        public void InsertDeleteAndEraseCharacters()
        {
            Assert.Equal("ab  cdef", Run("abcdef\x1b[1;3H\x1b[2@").Screen.RowText(0));
            Assert.Equal("abef", Run("abcdef\x1b[1;3H\x1b[2P").Screen.RowText(0));
            Assert.Equal("ab  ef", Run("abcdef\x1b[1;3H\x1b[2X").Screen.RowText(0));
        }

        [Fact]
        public void InsertAndDeleteLines()
        {
            const string full = "1\r\n2\r\n3\r\n4\r\n5";
            Assert.Equal(new[] { "1", "", "2", "3", "4" }, Rows(Run(full + "\x1b[2;1H\x1b[L")));
            Assert.Equal(new[] { "1", "3", "4", "5", "" }, Rows(Run(full + "\x1b[2;1H\x1b[M")));
        }

        [Fact]
        public void ScrollRegionKeepsRowsOutsideIt()
        {
            // Region rows 2..4: a line feed at its bottom scrolls only it; ESC M at its top too.
            var e = Run("1\r\n2\r\n3\r\n4\r\n5\x1b[2;4r\x1b[4;1H\nX");
            Assert.Equal(new[] { "1", "3", "4", "X", "5" }, Rows(e));
            e.Write(Encoding.Latin1.GetBytes("\x1b[2;1H\x1bMY"));
            Assert.Equal(new[] { "1", "Y", "3", "4", "5" }, Rows(e));
        }

        [Fact]
        public void SaveAndRestoreCursor()
        {
            Assert.Equal(new[] { "ab", "", "", "", "c" }, Rows(Run("a\x1b" + "7\x1b[5;1Hc\x1b" + "8b")));
            Assert.Equal(new[] { "ab", "", "", "", "c" }, Rows(Run("a\x1b[s\x1b[5;1Hc\x1b[ub")));
        }

        [Fact]
        public void ColoursChangeTheAttributeAndResetRestoresIt()
        {
            var e = Run("\x1b[1;31;44mR\x1b[0mN\x1b[7mI\x1b[m");
            Assert.Equal(0x1C, e.Screen.Cell(0, 0) >> 8);      // bright red (VGA 4 | 8) on blue (VGA 1)
            Assert.Equal(0x07, e.Screen.Cell(0, 1) >> 8);
            Assert.Equal(0x70, e.Screen.Cell(0, 2) >> 8);
            Assert.Equal(ConsoleScreen.DefaultAttribute, e.Screen.Attribute);
        }

        [Fact]
        public void UnknownAndIgnoredSequencesLeaveNoTrace()
        {
            var e = Run("a\x1b]0;title\x07" + "b\x1b(Bc\x1b[?1049hd\x1b[4he\x1b[?25lf\x1b[>0qg");
            Assert.Equal("abcdefg", e.Screen.RowText(0));
            Assert.False(e.Screen.CursorVisible);
        }

        [Fact]
        public void CursorPositionReportIsOwedAsInput()
        {
            var e = Run("\x1b[3;7H\x1b[6n");
            Assert.Equal("\x1b[3;7R", Encoding.Latin1.GetString(e.Answer));
            e.TakeAnswer();
            Assert.Equal(0, e.Answer.Length);
        }

        [Fact]
        public void ResetClearsTheScreen()
        {
            var e = Run("abc\x1b[31m\x1b" + "c");
            Assert.Equal("", e.Screen.RowText(0));
            Assert.Equal((0, 0), (e.Screen.Row, e.Screen.Column));
            Assert.Equal(ConsoleScreen.DefaultAttribute, e.Screen.Attribute);
        }

        [Fact]
        public void ChangedRowsAreMarkedForTheDisplay()
        {
            var e = Emulator();
            for (int r = 0; r < 5; r++) e.Screen.TakeDirty(r);
            e.Write(Encoding.Latin1.GetBytes("\x1b[3;1Hx"));
            Assert.False(e.Screen.TakeDirty(0));
            Assert.True(e.Screen.TakeDirty(2));
            Assert.False(e.Screen.TakeDirty(2));
        }
    }
}
