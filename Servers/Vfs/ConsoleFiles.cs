using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Vfs
{
    // Descriptors 0, 1 and 2 of every process: the console. Output goes to the kernel's console
    // (serial port and screen) as a terminal's raw text; input is at its end.
    internal static class ConsoleFiles
    {
        private const int Chunk = Kernel.PrintMax;

        public static bool IsConsole(long fd) => fd >= 0 && fd <= 2;

        // Copies the caller's bytes a chunk at a time; the count written, or EFAULT before any.
        public static unsafe long Write(int caller, ulong buffer, ulong length)
        {
            byte* chunk = stackalloc byte[Chunk];
            for (ulong done = 0; done < length;)
            {
                int size = (int)Math.Min((ulong)Chunk, length - done);
                if (new ProcessSlice<Readable>(caller, buffer + done, (ulong)size).CopyTo(new Span<byte>(chunk, size)) != 0)
                    return done > 0 ? (long)done : -(long)LinuxErrno.EFAULT;
                Syscalls.KernelCall(KernelCalls.DiagCtl, (long)chunk, size, DiagCtlFlags.Raw);
                done += (ulong)size;
            }
            return (long)length;
        }
    }
}
