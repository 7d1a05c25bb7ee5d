using System;
using Lunix.Ipc;
using Lunix.Kernel.Diagnostics;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

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
            Errno read = UserText.Read(text, length, reason, out int count);
            if (read == Errno.EFAULT) return VmSuspension.Unbacked(slot, new UserSlice<Readable>(text, length));
            if (read != Errno.Ok) return -(long)read;
            Panic.Now("%s", new string(reason.Slice(0, count)));
            return 0;
        }
    }
}
