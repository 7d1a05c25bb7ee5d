using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Rs
{
    // The `service` command's system call (LunixCalls.Service), which the kernel routes here from
    // a POSIX process as a PosixCall: RS's table read one service at a time, and requests in
    // rs.do's form (restart:LABEL, update:LABEL, fault:LABEL:KIND) carried out as a client's
    // would be. A request answered later (a restart, an update) is answered with a PosixReply,
    // so RS remembers which requesters are POSIX processes.
    internal static class ServiceCommand
    {
        private const int MaxRequest = 64;
        private static readonly bool[] s_posixRequesters = new bool[Endpoint.Slots];

        public static void Handle(int caller, in PosixCall call, ulong now)
        {
            long result = call.Number != LunixCalls.Service ? -(long)LinuxErrno.ENOSYS : call.A0 switch
            {
                ServiceOperations.Count => ServiceTable.Count + 1,
                ServiceOperations.Status => Status(caller, call.A1, (ulong)call.A2, call.A3),
                ServiceOperations.Request => Request(caller, (ulong)call.A1, call.A2, now),
                _ => -(long)LinuxErrno.EINVAL,
            };
            if (result != Endpoint.None) Reply(caller, result);
        }

        public static bool IsPosixRequester(int requester)
        {
            int slot = Endpoint.SlotOf(requester);
            return (uint)slot < (uint)s_posixRequesters.Length && s_posixRequesters[slot];
        }

        // A POSIX requester waiting for an answer (RS's new version, from the old one's state).
        public static void Remember(int requester)
        {
            int slot = Endpoint.SlotOf(requester);
            if ((uint)slot < (uint)s_posixRequesters.Length) s_posixRequesters[slot] = true;
        }

        // Whether `requester`'s later answer goes back as a PosixReply (then sent here).
        public static bool AnswerLater(int requester, long result)
        {
            if (!IsPosixRequester(requester)) return false;
            s_posixRequesters[Endpoint.SlotOf(requester)] = false;
            Reply(requester, result);
            return true;
        }

        // Index 0 is RS itself, then the table's services in order.
        private static long Status(int caller, long index, ulong buffer, long size)
        {
            if (index < 0 || index > ServiceTable.Count) return -(long)LinuxErrno.EINVAL;
            if (size < Unsafe.SizeOf<ServiceStatus>()) return -(long)LinuxErrno.EINVAL;
            ServiceStatus status = index == 0
                ? new ServiceStatus { Label = ServiceLabel.From("rs"), Endpoint = BootEndpoints.Rs, State = ServiceState.Up }
                : Of(in ServiceTable.At((int)index - 1));
            ReadOnlySpan<byte> bytes = MemoryMarshal.Cast<ServiceStatus, byte>(MemoryMarshal.CreateReadOnlySpan(ref status, 1));
            return new ProcessSlice<Writable>(caller, buffer, (ulong)bytes.Length).CopyFrom(bytes) == 0 ? 0 : -(long)LinuxErrno.EFAULT;
        }

        private static ServiceStatus Of(in ServiceRecord service) => new()
        {
            Label = service.Label, Endpoint = service.Endpoint, State = service.State, Restarts = service.Restarts, Crashes = service.Crashes,
        };

        private static long Request(int caller, ulong text, long length, ulong now)
        {
            if (length <= 0 || length > MaxRequest) return -(long)LinuxErrno.EINVAL;
            Span<byte> bytes = stackalloc byte[(int)length];
            if (new ProcessSlice<Readable>(caller, text, (ulong)length).CopyTo(bytes) != 0) return -(long)LinuxErrno.EFAULT;
            Span<char> chars = stackalloc char[bytes.Length];
            for (int i = 0; i < bytes.Length; i++) chars[i] = (char)bytes[i];
            if (!CommandLineRequests.TryParse(chars, out CommandLineRequest request)) return -(long)LinuxErrno.EINVAL;
            Message message = default;
            message.Source = caller;
            message.Type = request.Type;
            message.Payload<RsRequest>() = new RsRequest { Label = request.Label, Fault = request.Fault };
            Message reply = default;
            // Marked before the request: RS updating itself hands the mark to its new version.
            Remember(caller);
            long result = Rs.Request(ref message, ref reply, now);
            if (result != Endpoint.None) s_posixRequesters[Endpoint.SlotOf(caller)] = false;
            return result;
        }

        private static void Reply(int caller, long result)
        {
            Message reply = default;
            reply.Type = PosixRequests.Reply;
            reply.Payload<PosixReply>().Result = result >= 0 ? result : -(long)LinuxError(-result);
            Syscalls.SendNonBlocking(caller, reply);
        }

        // RS's results are Lunix's Errno; the program gets Linux's numbers.
        private static LinuxErrno LinuxError(long error) => (Errno)error switch
        {
            Errno.EPERM => LinuxErrno.EPERM,
            Errno.ENOENT => LinuxErrno.ENOENT,
            Errno.EBUSY => LinuxErrno.EBUSY,
            Errno.EINVAL or Errno.EBADREQUEST => LinuxErrno.EINVAL,
            Errno.ETIMEDOUT => LinuxErrno.ETIMEDOUT,
            Errno.ENOMEM => LinuxErrno.ENOMEM,
            Errno.EAGAIN => LinuxErrno.EAGAIN,
            Errno.EFAULT => LinuxErrno.EFAULT,
            Errno.ENOSPC => LinuxErrno.ENOSPC,
            Errno.EEXIST => LinuxErrno.EEXIST,
            Errno.ENOEXEC => LinuxErrno.ENOEXEC,
            _ => LinuxErrno.EIO,
        };
    }
}
