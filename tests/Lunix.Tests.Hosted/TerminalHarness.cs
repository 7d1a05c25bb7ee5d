using System;
using System.Collections.Generic;
using System.Text;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.Drivers.Tty;

namespace Lunix.Tests.Hosted
{
    // Drives the terminal driver's state machine (Drivers/Tty) as its driver does: keystrokes
    // in, what the serial port would send out, reads and writes to completion, signals raised.
    internal sealed class TerminalHarness
    {
        public readonly Terminal Terminal = new Terminal { TicksPerTenth = 10 };
        public ulong Now = 1000;

        // The foreground job of a session: session leader 100, group 100.
        public static readonly CharDriverCaller Leader = new() { Process = 1, Pid = 100, ProcessGroup = 100, Session = 100 };
        public static CharDriverCaller InGroup(int pid, int group, int flags = 0) =>
            new() { Process = pid, Pid = pid, ProcessGroup = group, Session = 100, Flags = flags };

        // A terminal that is the leader's controlling terminal, foreground group 100.
        public static TerminalHarness Controlled()
        {
            var harness = new TerminalHarness();
            Xunit.Assert.Equal(0, harness.Terminal.Open(Leader, TerminalMinors.Serial, noControllingTerminal: false));
            return harness;
        }

        public void Type(string keys)
        {
            foreach (char c in keys) Terminal.Receive((byte)c);
        }

        // Everything the serial port would send now (echo and output), as text.
        public string Sent()
        {
            var text = new StringBuilder();
            Span<byte> chunk = stackalloc byte[64];
            int count;
            while ((count = Terminal.TakeOutput(chunk)) > 0)
                for (int i = 0; i < count; i++) text.Append((char)chunk[i]);
            return text.ToString();
        }

        // A read of `length` bytes, carried as far as it goes now: its result (or Waiting) and the bytes.
        public long Read(ref TerminalRead read, out string data)
        {
            var text = new StringBuilder();
            Span<byte> scratch = stackalloc byte[16];       // small, so that long reads take several steps
            long result;
            do
            {
                result = Terminal.Read(ref read, scratch, out int taken, Now);
                for (int i = 0; i < taken; i++) text.Append((char)scratch[i]);
            } while (result == Terminal.More);
            data = text.ToString();
            return result;
        }

        public long Read(int length, out string data, bool nonBlocking = false)
        {
            var read = new TerminalRead { Length = length, NonBlocking = nonBlocking };
            return Read(ref read, out data);
        }

        public long Write(string text, bool nonBlocking = false)
        {
            var write = new TerminalWrite { Length = text.Length, NonBlocking = nonBlocking };
            byte[] bytes = Encoding.Latin1.GetBytes(text);
            long result;
            do result = Terminal.Write(ref write, bytes.AsSpan(write.Done, Math.Min(16, text.Length - write.Done)));
            while (result == Terminal.More);
            return result;
        }

        public List<(int Group, int Signal)> Signals()
        {
            var raised = new List<(int, int)>();
            while (Terminal.Signals.Peek(out int group, out int signal))
            {
                raised.Add((group, signal));
                Terminal.Signals.Drop();
            }
            return raised;
        }

        public long Ioctl(uint request, CharDriverCaller caller, ulong value, Span<byte> argument, out IoctlFollowUp followUp) =>
            Terminal.Ioctl(request, caller, value, argument, out followUp);

        public LinuxTermios GetSettings()
        {
            Span<byte> bytes = stackalloc byte[LinuxTermios.Size];
            Xunit.Assert.Equal(0, Ioctl(LinuxIoctls.TCGETS, Leader, 0, bytes, out _));
            return Terminal.SettingsIn(bytes);
        }

        public long SetSettings(LinuxTermios settings, uint request = LinuxIoctls.TCSETS, CharDriverCaller? caller = null)
        {
            Span<byte> bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(new Span<LinuxTermios>(ref settings));
            return Ioctl(request, caller ?? Leader, 0, bytes, out _);
        }

        // Raw mode with the given VMIN and VTIME, echo off (cfmakeraw without the output part).
        public void MakeRaw(byte min, byte time)
        {
            LinuxTermios t = GetSettings();
            t.LocalFlags &= ~(TermiosLocal.ICANON | TermiosLocal.ECHO | TermiosLocal.ISIG | TermiosLocal.IEXTEN);
            t.InputFlags &= ~(TermiosInput.ICRNL | TermiosInput.IXON);
            t.ControlChars[ControlChar.VMIN] = min;
            t.ControlChars[ControlChar.VTIME] = time;
            Xunit.Assert.Equal(0, SetSettings(t));
        }
    }
}
