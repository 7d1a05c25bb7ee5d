using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // init, pid 1: the first POSIX process, started by PM itself (everyone else is forked), with
    // Linux's start-up environment for init. Lunix gives it session and process group 1, as if
    // it had called setsid (Linux's init starts in session 0, which no program can name), so
    // that its children's job control has a group to start from.
    internal static class InitProcess
    {
        public static void Start(string path)
        {
            Span<byte> file = stackalloc byte[path.Length];
            for (int i = 0; i < path.Length; i++) file[i] = (byte)path[i];
            var arguments = new ArgumentList(path.Length + 1);
            arguments.Append(file);
            ReadOnlySpan<byte> variables = "HOME=/\0TERM=linux\0PATH=/sbin:/usr/sbin:/bin:/usr/bin\0"u8;
            var environment = new ArgumentList(variables.Length);
            for (int start = 0; start < variables.Length;)
            {
                int end = start;
                while (variables[end] != 0) end++;
                environment.Append(variables.Slice(start, end - start));
                start = end + 1;
            }
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
        }
    }
}
