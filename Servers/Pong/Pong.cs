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
            int status = Syscalls.Receive(Endpoint.Any, &message);
            while (true)
            {
                if (status != 0)
                {
                    status = Syscalls.Receive(Endpoint.Any, &message);
                    continue;
                }
                int caller = message.Source;
                if (message.Type == Message.NotifyMessage)
                {
                    // Ping is not receiving yet when its NOTIFY wakes us: a blocking SEND waits for it.
                    message.Word0 = (long)ReadTsc();
                    if (caller == BootEndpoints.Ping) Syscalls.Send(BootEndpoints.Ping, &message);
                    status = Syscalls.Receive(Endpoint.Any, &message);
                    continue;
                }
                message.Type++;
                // A SENDREC caller waits for the reply: answer and take the next request in one
                // trap. Any other caller (a plain SEND, a SENDA entry) may not be receiving yet:
                // then a blocking SEND waits until it is.
                status = Syscalls.ReplyReceive(caller, &message);
                if (status == -(int)Errno.ENOTREADY)
                {
                    Syscalls.Send(caller, &message);
                    status = Syscalls.Receive(Endpoint.Any, &message);
                }
            }
        }
    }
}
