using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // init, pid 1: the first POSIX process, started by PM itself (everyone else is forked), with
    // Linux's start-up environment for init and the arguments the command line gives it after
    // `--`. Lunix gives it session and process group 1, as if it had called setsid (Linux's init
    // starts in session 0, which no program can name), so that its children's job control has a
    // group to start from.
    internal static class InitProcess
    {
        private const int ArgumentBytes = 1024;

        public static void Start(string path)
        {
            Span<byte> file = stackalloc byte[path.Length];
            for (int i = 0; i < path.Length; i++) file[i] = (byte)path[i];
            Span<byte> list = stackalloc byte[path.Length + 1 + ArgumentBytes];
            file.CopyTo(list);
            list[path.Length] = 0;
            Span<byte> given = stackalloc byte[ArgumentBytes];
            long length = Kernel.InitArguments(given);
            int used = InitArguments.Append(given.Slice(0, length > 0 ? (int)length : 0), list, path.Length + 1);
            if (length < 0 || used < 0)
            {
                new ConsoleLine(stackalloc char[96]).Append("pm: init's arguments are longer than ").Append((ulong)ArgumentBytes).Append(" bytes").Print();
                return;
            }
            var arguments = new ArgumentList(used);
            AppendEach(list.Slice(0, used), arguments);
            ReadOnlySpan<byte> variables = "HOME=/\0TERM=linux\0PATH=/sbin:/usr/sbin:/bin:/usr/bin\0"u8;
            var environment = new ArgumentList(variables.Length);
            AppendEach(variables, environment);
            Identity root = default;
            long endpoint = ProgramStart.Run(file, arguments, environment, Endpoint.None, Endpoint.None, in root);
            if (endpoint < 0)
            {
                new ConsoleLine(stackalloc char[160]).Append("pm: cannot start init ").Append(path).Append(": ").Append(LinuxErrorNames.Of(endpoint)).Print();
                return;
            }
            int record = PosixProcesses.Add((int)endpoint);
            ref PosixProcess init = ref PosixProcesses.At(record);
            init.Name = ProgramStart.NameOf(file);
            init.ProcessGroup = init.Session = init.Pid;
            SignalActions.ResetAll(record);
            ResourceLimits.SetDefaults(record);
            IdentityCalls.Clear(record);
            KernelIds.Tell(in init);
            ProcFsNews.Exec(in init);
        }

        // Each NUL-ended string of `strings` into `list`.
        private static void AppendEach(ReadOnlySpan<byte> strings, ArgumentList list)
        {
            for (int start = 0; start < strings.Length;)
            {
                int end = start;
                while (strings[end] != 0) end++;
                list.Append(strings.Slice(start, end - start));
                start = end + 1;
            }
        }
    }
}
