using System;
using Lunix.Abi;
using Lunix.Kernel.Console;

namespace Lunix.Kernel.Calls
{
    // DIAGCTL: print a line of text from a process on the kernel console (how servers log, as
    // MINIX's sys_diagctl). The text is copied through the fault-safe user copy: text VM has not
    // backed yet makes the call wait for VM, a bad pointer yields EFAULT.
    internal static class DoDiagCtl
    {
        public static long Run(int slot, ulong text, ulong length)
        {
            Span<char> chars = stackalloc char[UserText.MaxLength];
            long read = UserText.Read(slot, text, length, chars, out int count);
            if (read != 0) return read;
            SystemConsole.WriteLine(chars.Slice(0, count));
            return 0;
        }
    }
}
