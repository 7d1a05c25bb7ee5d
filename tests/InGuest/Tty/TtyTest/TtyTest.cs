using System;
using System.Runtime;
using System.Runtime.InteropServices;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;
using Lunix.Tests.InGuest;

namespace Lunix.Tests.InGuest.TtyTest
{
    // The tty suite (suite=tty): this program talks to the terminal driver (Drivers/Tty) the way
    // VFS does (Abi/CharDriverRequests.cs, by SENDA) and stands in for PM, whose signals the
    // driver sends here (the suite's option tty.pm=<this endpoint>). What a case needs typed it
    // asks for on the console ("# type: ...", Keyboard), and the machine's runner types it into
    // COM1: canonical and raw reads, erase, kill, word erase, ^D, ^C, ^Z, ^\, the ioctls, job
    // control, Cancel, Select, the kernel's lines around a half-typed line, and a restart of the
    // driver by RS after a crash. The boot test checks the echo and output on the serial line.
    internal static class TtyTest
    {
        private const int Serial = TerminalMinors.Serial;
        private const ulong Typing = 3000;              // ticks (30 s at 100 Hz) for the runner to type what is asked
        private const ulong Answer = 500;               // ticks for an answer that needs no typing

        private static readonly CharDriverCaller Leader = new() { Process = TestEndpoints.TtyTest, Pid = 10, ProcessGroup = 10, Session = 10 };
        private static CharDriverCaller Background(int flags = 0) =>
            new() { Process = TestEndpoints.TtyTest, Pid = 11, ProcessGroup = 11, Session = 10, Flags = flags };

        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            int failed = 0;
            Tap.Plan(22);
            failed += Tap.Check(1, "a session leader's open makes the terminal its controlling terminal", OpenTakesTerminal());
            failed += Tap.Check(2, "TCGETS gives Linux's default termios", DefaultSettings());
            failed += Tap.Check(3, "a canonical read returns the typed line with erase and kill applied", ReadsLine("wrong\x15hx\x7f" + "ello\r", "hello\n"));
            failed += Tap.Check(4, "^W erases the last word and ^H is an ordinary character", ReadsLine("echo foo\x17" + "bar\bz\r", "echo bar\bz\n"));
            failed += Tap.Check(5, "^D at the start of a line reads as end of file, after text it ends the line", EndOfFile());
            failed += Tap.Check(6, "^C sends SIGINT to the foreground group by PM's protocol and throws the typed line away", Interrupt());
            failed += Tap.Check(7, "^Z sends SIGTSTP and ^\\ sends SIGQUIT", StopAndQuit());
            failed += Tap.Check(8, "a write goes out on the serial line", Writes());
            failed += Tap.Check(9, "raw mode with VMIN 1 returns each byte as it is typed", RawByte());
            failed += Tap.Check(10, "raw mode with VMIN 0 and VTIME 3 returns nothing after 0.3 s", RawTimeout());
            failed += Tap.Check(11, "VMIN 0 VTIME 0 returns at once; a nonblocking canonical read with no line fails with EAGAIN", ReadsThatDoNotWait());
            failed += Tap.Check(12, "TIOCSWINSZ signals SIGWINCH to the foreground group and TIOCGWINSZ reads it back", WindowSize());
            failed += Tap.Check(13, "FIONREAD counts a typed line and TCFLSH throws it away", CountAndFlush());
            failed += Tap.Check(14, "a background read gets SIGTTIN and the restart code, or EIO when SIGTTIN is ignored", BackgroundRead());
            failed += Tap.Check(15, "a background TIOCSPGRP gets SIGTTOU; the foreground moves the group", ForegroundGroup());
            failed += Tap.Check(16, "an unknown ioctl is ENOTTY and /dev/tty without a controlling terminal ENXIO", Refusals());
            failed += Tap.Check(17, "Cancel ends a held read with EINTR and a Cancel of nothing held gets no answer", Cancels());
            failed += Tap.Check(18, "Select sees no input, then a SelectReady once a line is typed; output is always ready", Selects());
            failed += Tap.Check(19, "TCSETSW and TCSBRK 1 answer once the output is drained", Drains());
            failed += Tap.Check(20, "a console line while a line is half typed breaks it and prints it again below", ConsoleLineMidInput());
            failed += Tap.Check(21, "a write with TOSTOP from the background gets SIGTTOU; without TOSTOP it goes out", BackgroundWrite());
            failed += Tap.Check(22, "RS restarts the driver after a crash and it serves again from Linux's defaults", RestartedAfterCrash());
            return failed;
        }

        // ---- helpers ----

