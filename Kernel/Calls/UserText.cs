using System;
using Lunix.Abi;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // Text a process hands the kernel (DIAGCTL's line, ABORT's reason): its bytes copied through
    // the fault-safe user copy, each one that is not printable ASCII shown as '?', and a final
    // newline left out (the console ends lines itself). Returns 0, or what the call returns: EINVAL
    // when longer than `into`, the wait for VM for text VM has not backed yet (the call has done
    // nothing yet), EFAULT for a bad pointer.
    internal static class UserText
    {
        public const int MaxLength = 256;

        // raw: a terminal's output, kept as it is but for bytes no terminal shows ('?').
        public static long Read(int slot, ulong text, ulong length, Span<char> into, out int count, bool raw = false)
        {
            count = 0;
            if (length > (ulong)into.Length || length > MaxLength) return -(long)Errno.EINVAL;
            Span<byte> bytes = stackalloc byte[MaxLength];
            long copied = VmSuspension.CopyIn(slot, new UserSlice<Readable>(text, length), bytes.Slice(0, (int)length));
            if (copied != 0) return copied;
            for (int i = 0; i < (int)length; i++)
            {
                byte b = bytes[i];
                if (!raw && b == '\n' && i == (int)length - 1) break;
                bool shown = b >= 0x20 && b < 0x7F || raw && (b == '\n' || b == '\r' || b == '\t' || b == '\b' || b == 0x1B);
                into[count++] = shown ? (char)b : '?';
            }
            return 0;
        }
    }
}
