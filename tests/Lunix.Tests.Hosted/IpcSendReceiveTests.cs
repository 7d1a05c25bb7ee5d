using Lunix.Abi;
using Lunix.Kernel.Ipc;
using Xunit;
using static Lunix.Tests.Hosted.IpcMachine;

namespace Lunix.Tests.Hosted
{
    public class IpcSendReceiveTests
    {
        [Fact]
        public void Send_to_a_waiting_receiver_delivers_at_once_and_releases_it()
        {
            var m = new IpcMachine();
            int a = m.Spawn(1), b = m.Spawn(2);
            Assert.True(m.Receive(2, Endpoint.Any).Blocked);
            Completed(m.Send(1, b, 42));
            var r = m.ResumptionOf(2);
            Assert.True(r.HasMessage);
            Assert.Equal(Errno.Ok, r.Error);
            Assert.Equal(42, m.Incoming(2).Type);
            Assert.Equal(a, m.Incoming(2).Source);
            Assert.False(m.Engine[2].IsBlocked);
        }

        [Fact]
        public void Send_blocks_until_received_and_the_kernel_sets_the_source()
        {
            var m = new IpcMachine();
            int a = m.Spawn(1), b = m.Spawn(2);
            var forged = Msg(7);
            forged.Source = 12345;
            var s = m.Engine.Send(1, b, forged);
            Assert.True(s.Blocked);
            Assert.Equal(ProcessFlags.Sending, m.Engine[1].Flags);
            Completed(m.Receive(2, a), withMessage: true);
            Assert.Equal(7, m.Incoming(2).Type);
            Assert.Equal(a, m.Incoming(2).Source);
            var r = m.ResumptionOf(1);
            Assert.False(r.HasMessage);
            Assert.Equal(Errno.Ok, r.Error);
            Assert.False(m.Engine[1].IsBlocked);
        }

        [Fact]
        public void Queued_senders_are_received_in_arrival_order()
        {
            var m = new IpcMachine();
            int b = m.Spawn(1);
            for (int s = 2; s <= 6; s++)
            {
                m.Spawn(s);
                Assert.True(m.Send(s, b, 100 + s).Blocked);
            }
            for (int s = 2; s <= 6; s++)
            {
                Completed(m.Receive(1, Endpoint.Any), withMessage: true);
                Assert.Equal(100 + s, m.Incoming(1).Type);
                Assert.Equal(s, m.ResumptionOf(s).Slot);
            }
            Assert.True(m.Receive(1, Endpoint.Any).Blocked);
        }

        [Fact]
        public void Receive_from_one_endpoint_skips_other_senders_and_keeps_their_order()
        {
            var m = new IpcMachine();
            int b = m.Spawn(1);
            m.Spawn(2); int c = m.Spawn(3); m.Spawn(4);
            m.Send(2, b, 2); m.Send(3, b, 3); m.Send(4, b, 4);
            Completed(m.Receive(1, c), withMessage: true);
            Assert.Equal(3, m.Incoming(1).Type);
            m.Receive(1, Endpoint.Any);
            Assert.Equal(2, m.Incoming(1).Type);
            m.Receive(1, Endpoint.Any);
            Assert.Equal(4, m.Incoming(1).Type);
        }

        [Fact]
        public void A_receiver_waiting_for_someone_else_is_not_interrupted()
        {
            var m = new IpcMachine();
            m.Spawn(1); int b = m.Spawn(2); int c = m.Spawn(3);
            Assert.True(m.Receive(2, c).Blocked);
            Assert.True(m.Send(1, b, 1).Blocked);
            Assert.Empty(m.Resumed);
            Completed(m.Send(3, b, 3));
            Assert.Equal(3, m.Incoming(2).Type);
        }

        [Fact]
        public void SendNonBlocking_delivers_to_a_waiting_receiver_or_fails_with_ENOTREADY()
        {
            var m = new IpcMachine();
            m.Spawn(1); int b = m.Spawn(2);
            Failed(Errno.ENOTREADY, m.SendNb(1, b, 5));
            Assert.False(m.Engine[1].IsBlocked);
            Assert.True(m.Receive(2, Endpoint.Any).Blocked);   // nothing was queued
            Completed(m.SendNb(1, b, 6));
            Assert.Equal(6, m.Incoming(2).Type);
        }

        [Fact]
        public void SendReceive_round_trip_with_the_server_already_waiting()
        {
            var m = new IpcMachine();
            int client = m.Spawn(1), server = m.Spawn(2);
            m.Receive(2, Endpoint.Any);
            Assert.True(m.SendRec(1, server, 10).Blocked);
            Assert.Equal(10, m.Incoming(2).Type);
            Assert.Equal(ProcessFlags.Receiving | ProcessFlags.ReplyPending, m.Engine[1].Flags);
            Completed(m.Send(2, client, 11));
            var r = m.ResumptionOf(1);
            Assert.True(r.HasMessage);
            Assert.Equal(11, m.Incoming(1).Type);
            Assert.Equal(server, m.Incoming(1).Source);
            Assert.Equal(ProcessFlags.None, m.Engine[1].Flags);
        }

