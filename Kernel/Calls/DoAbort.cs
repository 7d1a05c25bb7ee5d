using System;
using Lunix.Abi;
using Lunix.Kernel.Diagnostics;

namespace Lunix.Kernel.Calls
{
    // ABORT (MINIX's sys_abort): a0 = user pointer to an ASCII reason, a1 = its length. RS's way
    // to stop the system when a critical service cannot be brought back: the kernel panics with
    // the reason in its report. Only RS's call mask allows it. A reason VM has not backed yet
    // makes the call wait for VM; a bad pointer yields EFAULT and no panic.
    internal static class DoAbort
    {
        public static long Run(int slot, ulong text, ulong length)
        {
            Span<char> reason = stackalloc char[UserText.MaxLength];
            long read = UserText.Read(slot, text, length, reason, out int count);
            if (read != 0) return read;
            Panic.Now("%s", new string(reason.Slice(0, count)));
            return 0;
        }
    }
}
