using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.Elf;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // Starting a Linux program (execve, and init at boot), MINIX's exec split as Lunix splits it:
    // VFS finds the file and grants its bytes; PM reads its head, follows a script's "#!" line
    // to its interpreter (ScriptLine: up to four levels, as Linux; ELOOP beyond), checks the ELF
    // program, and builds the start-up stack (arguments, environment, auxiliary vector); the
    // kernel's EXEC maps it and starts it. A file that is no program Lunix runs fails with
    // ENOEXEC before anything of the caller changes; an ELF program it cannot run (one that
    // needs an interpreter, PT_INTERP: dynamically linked) is named on the console with why.
    // Set-user-ID and set-group-ID bits are not honoured: the program runs with the caller's
    // ids, and AT_SECURE is 0.
    internal static unsafe class ProgramStart
    {
        public const int UserPriority = 8;
        public const int ArgumentBytes = (int)ExecLayout.StackMapped;    // argv or envp strings: Linux's ARG_MAX of 128 KiB
        private const int HeaderBytes = 4096;
        private const int MaxScriptDepth = 4;                           // Linux's BINPRM_MAX_RECURSION
        private const int PathMax = 4096;

        private static readonly byte[] s_headers = new byte[HeaderBytes];
        private static readonly byte[] s_stack = new byte[ExecLayout.StackMapped];
        private static readonly byte[] s_interpreter = new byte[ScriptLine.Bytes];

        // Starts the program at `path` (resolved as `viewer` resolves it: Endpoint.None for
        // init's) in `target` (a process waiting in its execve) or, with Endpoint.None, a new
        // process: the endpoint, or a negated Linux errno. `arguments` may change (a script's
        // interpreter takes argv[0]'s place); AT_EXECFN is `path` as given.
        public static long Run(ReadOnlySpan<byte> path, ArgumentList arguments, ArgumentList environment, int viewer, int target, in Identity ids)
        {
            ReadOnlySpan<byte> file = path;
            for (int depth = 0; ; depth++)
            {
                long length = OpenFile(file, viewer, out int owner, out int grant);
                if (length < 0) return length;
                int headerLength = (int)Math.Min(HeaderBytes, (ulong)length);
                if (new GrantedSlice<Readable>(owner, grant, 0, (ulong)headerLength).CopyTo(s_headers) != 0)
                {
                    Release(owner, grant);
                    return -(long)LinuxErrno.EIO;
                }
                ReadOnlySpan<byte> head = new ReadOnlySpan<byte>(s_headers, 0, headerLength);
                if (!ScriptLine.IsScript(head))
                {
                    long started = Start(path, file, head, arguments, environment, target, owner, grant, (ulong)length, in ids);
                    Release(owner, grant);
                    return started;
                }
                Release(owner, grant);
                if (depth == MaxScriptDepth) return -(long)LinuxErrno.ELOOP;
                if (!ScriptLine.Parse(head, out int nameStart, out int nameLength, out int argumentStart, out int argumentLength))
                    return -(long)LinuxErrno.ENOEXEC;
                if (!arguments.ReplaceFirst(head.Slice(nameStart, nameLength), head.Slice(argumentStart, argumentLength), argumentLength > 0, file))
                    return -(long)LinuxErrno.E2BIG;
                head.Slice(nameStart, nameLength).CopyTo(s_interpreter);
                file = new ReadOnlySpan<byte>(s_interpreter, 0, nameLength);
            }
        }

        private static long Start(ReadOnlySpan<byte> path, ReadOnlySpan<byte> file, ReadOnlySpan<byte> head, ArgumentList arguments, ArgumentList environment,
                                  int target, int owner, int grant, ulong length, in Identity ids)
        {
            ulong bias = ExecLayout.PieBias;
            if (!ElfImage.TryParse(head, length, bias, allowPositionIndependent: true, out ElfImage image, out string why))
            {
                if (head.Length >= 4 && head[0] == 0x7F && head[1] == (byte)'E' && head[2] == (byte)'L' && head[3] == (byte)'F')
                {
                    Span<char> name = stackalloc char[Math.Min(file.Length, 200)];
                    for (int i = 0; i < name.Length; i++) name[i] = (char)file[i];
                    new ConsoleLine(stackalloc char[320]).Append("pm: cannot run ").Append(name).Append(": ").Append(why).Print();
                }
                return -(long)LinuxErrno.ENOEXEC;
            }
            if (!image.PositionIndependent) bias = 0;

            Span<byte> random = stackalloc byte[16];
            Entropy.Fill(random);
            var program = new StartupStack.Program
            {
                ProgramHeaders = image.ProgramHeadersAddress, ProgramHeaderSize = (ulong)image.ProgramHeaderEntrySize,
                ProgramHeaderCount = (ulong)image.ProgramHeaderCount, Entry = image.EntryAddress,
                Hwcap = Processor.FeatureBits(), ClockTicks = PmClock.UserHz,
                Uid = ids.Ruid, Euid = ids.Euid, Gid = ids.Rgid, Egid = ids.Egid,
            };
            var stack = new StartupStack(s_stack, ExecLayout.StackTop);
            if (!stack.Build(arguments.Bytes, environment.Bytes, path, random, in program, out int stackLength)) return -(long)LinuxErrno.E2BIG;

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
            if (path.Length == 0) return -(long)LinuxErrno.ENOENT;
            if (path.Length >= PathMax) return -(long)LinuxErrno.ENAMETOOLONG;
            Message message = default;
            message.Type = VfsRequests.ExecOpen;
            ref VfsExecOpen open = ref message.Payload<VfsExecOpen>();
            open.Process = viewer;
            open.PathLength = path.Length;
            fixed (byte* text = path)
            {
                open.PathAddress = (ulong)text;
                if (Syscalls.Request(BootEndpoints.Vfs, ref message, VfsRequests.Reply) != 0) return -(long)LinuxErrno.EIO;
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
