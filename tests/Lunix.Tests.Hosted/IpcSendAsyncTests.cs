using Lunix.Abi;
using Lunix.Kernel.Ipc;
using Xunit;
using static Lunix.Tests.Hosted.IpcMachine;

namespace Lunix.Tests.Hosted
{
    public class IpcSendAsyncTests
    {
        private const ulong Table = 0x1000;

        private static AsyncEntry Entry(int flags, int destination, int type) =>
            new AsyncEntry { Flags = flags, Destination = destination, Message = Msg(type) };

        private static AsyncEntry[] Register(IpcMachine m, int slot, params AsyncEntry[] entries)
        {
            m.Tables.Tables[(slot, Table)] = entries;
            return entries;
        }

        [Fact]
        public void An_entry_for_a_waiting_receiver_is_delivered_at_once_and_marked_done()
        {
            var m = new IpcMachine();
            int a = m.Spawn(1), b = m.Spawn(2);
            m.Receive(2, Endpoint.Any);
            var t = Register(m, 1, Entry(AsyncFlags.Valid, b, 7));
            Completed(m.SendAsync(1, Table, 1));
            Assert.True(m.ResumptionOf(2).HasMessage);
            Assert.Equal(7, m.Incoming(2).Type);
            Assert.Equal(a, m.Incoming(2).Source);
            Assert.Equal(AsyncFlags.Valid | AsyncFlags.Done, t[0].Flags);
            Assert.Equal(Errno.Ok, t[0].Result);
        }

        [Fact]
        public void Entries_wait_in_the_table_until_their_destination_receives()
        {
            var m = new IpcMachine();
            int a = m.Spawn(1), b = m.Spawn(2), c = m.Spawn(3);
            var t = Register(m, 1, Entry(AsyncFlags.Valid, b, 1), Entry(AsyncFlags.Valid, c, 2), Entry(AsyncFlags.Valid, b, 3));
            Completed(m.SendAsync(1, Table, 3));
            Assert.Empty(m.Resumed);
            Assert.Equal(0, t[0].Flags & AsyncFlags.Done);
            Completed(m.Receive(2, Endpoint.Any), withMessage: true);
            Assert.Equal(1, m.Incoming(2).Type);
            Completed(m.Receive(2, a), withMessage: true);
            Assert.Equal(3, m.Incoming(2).Type);
            Assert.True(m.Receive(2, Endpoint.Any).Blocked);
            Completed(m.Receive(3, Endpoint.Any), withMessage: true);
            Assert.Equal(2, m.Incoming(3).Type);
            Assert.All(t, e => Assert.Equal(AsyncFlags.Done, e.Flags & AsyncFlags.Done));
        }

        [Fact]
        public void Notify_flag_sends_the_sender_a_notification_from_the_kernel_when_delivered()
        {
            var m = new IpcMachine();
            m.Spawn(1); int b = m.Spawn(2);
            Register(m, 1, Entry(AsyncFlags.Valid | AsyncFlags.Notify, b, 1));
            m.SendAsync(1, Table, 1);
            Assert.Equal(-1, m.Engine[1].PendingNotifications.NextAtOrAfter(0));   // none yet
            m.Receive(2, Endpoint.Any);
            Completed(m.Receive(1, Endpoint.Any, now: 9), withMessage: true);
            Assert.Equal(Message.NotifyMessage, m.Incoming(1).Type);
            Assert.Equal(m.Engine[KernelSlot].Endpoint, m.Incoming(1).Source);
            Assert.Equal(9, IpcMachine.PayloadOf<Notification>(m.Incoming(1)).Timestamp);
        }

        [Fact]
        public void NotifyOnError_notifies_only_failed_entries_and_records_the_error()
        {
            var m = new IpcMachine();
            m.Spawn(1); int b = m.Spawn(2); int dead = m.Spawn(3);
            m.Kill(3);
            m.Receive(2, Endpoint.Any);
            var t = Register(m, 1, Entry(AsyncFlags.Valid | AsyncFlags.NotifyOnError, b, 1));
            m.SendAsync(1, Table, 1);
            Assert.Equal(Errno.Ok, t[0].Result);
            Assert.True(m.Receive(1, Endpoint.Any).Blocked);   // success: no notification

            var n = new IpcMachine();
            n.Spawn(1); dead = n.Spawn(3); n.Kill(3);
            t = Register(n, 1, Entry(AsyncFlags.Valid | AsyncFlags.NotifyOnError, dead, 1));
            Completed(n.SendAsync(1, Table, 1));
            Assert.Equal(Errno.EDEADSRCDST, t[0].Result);
            Assert.Equal(AsyncFlags.Done, t[0].Flags & AsyncFlags.Done);
            Completed(n.Receive(1, Endpoint.Any), withMessage: true);
            Assert.Equal(Message.NotifyMessage, n.Incoming(1).Type);
        }

