using System;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // init, pid 1: the first POSIX process, started by PM itself (everyone else is forked), with
    // Linux's start-up environment for init and the arguments the command line gives it after
    // `--`.
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
            ReadOnlySpan<byte> arguments = list.Slice(0, used);
            ReadOnlySpan<byte> environment = "HOME=/\0TERM=linux\0PATH=/sbin:/usr/sbin:/bin:/usr/bin\0"u8;
            long endpoint = ProgramStart.Run(file, arguments, environment, Lunix.Abi.Endpoint.None, Lunix.Abi.Endpoint.None);
            if (endpoint < 0)
            {
                new ConsoleLine(stackalloc char[160]).Append("pm: cannot start init ").Append(path).Append(": ").Append(Lunix.Abi.Linux.LinuxErrorNames.Of(endpoint)).Print();
                return;
            }
            PosixProcesses.Add((int)endpoint, 0, ProgramStart.NameOf(file));
        }
    }
}
