using System;
using Lunix.Ipc;
using Lunix.Kernel.Console;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // DIAGCTL: print a line of text from a process on the kernel console (how servers log, as
    // MINIX's sys_diagctl). The text is copied through the fault-safe user copy: a bad pointer
    // yields EFAULT.
    internal static class DoDiagCtl
    {
        private const int MaxLength = 256;

        public static long Run(int slot, ulong text, ulong length)
        {
            if (length > MaxLength) return -(long)Errno.EINVAL;
            Span<byte> bytes = stackalloc byte[MaxLength];
            Errno copied = new UserSlice<Readable>(text, length).CopyTo(bytes.Slice(0, (int)length));
            if (copied != Errno.Ok) return -(long)copied;
            Span<char> chars = stackalloc char[MaxLength];
            int n = 0;
            for (int i = 0; i < (int)length; i++)
            {
                byte b = bytes[i];
                if (b == '\n' && i == (int)length - 1) break;           // the console adds the newline
                chars[n++] = b >= 0x20 && b < 0x7F ? (char)b : '?';
            }
            SystemConsole.WriteLine(chars.Slice(0, n));
            return 0;
        }
    }
}