        private static long Ioctl(uint command, Span<byte> argument, ulong value, in CharDriverCaller caller)
        {
            int id = TerminalClient.Ioctl(command, argument, value, caller, out int grant);
            return TerminalClient.Await(id, Answer, out long result, grant) ? result : long.MinValue;
        }

        private static long IntIoctl(uint command, in CharDriverCaller caller, out int value, int input = 0)
        {
            Span<byte> bytes = stackalloc byte[4];
            MemoryMarshal.Cast<byte, int>(bytes)[0] = input;
            long result = Ioctl(command, bytes, 0, caller);
            value = MemoryMarshal.Cast<byte, int>(bytes)[0];
            return result;
        }

        private static LinuxTermios Settings()
        {
            Span<byte> bytes = stackalloc byte[LinuxTermios.Size];
            Ioctl(LinuxIoctls.TCGETS, bytes, 0, Leader);
            return MemoryMarshal.Read<LinuxTermios>(bytes);
        }

        private static long SetSettings(LinuxTermios settings, uint command = LinuxIoctls.TCSETS)
        {
            Span<byte> bytes = stackalloc byte[LinuxTermios.Size];
            MemoryMarshal.Cast<byte, LinuxTermios>(bytes)[0] = settings;
            return Ioctl(command, bytes, 0, Leader);
        }

        private static long Raw(byte min, byte time, bool echo = false)
        {
            LinuxTermios t = LinuxTermios.Default();
            t.LocalFlags &= ~TermiosLocal.ICANON;
            if (!echo) t.LocalFlags &= ~TermiosLocal.ECHO;
            t.ControlChars[ControlChar.VMIN] = min;
            t.ControlChars[ControlChar.VTIME] = time;
            return SetSettings(t);
        }

        private static bool Canonical() => SetSettings(LinuxTermios.Default()) == 0;

        // A read of up to `length` bytes, with `keys` typed meanwhile: its result, Buffer holding the bytes.
        private static long ReadTyped(string keys, int length = 100, ulong wait = Typing)
        {
            int id = TerminalClient.Read(Serial, length, Leader, out int grant);
            if (keys.Length > 0) Keyboard.Type(keys);
            return TerminalClient.Await(id, wait, out long result, grant) ? result : long.MinValue;
        }

        private static bool Got(long result, string expected)
        {
            bool same = result == expected.Length;
            for (int i = 0; same && i < expected.Length; i++) same = TerminalClient.Buffer[i] == expected[i];
            if (!same) Report(result);
            return same;
        }

        // What a read gave instead (a TAP comment): its result and bytes, escaped as typed.
        private const string Hex = "0123456789abcdef";

        private static void Report(long result)
        {
            if (result == long.MinValue)
            {
                Kernel.Print("# the read got no answer");
                return;
            }
            Span<char> line = stackalloc char[Kernel.PrintMax];
            var text = new ConsoleLine(line).Append("# read gave ");
            if (result < 0) text.Append("-");
            text.Append((ulong)Math.Abs(result));
            text.Append(": ");
            Span<char> escaped = stackalloc char[4] { '\\', 'x', '0', '0' };
            for (int i = 0; result > 0 && i < result && i < 40; i++)
            {
                byte b = TerminalClient.Buffer[i];
                escaped[2] = Hex[b >> 4];
                escaped[3] = Hex[b & 15];
                escaped[0] = (char)b;
                text.Append(b >= 0x20 && b < 0x7F ? escaped.Slice(0, 1) : escaped);
                escaped[0] = '\\';
            }
            text.Print();
        }

        private static bool ReadsLine(string keys, string expected) => Got(ReadTyped(keys), expected);

        private static bool SignalIs(int group, int signal) =>
            TerminalClient.AwaitSignal(Answer, out int g, out int s) && g == group && s == signal;

        // Waits until FIONREAD says `count` bytes wait (the runner has typed them).
        private static bool InputArrives(int count)
        {
            ulong deadline = Kernel.Ticks() + Typing;
            while (Kernel.Ticks() < deadline)
            {
                if (IntIoctl(LinuxIoctls.FIONREAD, Leader, out int waiting) == 0 && waiting == count) return true;
                Kernel.Sleep(5);
            }
            return false;
        }

        // ---- cases ----

        private static bool OpenTakesTerminal()
        {
            int id = TerminalClient.Open(Serial, Leader);
            return TerminalClient.Await(id, Answer, out long opened) && opened == 0
                   && IntIoctl(LinuxIoctls.TIOCGPGRP, Leader, out int group) == 0 && group == 10
                   && IntIoctl(LinuxIoctls.TIOCGSID, Leader, out int session) == 0 && session == 10;
        }