        [Fact]
        public void SendReceive_blocked_in_its_send_phase_then_waits_for_the_reply()
        {
            var m = new IpcMachine();
            int client = m.Spawn(1), server = m.Spawn(2);
            Assert.True(m.SendRec(1, server, 10).Blocked);
            Assert.Equal(ProcessFlags.Sending | ProcessFlags.Receiving | ProcessFlags.ReplyPending, m.Engine[1].Flags);
            Completed(m.Receive(2, Endpoint.Any), withMessage: true);
            Assert.Empty(m.Resumed);   // taken, but the client still waits for the reply
            Assert.Equal(ProcessFlags.Receiving | ProcessFlags.ReplyPending, m.Engine[1].Flags);
            Completed(m.Send(2, client, 11));
            Assert.Equal(11, m.Incoming(1).Type);
            Assert.True(m.ResumptionOf(1).HasMessage);
        }

        [Fact]
        public void A_SENDREC_reply_comes_only_from_the_destination()
        {
            var m = new IpcMachine();
            int client = m.Spawn(1), server = m.Spawn(2); m.Spawn(3);
            m.Receive(2, Endpoint.Any);
            m.SendRec(1, server, 10);
            Assert.True(m.Send(3, client, 99).Blocked);
            Assert.Empty(m.Resumed);
            m.Send(2, client, 11);
            Assert.Equal(11, m.Incoming(1).Type);
            Completed(m.Receive(1, Endpoint.Any), withMessage: true);
            Assert.Equal(99, m.Incoming(1).Type);
        }

        [Fact]
        public void Self_names_the_caller_and_sending_to_oneself_is_a_deadlock()
        {
            var m = new IpcMachine();
            m.Spawn(1);
            Failed(Errno.ELOCKED, m.Send(1, Endpoint.Self, 1));
            Failed(Errno.ELOCKED, m.Receive(1, Endpoint.Self));
            Assert.False(m.Engine[1].IsBlocked);
        }

        [Fact]
        public void ReplyReceive_answers_the_client_then_waits_for_anyone()
        {
            var m = new IpcMachine();
            int client = m.Spawn(1), server = m.Spawn(2), next = m.Spawn(3);
            Assert.True(m.Receive(2, Endpoint.Any).Blocked);
            Assert.True(m.SendRec(1, server, 10).Blocked);
            Assert.True(m.ReplyRecv(2, client, 11).Blocked);
            var r = m.ResumptionOf(1);
            Assert.True(r.HasMessage);
            Assert.Equal(11, m.Incoming(1).Type);
            Assert.Equal(server, m.Incoming(1).Source);
            Assert.Equal(ProcessFlags.Receiving, m.Engine[2].Flags);
            Assert.Equal(Endpoint.Any, m.Engine[2].ReceiveFrom);
            Completed(m.Send(3, server, 20));
            Assert.Equal(next, m.Incoming(2).Source);
        }

        [Fact]
        public void ReplyReceive_takes_a_queued_request_at_once()
        {
            var m = new IpcMachine();
            int client = m.Spawn(1), server = m.Spawn(2), next = m.Spawn(3);
            Assert.True(m.Receive(2, Endpoint.Any).Blocked);
            Assert.True(m.SendRec(1, server, 10).Blocked);
            Assert.True(m.SendRec(3, server, 30).Blocked);
            Completed(m.ReplyRecv(2, client, 11), withMessage: true);
            Assert.Equal(30, m.Incoming(2).Type);
            Assert.Equal(next, m.Incoming(2).Source);
            Assert.Equal(11, m.Incoming(1).Type);
        }

        [Fact]
        public void ReplyReceive_to_a_client_that_is_not_waiting_fails_without_receiving()
        {
            var m = new IpcMachine();
            int client = m.Spawn(1), server = m.Spawn(2);
            Failed(Errno.ENOTREADY, m.ReplyRecv(2, client, 11));
            Assert.False(m.Engine[2].IsBlocked);
            Failed(Errno.EDEADSRCDST, m.ReplyRecv(2, Endpoint.Make(1, 5), 11));
            var denied = Privileges.AllIpc();
            denied.TrapMask &= ~(1u << Traps.ReplyReceive);
            m.Spawn(4, denied);
            Failed(Errno.ETRAPDENIED, m.ReplyRecv(4, client, 11));
            Assert.NotEqual(client, server);
        }
    }
}
