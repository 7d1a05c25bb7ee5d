using System;
using Lunix.Abi;
using Lunix.Kernel.Console;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // DIAGCTL: the kernel console for processes (MINIX's sys_diagctl): a line (DiagCtlFlags.Line,
    // how servers log), a terminal's output as it is (Raw), and the terminal driver's side of
    // COM1 (KernelLog): its output on the screen only (Screen), taking COM1 over (TakeSerial),
    // and sending the kernel's log when its own output leaves room (LogPending, SendLog); and
    // taking the screen over for its virtual consoles (TakeScreen) and saying which mode it set
    // there (ScreenMode). Text is copied
    // through the fault-safe user copy: text VM has not backed yet makes the call wait for VM, a
    // bad pointer yields EFAULT; EINVAL for unknown flags.
    internal static class DoDiagCtl
    {
        private const int SendLogMax = 256;

        public static long Run(int slot, ulong text, ulong length, long flags)
        {
            switch (flags)
            {
                case DiagCtlFlags.Line:
                case DiagCtlFlags.Raw:
                case DiagCtlFlags.Screen:
                    Span<char> chars = stackalloc char[UserText.MaxLength];
                    long read = UserText.Read(slot, text, length, chars, out int count, raw: flags != DiagCtlFlags.Line);
                    if (read != 0) return read;
                    if (flags == DiagCtlFlags.Line) SystemConsole.WriteLine(chars.Slice(0, count));
                    else if (flags == DiagCtlFlags.Raw) SystemConsole.Write(chars.Slice(0, count));
                    else SystemConsole.Draw((ReadOnlySpan<char>)chars.Slice(0, count));
                    KernelLog.NotifyIfPending();
                    return 0;
                case DiagCtlFlags.TakeSerial:
                    return KernelLog.Take(slot);
                case DiagCtlFlags.SendLog:
                    return SendLog(slot, text, length);
                case DiagCtlFlags.LogPending:
                    return KernelLog.Pending(slot);
                case DiagCtlFlags.TakeScreen:
                    return SystemConsole.TakeScreen(slot);
                case DiagCtlFlags.ScreenMode:
                    return SystemConsole.SetScreenMode(slot, (uint)(text >> 32), (uint)text, (uint)(length >> 32), (uint)length);
                default:
                    return -(long)Errno.EINVAL;
            }
        }

        // The driver's buffer is written once before anything is sent, so that a wait for VM or
        // EFAULT comes while the call can still start again or fail having done nothing.
        private static long SendLog(int slot, ulong buffer, ulong length)
        {
            int most = (int)Math.Min(length, SendLogMax);
            Span<byte> bytes = stackalloc byte[SendLogMax];
            var into = new UserSlice<Writable>(buffer, (ulong)most);
            long checkedOut = VmSuspension.CopyOut(slot, into, bytes.Slice(0, most));
            if (checkedOut != 0) return checkedOut;
            long sent = KernelLog.Send(slot, bytes.Slice(0, most));
            if (sent <= 0) return sent;
            return VmSuspension.CopyOut(slot, new UserSlice<Writable>(buffer, (ulong)sent), bytes.Slice(0, (int)sent)) == 0 ? sent : -(long)Errno.EFAULT;
        }
    }
}
