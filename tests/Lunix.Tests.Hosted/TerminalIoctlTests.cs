using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.Drivers.Tty;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // The terminal's ioctls (Drivers/Tty/TerminalIoctls.cs) and job control (JobControl.cs), as
    // Linux answers them: termios, window size, the controlling terminal and foreground group,
    // the background checks, flushing and flow control.
    public class TerminalIoctlTests
    {
        private static readonly CharDriverCaller Background = TerminalHarness.InGroup(200, 200);

        private static long Int(TerminalHarness t, uint request, CharDriverCaller caller, out int value)
        {
            var bytes = new byte[4];
            long result = t.Ioctl(request, caller, 0, bytes, out _);
            value = BitConverter.ToInt32(bytes);
            return result;
        }

        private static long SetInt(TerminalHarness t, uint request, CharDriverCaller caller, int value) =>
            t.Ioctl(request, caller, 0, BitConverter.GetBytes(value), out _);

        [Fact]
        public void Tcgets_gives_linux_s_defaults_in_the_kernel_s_36_byte_layout()
        {
            var t = new TerminalHarness();
            var bytes = new byte[LinuxTermios.Size];
            Assert.Equal(LinuxTermios.Size, LinuxIoctls.ArgumentBytes(LinuxIoctls.TCGETS, out bool input));
            Assert.False(input);
            Assert.Equal(0, t.Ioctl(LinuxIoctls.TCGETS, TerminalHarness.Leader, 0, bytes, out _));
            Assert.Equal(0x500u, BitConverter.ToUInt32(bytes, 0));          // ICRNL | IXON
            Assert.Equal(0x5u, BitConverter.ToUInt32(bytes, 4));            // OPOST | ONLCR
            Assert.Equal(0x14B2u, BitConverter.ToUInt32(bytes, 8));         // B115200 | CS8 | CREAD | HUPCL
            Assert.Equal(0x8A3Bu, BitConverter.ToUInt32(bytes, 12));        // ISIG ICANON ECHO ECHOE ECHOK ECHOCTL ECHOKE IEXTEN
            Assert.Equal(0, bytes[16]);                                     // c_line
            Assert.Equal(new byte[] { 3, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0xf, 0x17, 0x16, 0 },
                         bytes.AsSpan(17, 17).ToArray());
        }

        [Fact]
        public void Tcsets_applies_at_once_tcsetsw_after_the_drain_tcsetsf_flushes_input_first()
        {
            var t = TerminalHarness.Controlled();
            LinuxTermios s = t.GetSettings();
            s.LocalFlags &= ~TermiosLocal.ECHO;
            var bytes = new byte[LinuxTermios.Size];
            System.Runtime.InteropServices.MemoryMarshal.Write(bytes, in s);

            Assert.Equal(0, t.Ioctl(LinuxIoctls.TCSETSW, TerminalHarness.Leader, 0, bytes, out IoctlFollowUp follow));
            Assert.Equal(IoctlFollowUp.DrainThenApplySettings, follow);
            Assert.NotEqual(0u, t.GetSettings().LocalFlags & TermiosLocal.ECHO);   // not yet

            t.Type("typed");
            Assert.Equal(0, t.Ioctl(LinuxIoctls.TCSETSF, TerminalHarness.Leader, 0, bytes, out follow));
            Assert.Equal(IoctlFollowUp.DrainThenApplySettings, follow);
            Assert.Equal(0, t.Terminal.Input.Count);

            Assert.Equal(0, t.Ioctl(LinuxIoctls.TCSETS, TerminalHarness.Leader, 0, bytes, out follow));
            Assert.Equal(IoctlFollowUp.None, follow);
            Assert.Equal(0u, t.GetSettings().LocalFlags & TermiosLocal.ECHO);
        }

        [Fact]
        public void Tcsbrk_drains_and_with_zero_sends_a_break()
        {
            var t = TerminalHarness.Controlled();
            Assert.Equal(0, t.Ioctl(LinuxIoctls.TCSBRK, TerminalHarness.Leader, 1, default, out IoctlFollowUp follow));
            Assert.Equal(IoctlFollowUp.Drain, follow);
            Assert.Equal(0, t.Ioctl(LinuxIoctls.TCSBRK, TerminalHarness.Leader, 0, default, out follow));
            Assert.Equal(IoctlFollowUp.DrainThenBreak, follow);
        }

        [Fact]
        public void The_window_size_is_kept_and_a_change_signals_sigwinch()
        {
            var t = TerminalHarness.Controlled();
            var size = new byte[8];
            Assert.Equal(0, t.Ioctl(LinuxIoctls.TIOCGWINSZ, TerminalHarness.Leader, 0, size, out _));
            Assert.Equal(new byte[8], size);                                 // a serial line's: 0 by 0, as Linux's
            BitConverter.GetBytes((ushort)24).CopyTo(size, 0);
            BitConverter.GetBytes((ushort)80).CopyTo(size, 2);
            Assert.Equal(0, t.Ioctl(LinuxIoctls.TIOCSWINSZ, TerminalHarness.Leader, 0, size, out _));
            Assert.Equal(new[] { (100, Signals.SIGWINCH) }, t.Signals());
            Assert.Equal(0, t.Ioctl(LinuxIoctls.TIOCSWINSZ, TerminalHarness.Leader, 0, size, out _));
            Assert.Empty(t.Signals());                                       // the same size: no news
            var back = new byte[8];
            t.Ioctl(LinuxIoctls.TIOCGWINSZ, TerminalHarness.Leader, 0, back, out _);
            Assert.Equal(size, back);
        }

        [Fact]
        public void A_session_leader_s_open_makes_the_terminal_its_controlling_one()
        {
            var t = new TerminalHarness();
            Assert.Equal(-(long)LinuxErrno.ENOTTY, Int(t, LinuxIoctls.TIOCGPGRP, TerminalHarness.Leader, out _));
            Assert.Equal(-(long)LinuxErrno.ENXIO, t.Terminal.Open(TerminalHarness.Leader, TerminalMinors.Controlling, false));
            Assert.Equal(0, t.Terminal.Open(TerminalHarness.Leader, TerminalMinors.Serial, false));
            Assert.Equal(0, Int(t, LinuxIoctls.TIOCGPGRP, TerminalHarness.Leader, out int group));
            Assert.Equal(100, group);
            Assert.Equal(0, Int(t, LinuxIoctls.TIOCGSID, TerminalHarness.Leader, out int session));
            Assert.Equal(100, session);
            Assert.Equal(0, t.Terminal.Open(TerminalHarness.Leader, TerminalMinors.Controlling, false));
        }

        [Fact]
        public void O_noctty_the_console_and_non_leaders_do_not_take_the_terminal()
        {
            var t = new TerminalHarness();
            t.Terminal.Open(TerminalHarness.Leader, TerminalMinors.Serial, noControllingTerminal: true);
            t.Terminal.Open(TerminalHarness.Leader, TerminalMinors.Console, noControllingTerminal: false);
            t.Terminal.Open(TerminalHarness.InGroup(101, 100), TerminalMinors.Serial, noControllingTerminal: false);
            Assert.Equal(0, t.Terminal.Jobs.Session);
            Assert.Equal(-(long)LinuxErrno.ENOTTY, Int(t, LinuxIoctls.TIOCGSID, TerminalHarness.Leader, out _));
        }

        [Fact]
        public void Another_session_sees_enotty_and_cannot_take_the_terminal_without_stealing()
        {
            var t = TerminalHarness.Controlled();
            var stranger = new CharDriverCaller { Process = 9, Pid = 300, ProcessGroup = 300, Session = 300 };
            Assert.Equal(-(long)LinuxErrno.ENOTTY, Int(t, LinuxIoctls.TIOCGPGRP, stranger, out _));
            Assert.Equal(-(long)LinuxErrno.ENOTTY, SetInt(t, LinuxIoctls.TIOCSPGRP, stranger, 300));
            Assert.Equal(-(long)LinuxErrno.EPERM, t.Ioctl(LinuxIoctls.TIOCSCTTY, stranger, 0, default, out _));
            Assert.Equal(-(long)LinuxErrno.EPERM, t.Ioctl(LinuxIoctls.TIOCSCTTY, TerminalHarness.InGroup(101, 100), 0, default, out _));
            Assert.Equal(0, t.Ioctl(LinuxIoctls.TIOCSCTTY, stranger, 1, default, out _));
            Assert.Equal(300, t.Terminal.Jobs.Session);
            Assert.Equal(300, t.Terminal.Jobs.ForegroundGroup);
        }

        [Fact]
        public void Tiocspgrp_moves_the_foreground_and_refuses_bad_groups()
        {
            var t = TerminalHarness.Controlled();
            Assert.Equal(0, SetInt(t, LinuxIoctls.TIOCSPGRP, TerminalHarness.Leader, 200));
            Assert.Equal(0, Int(t, LinuxIoctls.TIOCGPGRP, Background, out int group));
            Assert.Equal(200, group);
            var foreground = TerminalHarness.InGroup(200, 200);
            Assert.Equal(-(long)LinuxErrno.EINVAL, SetInt(t, LinuxIoctls.TIOCSPGRP, foreground, -1));
            Assert.Equal(-(long)LinuxErrno.ESRCH, SetInt(t, LinuxIoctls.TIOCSPGRP, foreground, 0));
        }

        // A restarted driver's terminal (a fresh one) with its predecessor's ties: the session
        // keeps its controlling terminal and foreground group, and a close of what was opened
        // before the restart is counted, so only the last one ends the session. Without the ties
        // the shell's tcsetpgrp is ENOTTY.
        [Fact]
        public void A_fresh_terminal_with_the_old_ties_is_still_the_session_s_controlling_terminal()
        {
            var old = TerminalHarness.Controlled();
            Assert.Equal(0, SetInt(old, LinuxIoctls.TIOCSPGRP, TerminalHarness.Leader, 200));
            Assert.Equal(0, old.Terminal.Open(Background, TerminalMinors.Serial, false));
            TerminalTies ties = old.Terminal.Ties;

            var lost = new TerminalHarness();
            Assert.Equal(-(long)LinuxErrno.ENOTTY, SetInt(lost, LinuxIoctls.TIOCSPGRP, TerminalHarness.Leader, 100));

            var restarted = new TerminalHarness();
            restarted.Terminal.Restore(in ties);
            Assert.True(restarted.Terminal.Ties.Same(in ties));
            Assert.Equal(0, Int(restarted, LinuxIoctls.TIOCGPGRP, TerminalHarness.Leader, out int group));
            Assert.Equal(200, group);
            Assert.Equal(0, SetInt(restarted, LinuxIoctls.TIOCSPGRP, Background, 100));
            restarted.Terminal.Close();
            Assert.Equal(100, restarted.Terminal.Jobs.Session);
            restarted.Terminal.Close();
            Assert.Equal(0, restarted.Terminal.Jobs.Session);
        }

        [Fact]
        public void A_background_change_gets_sigttou_or_goes_ahead_when_ignored_or_eio_when_orphaned()
        {
            var t = TerminalHarness.Controlled();
            LinuxTermios s = t.GetSettings();
            Assert.Equal(PosixErrors.Restart, t.SetSettings(s, LinuxIoctls.TCSETS, Background));
            Assert.Equal(new[] { (200, Signals.SIGTTOU) }, t.Signals());
            Assert.Equal(0, t.SetSettings(s, LinuxIoctls.TCSETS, TerminalHarness.InGroup(200, 200, CallerFlags.IgnoresTtou)));
            Assert.Equal(-(long)LinuxErrno.EIO, t.SetSettings(s, LinuxIoctls.TCSETS, TerminalHarness.InGroup(200, 200, CallerFlags.OrphanedGroup)));
            Assert.Equal(-(long)LinuxErrno.ENOTTY, SetInt(t, LinuxIoctls.TIOCSPGRP, TerminalHarness.InGroup(200, 200, CallerFlags.OrphanedGroup), 200));
            Assert.Equal(PosixErrors.Restart, t.Ioctl(LinuxIoctls.TCFLSH, Background, LinuxIoctls.TCIFLUSH, default, out _));
            Assert.Empty(t.Signals().FindAll(raised => raised.Signal != Signals.SIGTTOU));
            // Reading the settings is fine from the background, as is everything from another session.
            Assert.Equal(0, t.Ioctl(LinuxIoctls.TCGETS, Background, 0, new byte[LinuxTermios.Size], out _));
        }

        [Fact]
        public void A_background_read_gets_sigttin_or_eio()
        {
            var t = TerminalHarness.Controlled();
            Assert.Equal(PosixErrors.Restart, t.Terminal.Jobs.CheckBackground(Background, Signals.SIGTTIN));
            Assert.Equal(new[] { (200, Signals.SIGTTIN) }, t.Signals());
            Assert.Equal(-(long)LinuxErrno.EIO, t.Terminal.Jobs.CheckBackground(TerminalHarness.InGroup(200, 200, CallerFlags.IgnoresTtin), Signals.SIGTTIN));
            Assert.Equal(-(long)LinuxErrno.EIO, t.Terminal.Jobs.CheckBackground(TerminalHarness.InGroup(200, 200, CallerFlags.OrphanedGroup), Signals.SIGTTIN));
            Assert.Equal(0, t.Terminal.Jobs.CheckBackground(TerminalHarness.InGroup(101, 100), Signals.SIGTTIN));
            Assert.Empty(t.Signals());
        }

        [Fact]
        public void The_leader_giving_the_terminal_up_hangs_up_the_foreground_group()
        {
            var t = TerminalHarness.Controlled();
            SetInt(t, LinuxIoctls.TIOCSPGRP, TerminalHarness.Leader, 200);
            Assert.Equal(0, t.Ioctl(LinuxIoctls.TIOCNOTTY, TerminalHarness.Leader, 0, default, out _));
            Assert.Equal(new[] { (200, Signals.SIGHUP), (200, Signals.SIGCONT) }, t.Signals());
            Assert.Equal(0, t.Terminal.Jobs.Session);
            Assert.Equal(-(long)LinuxErrno.ENOTTY, t.Ioctl(LinuxIoctls.TIOCNOTTY, TerminalHarness.Leader, 0, default, out _));
        }

        [Fact]
        public void The_last_close_ends_the_session_and_drops_typed_input()
        {
            var t = TerminalHarness.Controlled();
            t.Terminal.Open(TerminalHarness.Leader, TerminalMinors.Console, false);
            t.Type("abc\r");
            t.Terminal.Close();
            Assert.Equal(100, t.Terminal.Jobs.Session);
            t.Terminal.Close();
            Assert.Equal(0, t.Terminal.Jobs.Session);
            Assert.Equal(0, t.Terminal.Input.Count);
        }

        [Fact]
        public void Fionread_counts_complete_lines_without_end_of_file_marks()
        {
            var t = TerminalHarness.Controlled();
            t.Type("ab\rcd\x04" + "partial");
            Assert.Equal(0, Int(t, LinuxIoctls.FIONREAD, TerminalHarness.Leader, out int count));
            Assert.Equal(5, count);                                         // "ab\n" and "cd"
            t.MakeRaw(1, 0);
            Int(t, LinuxIoctls.FIONREAD, TerminalHarness.Leader, out count);
            Assert.Equal(13, count);                                        // everything, the mark a byte now
        }

        [Fact]
        public void Tcflsh_throws_away_input_output_or_both()
        {
            var t = TerminalHarness.Controlled();
            t.Type("\x13" + "in\r");
            t.Write("out");
            Assert.Equal(0, t.Ioctl(LinuxIoctls.TCFLSH, TerminalHarness.Leader, LinuxIoctls.TCOFLUSH, default, out _));
            Assert.False(t.Terminal.OutputPending);
            Assert.Equal(3, t.Terminal.ReadableBytes());
            Assert.Equal(0, t.Ioctl(LinuxIoctls.TCFLSH, TerminalHarness.Leader, LinuxIoctls.TCIFLUSH, default, out _));
            Assert.Equal(0, t.Terminal.ReadableBytes());
            Assert.Equal(-(long)LinuxErrno.EINVAL, t.Ioctl(LinuxIoctls.TCFLSH, TerminalHarness.Leader, 3, default, out _));
        }

        [Fact]
        public void Tcxonc_suspends_output_until_tcoon_and_sends_stop_and_start_first()
        {
            var t = TerminalHarness.Controlled();
            Assert.Equal(0, t.Ioctl(LinuxIoctls.TCXONC, TerminalHarness.Leader, LinuxIoctls.TCOOFF, default, out _));
            t.Write("later");
            t.Type("\x11");                                                 // ^Q does not lift TCOOFF
            Assert.Equal("", t.Sent());
            Assert.Equal(0, t.Ioctl(LinuxIoctls.TCXONC, TerminalHarness.Leader, LinuxIoctls.TCIOFF, default, out _));
            Assert.Equal("\x13", t.Sent());                                 // STOP goes even now
            Assert.Equal(0, t.Ioctl(LinuxIoctls.TCXONC, TerminalHarness.Leader, LinuxIoctls.TCOON, default, out _));
            Assert.Equal(0, t.Ioctl(LinuxIoctls.TCXONC, TerminalHarness.Leader, LinuxIoctls.TCION, default, out _));
            Assert.Equal("\x11" + "later", t.Sent());
            Assert.Equal(-(long)LinuxErrno.EINVAL, t.Ioctl(LinuxIoctls.TCXONC, TerminalHarness.Leader, 7, default, out _));
        }

        [Fact]
        public void Unknown_requests_are_enotty()
        {
            var t = TerminalHarness.Controlled();
            Assert.Equal(-1, LinuxIoctls.ArgumentBytes(0x5412, out _));       // TIOCSTI: not offered
            Assert.Equal(-(long)LinuxErrno.ENOTTY, t.Ioctl(0x5412, TerminalHarness.Leader, 0, default, out _));
        }
    }
}
