using System;
using Lunix.Abi;
using Lunix.Kernel.Ipc;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // VDEVIO: several port accesses of one kind in one call (MINIX's do_vdevio). a0 = user
    // pointer to `count` (port, value) pairs of two 32-bit words, a1 = count (1 to 64),
    // a2 = request (Abi/DevIo.cs). Every port is checked before any is touched; the accesses run
    // in order, and for inputs the values read are written back into the pairs. Returns 0,
    // EINVAL for a bad count or request, EPERM when any port is outside the caller's ranges,
    // EFAULT for a bad pointer. Pairs VM has not backed yet make the call wait for VM and start
    // again; for inputs the pairs are written back once before any port is read, so that the
    // wait (or a read-only buffer's EFAULT) comes before a port read that may change its device.
    internal static unsafe class DoVDevIo
    {
        public static long Run(int slot, ulong pairs, long count, long request)
        {
            if (count < 1 || count > DevIo.MaxVectorCount || !DevIo.IsValid(request)) return -(long)Errno.EINVAL;
            uint* words = stackalloc uint[2 * DevIo.MaxVectorCount];
            int bytes = (int)count * 8;
            long copied = VmSuspension.CopyIn(slot, new UserSlice<Readable>(pairs, (ulong)bytes), new Span<byte>(words, bytes));
            if (copied != 0) return copied;
            int width = DevIo.Width(request);
            ref readonly Privileges privileges = ref IpcProcesses.PrivilegesOf(slot);
            for (int i = 0; i < count; i++)
                if (!privileges.MayUsePort(words[2 * i], width)) return -(long)Errno.EPERM;
            bool input = !DevIo.IsOutput(request);
            var answer = new UserSlice<Writable>(pairs, (ulong)bytes);
            if (input)
            {
                copied = VmSuspension.CopyOut(slot, answer, new ReadOnlySpan<byte>(words, bytes));
                if (copied != 0) return copied;
            }
            for (int i = 0; i < count; i++)
            {
                long result = DoDevIo.Access((ushort)words[2 * i], (int)request, words[2 * i + 1]);
                if (input) words[2 * i + 1] = (uint)result;
            }
            return input ? -(long)answer.CopyFrom(new ReadOnlySpan<byte>(words, bytes)) : 0;
        }
    }
}
