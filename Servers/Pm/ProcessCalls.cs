using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // The process calls of POSIX processes, one case each: identities, exit and wait, uname.
    // What PM does not serve yet is -ENOSYS.
    internal static class ProcessCalls
    {
        public const long NoReply = long.MinValue;      // the answer comes later, or never (exit)

        public static long Handle(int caller, in PosixCall call)
        {
            if (!PosixProcesses.IsKnown(caller)) return -(long)LinuxErrno.EPERM;
            ref PosixProcess process = ref PosixProcesses.OfEndpoint(caller);
            switch (call.Number)
            {
                case LinuxCalls.Getpid:
                case LinuxCalls.Gettid:
                case LinuxCalls.SetTidAddress:          // one thread per process: its id is the pid
                    return process.Pid;
                case LinuxCalls.Getppid:
                    return process.ParentPid;
                case LinuxCalls.Getuid:
                case LinuxCalls.Geteuid:
                case LinuxCalls.Getgid:
                case LinuxCalls.Getegid:
                    return 0;                           // everyone is root, consistently
                case LinuxCalls.Exit:
                case LinuxCalls.ExitGroup:
                    ProcessExit.Exit(Endpoint.SlotOf(caller), ((int)call.A0 & 0xFF) << 8);
                    return NoReply;
                case LinuxCalls.Wait4:
                    return ProcessExit.Wait(Endpoint.SlotOf(caller), call.A0, (ulong)call.A1, call.A2);
                case LinuxCalls.Uname:
                    return Uname(caller, (ulong)call.A0);
                default:
                    return -(long)LinuxErrno.ENOSYS;
            }
        }

        // struct utsname: six NUL-padded fields of 65 bytes.
        private static long Uname(int caller, ulong address)
        {
            const int Field = 65;
            Span<byte> names = stackalloc byte[6 * Field];
            names.Clear();
            Put(names, 0, "Lunix"u8);
            Put(names, 1, "lunix"u8);
            Put(names, 2, "0.15"u8);
            Put(names, 3, "#1 Lunix microkernel"u8);
            Put(names, 4, "x86_64"u8);
            Put(names, 5, "(none)"u8);
            return new ProcessSlice<Writable>(caller, address, (ulong)names.Length).CopyFrom(names) == 0 ? 0 : -(long)LinuxErrno.EFAULT;

            static void Put(Span<byte> names, int field, ReadOnlySpan<byte> text) => text.CopyTo(names.Slice(field * Field));
        }
    }
}
