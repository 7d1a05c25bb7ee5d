using System;
using Lunix.Abi.Linux;

namespace Lunix.Servers.Vm
{
    public sealed partial class PosixMemory
    {
        private const int QueryPages = 512;
        private readonly byte[] present = new byte[QueryPages];

        // mincore: a byte per page of the range into `vector`, 1 where the page is there (touched
        // and not given back), 0 where it would come at its next touch. Linux's errors: EINVAL
        // for an unaligned address, ENOMEM for a hole or a range past user space, EFAULT for a
        // vector the process cannot write.
        private long Mincore(int caller, ulong address, ulong length, ulong vector)
        {
            if ((address & PageMask) != 0) return -(long)LinuxErrno.EINVAL;
            ulong end = address + PageUp(length);
            if (end < address || PageUp(length) < length) return -(long)LinuxErrno.ENOMEM;
            if (end == address) return 0;
            long covered = Covered(caller, address, end, out _);
            if (covered != 0) return covered;
            ulong count = (end - address) / PageSize;
            for (ulong done = 0; done < count; done += QueryPages)
            {
                Span<byte> chunk = new Span<byte>(present, 0, (int)Math.Min((ulong)QueryPages, count - done));
                if (pages.Query(caller, address + done * PageSize, chunk) != 0) return -(long)LinuxErrno.ENOMEM;
                long copied = CopyOut(caller, vector + done, chunk);
                if (copied != 0) return copied;
            }
            return 0;
        }
    }
}