        [Fact]
        public void Entries_outside_the_send_mask_complete_with_ECALLDENIED()
        {
            var m = new IpcMachine();
            var p = Privileges.AllIpc();
            p.SendTo.Remove(2);
            m.Spawn(1, p); int b = m.Spawn(2);
            var t = Register(m, 1, Entry(AsyncFlags.Valid, b, 1));
            Completed(m.SendAsync(1, Table, 1));
            Assert.Equal(Errno.ECALLDENIED, t[0].Result);
            Assert.True(m.Receive(2, Endpoint.Any).Blocked);
        }

        [Fact]
        public void A_NOREPLY_entry_is_never_taken_as_a_SENDREC_reply()
        {
            var m = new IpcMachine();
            int client = m.Spawn(1), server = m.Spawn(2);
            m.Receive(2, Endpoint.Any);
            m.SendRec(1, server, 1);               // client waits for server's reply
            var t = Register(m, 2, Entry(AsyncFlags.Valid | AsyncFlags.NoReply, client, 50), Entry(AsyncFlags.Valid, client, 51));
            Completed(m.SendAsync(2, Table, 1));
            Assert.Empty(m.Resumed);
            Assert.Equal(0, t[0].Flags & AsyncFlags.Done);
            // A plain entry from the server is accepted as the reply.
            Completed(m.SendAsync(2, Table, 2));
            Assert.True(m.ResumptionOf(1).HasMessage);
            Assert.Equal(51, m.Incoming(1).Type);
            // The NOREPLY one arrives on an ordinary receive.
            Completed(m.Receive(1, Endpoint.Any), withMessage: true);
            Assert.Equal(50, m.Incoming(1).Type);
        }

        [Fact]
        public void A_pending_NOREPLY_entry_is_skipped_by_a_SENDREC_receive()
        {
            var m = new IpcMachine();
            int client = m.Spawn(1), server = m.Spawn(2);
            Register(m, 2, Entry(AsyncFlags.Valid | AsyncFlags.NoReply, client, 50));
            m.SendAsync(2, Table, 1);
            m.Receive(2, Endpoint.Any);
            Assert.True(m.SendRec(1, server, 1).Blocked);
            Completed(m.Send(2, client, 60));
            Assert.Equal(60, m.Incoming(1).Type);
            m.Receive(1, server);
            Assert.Equal(50, m.Incoming(1).Type);
        }

        [Fact]
        public void Bad_tables_are_refused()
        {
            var m = new IpcMachine();
            m.Spawn(1); int b = m.Spawn(2);
            Register(m, 1, Entry(0x40 | AsyncFlags.Valid, b, 1));
            Failed(Errno.EINVAL, m.SendAsync(1, Table, 1));
            Register(m, 1, Entry(AsyncFlags.Notify, b, 1));
            Failed(Errno.EINVAL, m.SendAsync(1, Table, 1));
            Failed(Errno.EINVAL, m.SendAsync(1, Table, -1));
            Failed(Errno.EINVAL, m.SendAsync(1, Table, m.Engine.MaxAsyncEntries + 1));
            Failed(Errno.EFAULT, m.SendAsync(1, 0xdead, 1));
        }

        [Fact]
        public void Done_and_empty_entries_are_skipped_and_exit_drops_a_senders_pending_entries()
        {
            var m = new IpcMachine();
            m.Spawn(1); int b = m.Spawn(2);
            Register(m, 1, default, Entry(AsyncFlags.Valid | AsyncFlags.Done, b, 1), Entry(AsyncFlags.Valid, b, 2));
            m.SendAsync(1, Table, 3);
            m.Kill(1);
            Assert.True(m.Receive(2, Endpoint.Any).Blocked);
        }
    }
}