        private static bool DefaultSettings()
        {
            LinuxTermios t = Settings();
            return t.InputFlags == (TermiosInput.ICRNL | TermiosInput.IXON)
                   && t.OutputFlags == (TermiosOutput.OPOST | TermiosOutput.ONLCR)
                   && t.LocalFlags == 0x8A3B
                   && t.ControlChars[ControlChar.VINTR] == 3 && t.ControlChars[ControlChar.VERASE] == 0x7F
                   && t.ControlChars[ControlChar.VEOF] == 4 && t.ControlChars[ControlChar.VMIN] == 1;
        }

        private static bool EndOfFile() => ReadTyped("\x04") == 0 && Got(ReadTyped("abc\x04"), "abc");

        // The line typed before ^C is gone; the held read goes on and gets the next line.
        private static bool Interrupt()
        {
            int id = TerminalClient.Read(Serial, 100, Leader, out int grant);
            Keyboard.Type("lost\x03");
            bool signalled = TerminalClient.AwaitSignal(Typing, out int group, out int signal) && group == 10 && signal == Signals.SIGINT;
            bool stillHeld = TerminalClient.Quiet(20, id);
            Keyboard.Type("kept\r");
            return signalled && stillHeld && TerminalClient.Await(id, Typing, out long result, grant) && Got(result, "kept\n");
        }

        private static bool StopAndQuit()
        {
            Keyboard.Type("\x1a\x1c");
            return TerminalClient.AwaitSignal(Typing, out int g1, out int s1) && g1 == 10 && s1 == Signals.SIGTSTP
                   && SignalIs(10, Signals.SIGQUIT);
        }

        private static bool Writes()
        {
            ReadOnlySpan<byte> text = "ttytest: written through the terminal\n"u8;
            int id = TerminalClient.Write(Serial, text, Leader, out int grant);
            return TerminalClient.Await(id, Answer, out long written, grant) && written == text.Length;
        }

        private static bool RawByte() => Raw(1, 0) == 0 && Got(ReadTyped("q", 10), "q");

        private static bool RawTimeout()
        {
            if (Raw(0, 3) != 0) return false;
            ulong start = Kernel.Ticks();
            long result = ReadTyped("", 10, Answer);
            ulong took = Kernel.Ticks() - start;
            ulong tenths = took * 10 / Kernel.TicksPerSecond();
            return result == 0 && tenths >= 3 && tenths < 30;
        }

        private static bool ReadsThatDoNotWait()
        {
            if (Raw(0, 0) != 0 || ReadTyped("", 10, Answer) != 0 || !Canonical()) return false;
            int id = TerminalClient.Read(Serial, 10, Leader, out int grant, CharDriverFlags.NonBlocking);
            return TerminalClient.Await(id, Answer, out long result, grant) && result == -(long)LinuxErrno.EAGAIN;
        }

        private static bool WindowSize()
        {
            Span<byte> size = stackalloc byte[LinuxWindowSize.Size];
            MemoryMarshal.Cast<byte, LinuxWindowSize>(size)[0] = new LinuxWindowSize { Rows = 24, Columns = 80 };
            if (Ioctl(LinuxIoctls.TIOCSWINSZ, size, 0, Leader) != 0 || !SignalIs(10, Signals.SIGWINCH)) return false;
            size.Clear();
            return Ioctl(LinuxIoctls.TIOCGWINSZ, size, 0, Leader) == 0
                   && MemoryMarshal.Read<LinuxWindowSize>(size).Rows == 24 && MemoryMarshal.Read<LinuxWindowSize>(size).Columns == 80;
        }

        private static bool CountAndFlush()
        {
            Keyboard.Type("abc\r");
            return InputArrives(4) && Ioctl(LinuxIoctls.TCFLSH, default, LinuxIoctls.TCIFLUSH, Leader) == 0
                   && IntIoctl(LinuxIoctls.FIONREAD, Leader, out int left) == 0 && left == 0;
        }

        private static bool BackgroundRead()
        {
            int id = TerminalClient.Read(Serial, 10, Background(), out int grant);
            bool restarted = TerminalClient.Await(id, Answer, out long result, grant) && result == PosixErrors.Restart;
            bool signalled = SignalIs(11, Signals.SIGTTIN);
            id = TerminalClient.Read(Serial, 10, Background(CallerFlags.IgnoresTtin), out grant);
            return restarted && signalled && TerminalClient.Await(id, Answer, out result, grant) && result == -(long)LinuxErrno.EIO;
        }

        private static bool ForegroundGroup()
        {
            bool refused = IntIoctl(LinuxIoctls.TIOCSPGRP, Background(), out _, 11) == PosixErrors.Restart && SignalIs(11, Signals.SIGTTOU);
            bool moved = IntIoctl(LinuxIoctls.TIOCSPGRP, Leader, out _, 11) == 0
                         && IntIoctl(LinuxIoctls.TIOCGPGRP, Leader, out int group) == 0 && group == 11;
            bool back = IntIoctl(LinuxIoctls.TIOCSPGRP, Background(), out _, 10) == 0;       // group 11 is the foreground now
            return refused && moved && back;
        }

