using System;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // init, pid 1: the first POSIX process, started by PM itself (everyone else is forked), with
    // Linux's start-up environment for init.
    internal static class InitProcess
    {
        public static void Start(string path)
        {
            Span<byte> file = stackalloc byte[path.Length];
            for (int i = 0; i < path.Length; i++) file[i] = (byte)path[i];
            Span<byte> arguments = stackalloc byte[path.Length + 1];
            file.CopyTo(arguments);
            arguments[path.Length] = 0;
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
