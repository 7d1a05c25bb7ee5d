using System;
using Lunix.Ipc;
using Lunix.Kernel.Memory;

namespace Lunix.Kernel.Calls
{
    // Text a process hands the kernel (DIAGCTL's line, ABORT's reason): its bytes copied through
    // the fault-safe user copy, each one that is not printable ASCII shown as '?', and a final
    // newline left out (the console ends lines itself). EINVAL when longer than `into`, EFAULT for
    // a bad pointer.
    internal static class UserText
    {
        public const int MaxLength = 256;

        public static Errno Read(ulong text, ulong length, Span<char> into, out int count)
        {
            count = 0;
            if (length > (ulong)into.Length || length > MaxLength) return Errno.EINVAL;
            Span<byte> bytes = stackalloc byte[MaxLength];
            Errno copied = new UserSlice<Readable>(text, length).CopyTo(bytes.Slice(0, (int)length));
            if (copied != Errno.Ok) return copied;
            for (int i = 0; i < (int)length; i++)
            {
                byte b = bytes[i];
                if (b == '\n' && i == (int)length - 1) break;
                into[count++] = b >= 0x20 && b < 0x7F ? (char)b : '?';
            }
            return Errno.Ok;
        }
    }
}
