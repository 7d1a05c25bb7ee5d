using Lunix.Abi;
using Lunix.Kernel.Ipc;
using Xunit;
using static Lunix.Tests.Hosted.IpcMachine;

namespace Lunix.Tests.Hosted
{
    public class IpcNotifyTests
    {
        [Fact]
        public void Notify_to_a_waiting_receiver_delivers_a_notification_message_with_the_timestamp()
        {
            var m = new IpcMachine();
            int a = m.Spawn(1), b = m.Spawn(2);
            m.Receive(2, Endpoint.Any);
            Completed(m.Notify(1, b, now: 777));
            Assert.True(m.ResumptionOf(2).HasMessage);
            var n = m.Incoming(2);
            Assert.Equal(Message.NotifyMessage, n.Type);
            Assert.Equal(a, n.Source);
            Assert.Equal(777, n.Payload<Notification>().Timestamp);
        }

        [Fact]
        public void Notifications_from_one_source_coalesce_until_received()
        {
            var m = new IpcMachine();
            int a = m.Spawn(1), b = m.Spawn(2);
            Completed(m.Notify(1, b));
            Completed(m.Notify(1, b));
            Completed(m.Notify(1, b));
            Assert.Empty(m.Resumed);
            Completed(m.Receive(2, Endpoint.Any, now: 5), withMessage: true);
            Assert.Equal(Message.NotifyMessage, m.Incoming(2).Type);
            Assert.Equal(a, m.Incoming(2).Source);
            Assert.Equal(5, IpcMachine.PayloadOf<Notification>(m.Incoming(2)).Timestamp);
            Assert.True(m.Receive(2, Endpoint.Any).Blocked);
        }

        [Fact]
        public void Pending_notifications_come_before_queued_messages_and_one_per_source()
        {
            var m = new IpcMachine();
            int b = m.Spawn(1); int c = m.Spawn(2); int d = m.Spawn(3);
            m.Send(2, b, 20);
            m.Notify(3, b);
            m.Receive(1, Endpoint.Any);
            Assert.Equal(Message.NotifyMessage, m.Incoming(1).Type);
            Assert.Equal(d, m.Incoming(1).Source);
            m.Receive(1, Endpoint.Any);
            Assert.Equal(20, m.Incoming(1).Type);
            Assert.Equal(c, m.Incoming(1).Source);
        }

        [Fact]
        public void Receive_from_a_specific_endpoint_takes_only_its_notification()
        {
            var m = new IpcMachine();
            int b = m.Spawn(1); int c = m.Spawn(2); int d = m.Spawn(3);
            m.Notify(2, b); m.Notify(3, b);
            Completed(m.Receive(1, d), withMessage: true);
            Assert.Equal(d, m.Incoming(1).Source);
            Completed(m.Receive(1, Endpoint.Any), withMessage: true);
            Assert.Equal(c, m.Incoming(1).Source);
        }

        [Fact]
        public void A_SENDREC_caller_waiting_for_its_reply_gets_no_notification()
        {
            var m = new IpcMachine();
            int client = m.Spawn(1), server = m.Spawn(2); int other = m.Spawn(3);
            m.Receive(2, Endpoint.Any);
            m.SendRec(1, server, 1);
            // Neither the destination's own notification nor anyone else's ends the wait.
            Completed(m.Notify(2, client));
            Completed(m.Notify(3, client));
            Assert.Empty(m.Resumed);
            Assert.True(m.Engine[1].IsBlocked);
            m.Send(2, client, 2);
            Assert.Equal(2, m.Incoming(1).Type);
            // The notifications were kept, not lost.
            m.Receive(1, Endpoint.Any);
            Assert.Equal(server, m.Incoming(1).Source);
            Assert.Equal(Message.NotifyMessage, m.Incoming(1).Type);
            m.Receive(1, Endpoint.Any);
            Assert.Equal(other, m.Incoming(1).Source);
        }

        [Fact]
        public void A_SENDREC_with_a_pending_notification_still_waits_for_the_reply()
        {
            var m = new IpcMachine();
            int client = m.Spawn(1), server = m.Spawn(2);
            m.Notify(2, client);
            m.Receive(2, Endpoint.Any);
            Assert.True(m.SendRec(1, server, 1).Blocked);
            m.Send(2, client, 2);
            Assert.Equal(2, m.Incoming(1).Type);
        }
    }
}
