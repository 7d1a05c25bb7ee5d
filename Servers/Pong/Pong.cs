using System.Runtime;
using System.Runtime.InteropServices;
using Lunix.Ipc;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pong
{
    // A server in the MINIX style: receive a request from anyone, answer it with its type plus
    // one, forever. Ping's SENDREC calls measure the round trip through it. A notification is
    // answered with the TSC at the moment pong ran again, so ping can time NOTIFY's delivery.
    internal static unsafe class Pong
    {
        [DllImport("*", EntryPoint = "lunix_read_tsc"), SuppressGCTransition]
        private static extern ulong ReadTsc();

        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            Message message;
            while (true)
            {
                if (Syscalls.Receive(Endpoint.Any, &message) != 0) continue;
                int caller = message.Source;
                if (message.Type == Message.NotifyMessage)
                {
                    message.Word0 = (long)ReadTsc();
                    if (caller == BootEndpoints.Ping) Syscalls.Send(BootEndpoints.Ping, &message);
                    continue;
                }
                message.Type++;
                Syscalls.Send(caller, &message);
            }
        }
    }
}
