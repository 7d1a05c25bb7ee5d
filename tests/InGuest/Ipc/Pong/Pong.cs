using System.Runtime;
using System.Runtime.InteropServices;
using Lunix.Abi;
using Lunix.SystemLibrary;
using Lunix.Tests.InGuest;

namespace Lunix.Tests.InGuest.Pong
{
    // A server in the MINIX style: receive a request from anyone, answer it with its type plus
    // one, forever. Ping's SENDREC calls measure the round trip through it. A notification is
    // answered with the TSC at the moment pong ran again, so ping can time NOTIFY's delivery.
    // Two requests make pong act before replying (Abi/PongRequests.cs).
    internal static unsafe class Pong
    {
        // A SENDA entry: flags, destination, result, padding, then the message (the kernel's
        // layout, Kernel/Ipc/AsyncTableMemory.cs).
        private const int EntrySize = 16 + Message.Size;
        private const int Valid = 0x01, Done = 0x02, NoReply = 0x08, NotifyOnError = 0x10;

        [DllImport("*", EntryPoint = "lunix_read_tsc"), SuppressGCTransition]
        private static extern ulong ReadTsc();

        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            // The SENDA table stays registered after the call: it lives as long as pong does.
            byte* table = stackalloc byte[2 * EntrySize];
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
                    if (caller == TestEndpoints.Ping) Syscalls.Send(TestEndpoints.Ping, &message);
                    status = Syscalls.Receive(Endpoint.Any, &message);
                    continue;
                }
                if (message.Type == PongRequests.NotifyThrice)
                    for (int i = 0; i < 3; i++) Syscalls.Notify(caller);
                else if (message.Type == PongRequests.AsyncEntries)
                    message.Word0 = AsyncEntriesBehave(table, caller) ? 1 : 0;
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

        // Two entries while the caller waits in SENDREC for our reply: an AMF_NOREPLY message to
        // it, which must stay pending (it is no reply), and an AMF_NOTIFY_ERR message to a slot
        // nobody occupies, which must fail at once with EDEADSRCDST and bring the kernel's notice.
        private static bool AsyncEntriesBehave(byte* table, int caller)
        {
            for (int i = 0; i < 2 * EntrySize; i++) table[i] = 0;
            int* first = (int*)table, second = (int*)(table + EntrySize);
            first[0] = Valid | NoReply;
            first[1] = caller;
            first[2] = -1;
            ((Message*)(table + 16))->Type = PongRequests.AsyncMessage;
            second[0] = Valid | NotifyOnError;
            second[1] = PongRequests.DeadSlot;
            second[2] = -1;
            if (Syscalls.SendAsync(table, 2) != 0) return false;
            Message notice;
            bool noticed = Syscalls.Receive(Endpoint.Any, &notice) == 0
                           && notice.Type == Message.NotifyMessage && notice.Source == BootEndpoints.Kernel;
            return noticed && (first[0] & Done) == 0
                   && (second[0] & Done) != 0 && second[2] == (int)Errno.EDEADSRCDST;
        }
    }
}
