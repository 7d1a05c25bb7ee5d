using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.Elf;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // Starting a Linux program (execve, and init at boot), MINIX's exec split as Lunix splits it:
    // VFS finds the file and grants its bytes; PM reads its headers, checks it, and builds the
    // start-up stack (arguments, environment, auxiliary vector); the kernel's EXEC maps it and
    // starts it. A file that is no program Lunix runs fails with ENOEXEC before anything of the
    // caller changes.
    internal static unsafe class ProgramStart
    {
        public const int UserPriority = 8;
        private const int HeaderBytes = 4096;
        private const int StackBytes = 32 * 1024;

        private static readonly byte[] s_headers = new byte[HeaderBytes];
        private static readonly byte[] s_stack = new byte[StackBytes];
        // Where the last program started has its arguments and file name, for /proc (ProcFsNews).
        public static ProcFsProcess Started;

        private static SeededRandom s_random = new SeededRandom(Kernel.Ticks() * 0x9E3779B97F4A7C15 | 1);

        // Starts the program at `path` (resolved as `viewer` resolves it: Endpoint.None for
        // init's) in `target` (a process waiting in its execve) or, with Endpoint.None, a new
        // process: the endpoint, or a negated Linux errno.
        public static long Run(ReadOnlySpan<byte> path, ReadOnlySpan<byte> arguments, ReadOnlySpan<byte> environment, int viewer, int target)
        {
            long length = OpenFile(path, viewer, out int owner, out int grant);
            if (length < 0) return length;
            long started = Start(path, arguments, environment, target, owner, grant, (ulong)length);
            Release(owner, grant);
            return started;
        }

        private static long Start(ReadOnlySpan<byte> path, ReadOnlySpan<byte> arguments, ReadOnlySpan<byte> environment, int target, int owner, int grant, ulong length)
        {
            int headerLength = (int)Math.Min((ulong)HeaderBytes, length);
            if (new GrantedSlice<Readable>(owner, grant, 0, (ulong)headerLength).CopyTo(s_headers) != 0) return -(long)LinuxErrno.EIO;
            ulong bias = ExecLayout.PieBias;
            if (!ElfImage.TryParse(new ReadOnlySpan<byte>(s_headers, 0, headerLength), length, bias, allowPositionIndependent: true, out ElfImage image, out _))
                return -(long)LinuxErrno.ENOEXEC;
            if (!image.PositionIndependent) bias = 0;

            Span<byte> random = stackalloc byte[16];
            for (int i = 0; i < random.Length; i++) random[i] = (byte)s_random.Next();
            var program = new StartupStack.Program
            {
                ProgramHeaders = image.ProgramHeadersAddress, ProgramHeaderSize = (ulong)image.ProgramHeaderEntrySize,
                ProgramHeaderCount = (ulong)image.ProgramHeaderCount, Entry = image.EntryAddress,
                Hwcap = Processor.FeatureBits(), ClockTicks = PosixClock.TicksPerSecond,
            };
            var stack = new StartupStack(s_stack, ExecLayout.StackTop);
            if (!stack.Build(arguments, environment, path, random, in program, out int stackLength)) return -(long)LinuxErrno.E2BIG;
            Started = new ProcFsProcess { ArgumentsStart = stack.ArgumentsStart, ArgumentsEnd = stack.ArgumentsEnd, FileName = stack.ExecFileName };

            var request = new ExecRequest
            {
                Target = target, ImageOwner = owner, ImageGrant = grant, ImageAddress = 0, ImageLength = length,
                LoadBias = bias, StackLength = (ulong)stackLength, Priority = UserPriority, Name = NameOf(path),
            };
            fixed (byte* stackImage = s_stack) request.StackAddress = (ulong)(stackImage + s_stack.Length - stackLength);
            long endpoint = Syscalls.KernelCall(KernelCalls.Exec, (long)&request);
            return endpoint == -(int)Errno.ENOEXEC ? -(long)LinuxErrno.ENOEXEC : endpoint < 0 ? -(long)LinuxErrno.ENOMEM : endpoint;
        }

        private static long OpenFile(ReadOnlySpan<byte> path, int viewer, out int owner, out int grant)
        {
            grant = -1;
            owner = Endpoint.None;
            Message message = default;
            message.Type = VfsRequests.ExecOpen;
            ref VfsExecOpen open = ref message.Payload<VfsExecOpen>();
            open.Process = viewer;
            open.PathLength = path.Length;
            fixed (byte* text = path)
            {
                open.PathAddress = (ulong)text;
                int sent = Syscalls.SendReceive(BootEndpoints.Vfs, ref message);
                if (sent != 0 || message.Type != VfsRequests.Reply) return -(long)LinuxErrno.EIO;
            }
            ref VfsReply reply = ref message.Payload<VfsReply>();
            grant = reply.Grant;
            owner = reply.Owner;
            return reply.Result;
        }

        private static void Release(int owner, int grant)
        {
            Message message = default;
            message.Type = VfsRequests.Release;
            message.Payload<VfsRelease>().Grant = grant;
            message.Payload<VfsRelease>().Owner = owner;
            Syscalls.SendReceive(BootEndpoints.Vfs, ref message);
        }

        // The program's name in the kernel's reports: the file's, without its directory.
        public static ServiceLabel NameOf(ReadOnlySpan<byte> path)
        {
            int start = path.Length;
            while (start > 0 && path[start - 1] != '/') start--;
            Span<char> name = stackalloc char[Math.Min(path.Length - start, ServiceLabel.Max)];
            for (int i = 0; i < name.Length; i++) name[i] = (char)path[start + i];
            return ServiceLabel.From(name);
        }
    }
}
