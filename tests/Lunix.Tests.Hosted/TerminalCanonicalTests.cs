using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.Drivers.Tty;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // The terminal's canonical mode with Linux's default settings (Drivers/Tty/LineDiscipline.cs):
    // what a read returns and what the echo shows, keystroke by keystroke, as n_tty gives them.
    public class TerminalCanonicalTests
    {
        [Fact]
        public void A_line_is_read_once_complete_and_echoed_with_cr_nl()
        {
            var t = TerminalHarness.Controlled();
            t.Type("hello");
            Assert.Equal(Terminal.Waiting, t.Read(100, out _));
            t.Type("\r");                                   // Enter: ICRNL makes it a newline
            Assert.Equal(6, t.Read(100, out string line));
            Assert.Equal("hello\n", line);
            Assert.Equal("hello\r\n", t.Sent());
        }

        [Fact]
        public void One_read_returns_one_line_and_a_short_read_leaves_the_rest()
        {
            var t = TerminalHarness.Controlled();
            t.Type("first line\rsecond\r");
            Assert.Equal(5, t.Read(5, out string part));
            Assert.Equal("first", part);
            Assert.Equal(6, t.Read(100, out string rest));
            Assert.Equal(" line\n", rest);
            Assert.Equal(7, t.Read(100, out string second));
            Assert.Equal("second\n", second);
        }

        [Fact]
        public void A_line_longer_than_the_driver_s_scratch_buffer_comes_whole()
        {
            var t = TerminalHarness.Controlled();
            string text = new string('x', 100);
            t.Type(text + "\r");
            Assert.Equal(101, t.Read(200, out string line));
            Assert.Equal(text + "\n", line);
        }

        [Fact]
        public void Erase_takes_back_one_character_and_backs_over_it()
        {
            var t = TerminalHarness.Controlled();
            t.Type("ab\x7f" + "c\r");
            Assert.Equal(3, t.Read(100, out string line));
            Assert.Equal("ac\n", line);
            Assert.Equal("ab\b \bc\r\n", t.Sent());
        }

        // Linux's n_tty erases with VERASE only (FreeBSD's VERASE2 also takes ^H): ^H is kept,
        // and echoed as ^H under ECHOCTL.
        [Fact]
        public void Control_H_is_an_ordinary_character_unless_it_is_VERASE()
        {
            var t = TerminalHarness.Controlled();
            t.Type("ab\bc\r");
            Assert.Equal(5, t.Read(100, out string line));
            Assert.Equal("ab\bc\n", line);
            Assert.Equal("ab^Hc\r\n", t.Sent());
        }

        [Fact]
        public void Erase_at_the_start_of_a_line_does_nothing()
        {
            var t = TerminalHarness.Controlled();
            t.Type("\x7f\x7fx\r");
            Assert.Equal(2, t.Read(100, out string line));
            Assert.Equal("x\n", line);
            Assert.Equal("x\r\n", t.Sent());
        }

        [Fact]
        public void Erase_never_reaches_into_a_completed_line()
        {
            var t = TerminalHarness.Controlled();
            t.Type("one\r\x7f\x7ftwo\r");
            t.Read(100, out string first);
            t.Read(100, out string second);
            Assert.Equal("one\n", first);
            Assert.Equal("two\n", second);
        }

        [Fact]
        public void Kill_with_echoke_erases_the_line_character_by_character()
        {
            var t = TerminalHarness.Controlled();
            t.Type("abc\x15x\r");
            Assert.Equal(2, t.Read(100, out string line));
            Assert.Equal("x\n", line);
            Assert.Equal("abc\b \b\b \b\b \bx\r\n", t.Sent());
        }

        [Fact]
        public void Kill_without_echoke_echoes_the_kill_character_and_a_newline()
        {
            var t = TerminalHarness.Controlled();
            LinuxTermios s = t.GetSettings();
            s.LocalFlags &= ~TermiosLocal.ECHOKE;
            t.SetSettings(s);
            t.Type("abc\x15x\r");
            t.Read(100, out string line);
            Assert.Equal("x\n", line);
            Assert.Equal("abc^U\r\nx\r\n", t.Sent());
        }

        [Fact]
        public void Word_erase_takes_the_last_word_and_the_blanks_after_it()
        {
            var t = TerminalHarness.Controlled();
            t.Type("echo foo bar  \x17" + "baz\r");
            t.Read(100, out string line);
            Assert.Equal("echo foo baz\n", line);
            Assert.Equal("echo foo bar  " + "\b \b\b \b\b \b\b \b\b \b" + "baz\r\n", t.Sent());
        }

        [Fact]
        public void Word_erase_needs_iexten()
        {
            var t = TerminalHarness.Controlled();
            LinuxTermios s = t.GetSettings();
            s.LocalFlags &= ~TermiosLocal.IEXTEN;
            t.SetSettings(s);
            t.Type("ab\x17\r");
            t.Read(100, out string line);
            Assert.Equal("ab\x17\n", line);
        }

        [Fact]
        public void End_of_file_at_the_start_of_a_line_reads_as_zero()
        {
            var t = TerminalHarness.Controlled();
            t.Type("\x04");
            Assert.Equal(0, t.Read(100, out string data));
            Assert.Equal("", data);
            Assert.Equal("", t.Sent());                     // ^D is not echoed
        }

        [Fact]
        public void End_of_file_after_text_ends_the_line_without_a_newline()
        {
            var t = TerminalHarness.Controlled();
            t.Type("abc\x04" + "def\r");
            Assert.Equal(3, t.Read(100, out string first));
            Assert.Equal("abc", first);
            Assert.Equal(4, t.Read(100, out string second));
            Assert.Equal("def\n", second);
        }

        [Fact]
        public void Control_characters_echo_as_caret_letter_and_erase_two_columns()
        {
            var t = TerminalHarness.Controlled();
            t.Type("a\x01");
            Assert.Equal("a^A", t.Sent());
            t.Type("\x7f");
            Assert.Equal("\b \b\b \b", t.Sent());
            t.Type("\r");
            t.Read(100, out string line);
            Assert.Equal("a\n", line);
        }

        [Fact]
        public void Erasing_a_tab_backs_up_to_where_it_began()
        {
            var t = TerminalHarness.Controlled();
            t.Type("ab\t");
            Assert.Equal("ab\t", t.Sent());
            t.Type("\x7f");
            Assert.Equal("\b\b\b\b\b\b", t.Sent());       // the tab went from column 2 to 8
        }

        [Fact]
        public void Erasing_a_tab_counts_from_the_column_the_line_began_at()
        {
            var t = TerminalHarness.Controlled();
            t.Write("$ ");                                  // a prompt: the line begins at column 2
            t.Sent();
            t.Type("a\t\x7f");
            Assert.Equal("a\t\b\b\b\b\b", t.Sent());         // column 3 to 8, back 5
        }

        [Fact]
        public void Erase_takes_a_whole_utf8_character_with_iutf8()
        {
            var t = TerminalHarness.Controlled();
            LinuxTermios s = t.GetSettings();
            s.InputFlags |= TermiosInput.IUTF8;
            t.SetSettings(s);
            t.Type("a\xc3\xa9\x7f\r");                      // a, é (two bytes), erase
            t.Read(100, out string line);
            Assert.Equal("a\n", line);
            Assert.Equal("a\xc3\xa9\b \b\r\n", t.Sent());  // é took one column
        }

        [Fact]
        public void Without_icrnl_a_carriage_return_is_an_ordinary_character()
        {
            var t = TerminalHarness.Controlled();
            LinuxTermios s = t.GetSettings();
            s.InputFlags &= ~TermiosInput.ICRNL;
            t.SetSettings(s);
            t.Type("a\r");
            Assert.Equal(Terminal.Waiting, t.Read(100, out _));
            Assert.Equal("a^M", t.Sent());
            t.Type("\n");
            t.Read(100, out string line);
            Assert.Equal("a\r\n", line);
        }

        [Fact]
        public void Igncr_drops_carriage_returns_and_inlcr_turns_newlines_into_them()
        {
            var t = TerminalHarness.Controlled();
            LinuxTermios s = t.GetSettings();
            s.InputFlags |= TermiosInput.IGNCR;
            t.SetSettings(s);
            t.Type("a\rb\n");
            t.Read(100, out string line);
            Assert.Equal("ab\n", line);

            s.InputFlags = TermiosInput.INLCR;
            t.SetSettings(s);
            t.Type("c\n\x04");
            t.Read(100, out string converted);
            Assert.Equal("c\r", converted);
        }

        [Fact]
        public void Eol_ends_a_line_and_echonl_echoes_newlines_without_echo()
        {
            var t = TerminalHarness.Controlled();
            LinuxTermios s = t.GetSettings();
            s.ControlChars[ControlChar.VEOL] = (byte)';';
            s.LocalFlags = (s.LocalFlags & ~TermiosLocal.ECHO) | TermiosLocal.ECHONL;
            t.SetSettings(s);
            t.Type("ab;cd\r");
            Assert.Equal(3, t.Read(100, out string first));
            Assert.Equal("ab;", first);
            t.Read(100, out string second);
            Assert.Equal("cd\n", second);
            Assert.Equal("\r\n", t.Sent());                 // only the newline, no echo of the rest
        }

        [Fact]
        public void Literal_next_stores_a_special_character_as_it_is()
        {
            var t = TerminalHarness.Controlled();
            t.Type("\x16\x03\x16\x7f\r");                   // ^V ^C ^V ^?
            t.Read(100, out string line);
            Assert.Equal("\x03\x7f\n", line);
            Assert.Empty(t.Signals());
            Assert.Equal("^\b^C^\b^?\r\n", t.Sent());
        }

        [Fact]
        public void Reprint_shows_the_line_again_on_a_new_line()
        {
            var t = TerminalHarness.Controlled();
            t.Type("ls -l");
            t.Sent();
            t.Type("\x12");
            Assert.Equal("^R\r\nls -l", t.Sent());
        }

        [Fact]
        public void Echoprt_shows_erased_characters_between_backslash_and_slash()
        {
            var t = TerminalHarness.Controlled();
            LinuxTermios s = t.GetSettings();
            s.LocalFlags |= TermiosLocal.ECHOPRT;
            t.SetSettings(s);
            t.Type("abc\x7f\x7f" + "d\r");
            Assert.Equal("abc\\cb/d\r\n", t.Sent());
            t.Read(100, out string line);
            Assert.Equal("ad\n", line);
        }

        [Fact]
        public void Without_echo_nothing_is_echoed_but_editing_still_works()
        {
            var t = TerminalHarness.Controlled();
            LinuxTermios s = t.GetSettings();
            s.LocalFlags &= ~TermiosLocal.ECHO;
            t.SetSettings(s);
            t.Type("secret\x7f\x15pw\r");
            Assert.Equal("", t.Sent());
            t.Read(100, out string line);
            Assert.Equal("pw\n", line);
        }

        [Fact]
        public void A_full_line_takes_no_more_characters_but_still_its_newline()
        {
            var t = TerminalHarness.Controlled();
            LinuxTermios s = t.GetSettings();
            s.LocalFlags &= ~TermiosLocal.ECHO;
            t.SetSettings(s);
            t.Type(new string('a', InputQueue.Size + 10) + "\r");
            Assert.Equal(InputQueue.Size, t.Read(2 * InputQueue.Size, out string line));
            Assert.EndsWith("a\n", line);
        }

        [Fact]
        public void A_nonblocking_read_without_a_complete_line_fails_with_eagain()
        {
            var t = TerminalHarness.Controlled();
            t.Type("partial");
            Assert.Equal(-(long)LinuxErrno.EAGAIN, t.Read(100, out _, nonBlocking: true));
        }

        [Fact]
        public void A_read_of_nothing_returns_zero_at_once()
        {
            var t = TerminalHarness.Controlled();
            Assert.Equal(0, t.Read(0, out _));
        }
    }
}
