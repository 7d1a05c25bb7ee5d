using System;
using Lunix.Abi;
using Lunix.Kernel.Console;

namespace Lunix.Kernel.Calls
{
    // DIAGCTL: print text from a process on the kernel console (how servers log, as MINIX's
    // sys_diagctl): a line (DiagCtlFlags.Line), or a terminal's output as it is (Raw: the console
    // driver's, until the screen has a terminal of its own). The text is copied through the
    // fault-safe user copy: text VM has not backed yet makes the call wait for VM, a bad pointer
    // yields EFAULT; EINVAL for unknown flags.
    internal static class DoDiagCtl
    {
        public static long Run(int slot, ulong text, ulong length, long flags)
        {
            if (flags != DiagCtlFlags.Line && flags != DiagCtlFlags.Raw) return -(long)Errno.EINVAL;
            Span<char> chars = stackalloc char[UserText.MaxLength];
            long read = UserText.Read(slot, text, length, chars, out int count, raw: flags == DiagCtlFlags.Raw);
            if (read != 0) return read;
            if (flags == DiagCtlFlags.Raw) SystemConsole.Write(chars.Slice(0, count));
            else SystemConsole.WriteLine(chars.Slice(0, count));
            return 0;
        }
    }
}
