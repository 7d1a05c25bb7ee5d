using System;
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
    // Two requests make pong act before replying (tests/InGuest/Library/PongRequests.cs).
    internal static class Pong
    {
        [DllImport("*", EntryPoint = "lunix_read_tsc"), SuppressGCTransition]
        private static extern ulong ReadTsc();

        // The SENDA table stays registered after the call: it lives as long as pong does (and
        // never moves: Lunix's heaps do not move objects).
        private static readonly AsyncEntry[] s_table = new AsyncEntry[2];

        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            int status = Syscalls.Receive(Endpoint.Any, out Message message);
            while (true)
            {
                if (status != 0)
                {
                    status = Syscalls.Receive(Endpoint.Any, out message);
                    continue;
                }
                int caller = message.Source;
                if (message.Type == Message.NotifyMessage)
                {
                    // Ping is not receiving yet when its NOTIFY wakes us: a blocking SEND waits for it.
                    message.Payload<NotifyEcho>().WokenAt = ReadTsc();
                    if (caller == TestEndpoints.Ping) Syscalls.Send(TestEndpoints.Ping, message);
                    status = Syscalls.Receive(Endpoint.Any, out message);
                    continue;
                }
                if (message.Type == PongRequests.NotifyThrice)
                    for (int i = 0; i < 3; i++) Syscalls.Notify(caller);
                else if (message.Type == PongRequests.AsyncEntries)
                    message.Payload<AsyncEntriesReply>().Behaved = AsyncEntriesBehave(s_table, caller);
                message.Type++;
                // A SENDREC caller waits for the reply: answer and take the next request in one
                // trap. Any other caller (a plain SEND, a SENDA entry) may not be receiving yet:
                // then a blocking SEND waits until it is.
                status = Syscalls.ReplyReceive(caller, ref message);
                if (status == -(int)Errno.ENOTREADY)
                {
                    Syscalls.Send(caller, message);
                    status = Syscalls.Receive(Endpoint.Any, out message);
                }
            }
        }

        // Two entries while the caller waits in SENDREC for our reply: an AMF_NOREPLY message to
        // it, which must stay pending (it is no reply), and an AMF_NOTIFY_ERR message to a slot
        // nobody occupies, which must fail at once with EDEADSRCDST and bring the kernel's notice.
        private static bool AsyncEntriesBehave(Span<AsyncEntry> table, int caller)
        {
            table.Clear();
            table[0].Flags = AsyncFlags.Valid | AsyncFlags.NoReply;
            table[0].Destination = caller;
            table[0].Result = (Errno)(-1);
            table[0].Message.Type = PongRequests.AsyncMessage;
            table[1].Flags = AsyncFlags.Valid | AsyncFlags.NotifyOnError;
            table[1].Destination = PongRequests.DeadSlot;
            table[1].Result = (Errno)(-1);
            if (Syscalls.SendAsync(table) != 0) return false;
            bool noticed = Syscalls.Receive(Endpoint.Any, out Message notice) == 0
                           && notice.Type == Message.NotifyMessage && notice.Source == BootEndpoints.Kernel;
            return noticed && (table[0].Flags & AsyncFlags.Done) == 0
                   && (table[1].Flags & AsyncFlags.Done) != 0 && table[1].Result == Errno.EDEADSRCDST;
        }
    }
}
