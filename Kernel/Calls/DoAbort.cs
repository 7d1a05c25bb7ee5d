using System;
using Lunix.Ipc;
using Lunix.Kernel.Diagnostics;
using Lunix.Kernel.Memory;

namespace Lunix.Kernel.Calls
{
    // ABORT (MINIX's sys_abort): a0 = user pointer to an ASCII reason, a1 = its length. RS's way
    // to stop the system when a critical service cannot be brought back: the kernel panics with
    // the reason in its report. Only RS's call mask allows it. A bad pointer yields EFAULT and
    // no panic.
    internal static class DoAbort
    {
        private const int MaxLength = 128;

        public static long Run(ulong text, ulong length)
        {
            if (length > MaxLength) return -(long)Errno.EINVAL;
            Span<byte> bytes = stackalloc byte[MaxLength];
            Errno copied = new UserSlice<Readable>(text, length).CopyTo(bytes.Slice(0, (int)length));
            if (copied != Errno.Ok) return -(long)copied;
            Span<char> reason = stackalloc char[MaxLength];
            for (int i = 0; i < (int)length; i++) reason[i] = bytes[i] >= 0x20 && bytes[i] < 0x7F ? (char)bytes[i] : '?';
            Panic.Now("%s", new string(reason.Slice(0, (int)length)));
            return 0;
        }
    }
}
