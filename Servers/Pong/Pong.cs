using System.Runtime;
using Lunix.Ipc;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pong
{
    // A server in the MINIX style: receive a request from anyone, answer it with its type plus
    // one, forever. Ping's SENDREC calls measure the round trip through it.
    internal static unsafe class Pong
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            Message message;
            while (true)
            {
                if (Syscalls.Receive(Endpoint.Any, &message) != 0) continue;
                int caller = message.Source;
                message.Type++;
                Syscalls.Send(caller, &message);
            }
        }
    }
}