        private static bool Refusals()
        {
            var stranger = new CharDriverCaller { Process = TestEndpoints.TtyTest, Pid = 30, ProcessGroup = 30, Session = 30 };
            int id = TerminalClient.Open(TerminalMinors.Controlling, stranger);
            return Ioctl(0x5412, default, 0, Leader) == -(long)LinuxErrno.ENOTTY       // TIOCSTI
                   && TerminalClient.Await(id, Answer, out long opened) && opened == -(long)LinuxErrno.ENXIO;
        }

        private static bool Cancels()
        {
            int id = TerminalClient.Read(Serial, 10, Leader, out int grant);
            bool held = TerminalClient.Quiet(20, id);
            TerminalClient.Cancel(id);
            bool cancelled = TerminalClient.Await(id, Answer, out long result, grant) && result == -(long)LinuxErrno.EINTR;
            int nothing = TerminalClient.Cancel(12345);
            return held && cancelled && TerminalClient.Quiet(50, nothing);
        }

        private static bool Selects()
        {
            int id = TerminalClient.Select(SelectOperations.Read | SelectOperations.Write, watch: false);
            bool writableOnly = TerminalClient.Await(id, Answer, out long ready) && ready == SelectOperations.Write;
            id = TerminalClient.Select(SelectOperations.Read, watch: true);
            bool notYet = TerminalClient.Await(id, Answer, out ready) && ready == 0;
            Keyboard.Type("s\r");
            bool told = TerminalClient.AwaitSelectReady(Typing, out int operations) && operations == SelectOperations.Read;
            return writableOnly && notYet && told && Got(ReadTyped(""), "s\n");
        }

        private static bool Drains()
        {
            LinuxTermios t = Settings();
            return SetSettings(t, LinuxIoctls.TCSETSW) == 0 && Ioctl(LinuxIoctls.TCSBRK, default, 1, Leader) == 0;
        }

        // Raw mode with echo, so that the typed half line can be seen to have arrived (FIONREAD)
        // before the console line is printed; the boot test checks how it looked on the wire.
        private static bool ConsoleLineMidInput()
        {
            if (Raw(1, 0, echo: true) != 0) return false;
            Keyboard.Type("half");
            bool arrived = InputArrives(4);
            if (!arrived) Kernel.Print("# the half line did not arrive");
            Kernel.Print("# ttytest: a console line while a line is half typed");
            Keyboard.Type("line\r");
            bool all = InputArrives(9);
            if (!all) Kernel.Print("# the whole line did not arrive");
            return arrived && all && Got(ReadTyped("", 100, Answer), "halfline\n") && Canonical();
        }

        private static bool BackgroundWrite()
        {
            LinuxTermios t = LinuxTermios.Default();
            t.LocalFlags |= TermiosLocal.TOSTOP;
            if (SetSettings(t) != 0) return false;
            ReadOnlySpan<byte> text = "ttytest: background\n"u8;
            int id = TerminalClient.Write(Serial, text, Background(), out int grant);
            bool stopped = TerminalClient.Await(id, Answer, out long result, grant) && result == PosixErrors.Restart && SignalIs(11, Signals.SIGTTOU);
            if (!Canonical()) return false;
            id = TerminalClient.Write(Serial, text, Background(), out grant);
            return stopped && TerminalClient.Await(id, Answer, out result, grant) && result == text.Length;
        }

        // A null write in the driver (RS's FaultInject); RS restarts it at the same endpoint,
        // where it takes COM1 again and serves with the defaults: it opens, reads a typed line.
        private static bool RestartedAfterCrash()
        {
            if (ReincarnationServer.Status("tty", out _, out int before) != TerminalClient.Driver) return false;
            if (ReincarnationServer.InjectFault("tty", FaultKind.Crash) != 0) return false;
            ulong deadline = Kernel.Ticks() + Typing;
            bool back = false;
            while (!back && Kernel.Ticks() < deadline)
            {
                Kernel.Sleep(10);
                back = ReincarnationServer.Status("tty", out ServiceState state, out int restarts) == TerminalClient.Driver
                       && state == ServiceState.Up && restarts == before + 1;
            }
            int id = TerminalClient.Open(Serial, Leader);
            return back && TerminalClient.Await(id, Answer, out long opened) && opened == 0 && DefaultSettings()
                   && ReadsLine("after restart\r", "after restart\n");
        }
    }
}
