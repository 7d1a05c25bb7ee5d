using Lunix.Abi;
using Lunix.Kernel.Ipc;
using Xunit;
using static Lunix.Tests.Hosted.IpcMachine;

namespace Lunix.Tests.Hosted
{
    public class IpcExitTests
    {
        [Fact]
        public void Every_primitive_to_an_exited_endpoint_fails_with_EDEADSRCDST()
        {
            var m = new IpcMachine();
            m.Spawn(1); int b = m.Spawn(2);
            m.Kill(2);
            Failed(Errno.EDEADSRCDST, m.Send(1, b, 1));
            Failed(Errno.EDEADSRCDST, m.SendNb(1, b, 1));
            Failed(Errno.EDEADSRCDST, m.SendRec(1, b, 1));
            Failed(Errno.EDEADSRCDST, m.Notify(1, b));
            Failed(Errno.EDEADSRCDST, m.Receive(1, b));
            Assert.False(m.Engine[1].IsBlocked);
        }

        [Fact]
        public void A_reused_slot_has_a_new_generation_and_the_old_endpoint_stays_dead()
        {
            var m = new IpcMachine();
            m.Spawn(1); int old = m.Spawn(2);
            m.Kill(2);
            int reborn = m.Spawn(2);
            Assert.NotEqual(old, reborn);
            Assert.Equal(Endpoint.SlotOf(old), Endpoint.SlotOf(reborn));
            Assert.Equal(Endpoint.GenerationOf(old) + 1, Endpoint.GenerationOf(reborn));
            m.Receive(2, Endpoint.Any);
            Failed(Errno.EDEADSRCDST, m.Send(1, old, 1));
            Assert.True(m.Engine[2].IsBlocked);
            Completed(m.Send(1, reborn, 2));
            Assert.Equal(2, m.Incoming(2).Type);
        }

        [Fact]
        public void An_exit_that_keeps_the_endpoint_fails_waiters_but_the_restarted_slot_answers_at_the_same_endpoint()
        {
            var m = new IpcMachine();
            int server = m.Spawn(1); m.Spawn(2);
            m.SendRec(2, server, 7);
            m.Kill(1, keepEndpoint: true);
            Assert.Equal(Errno.EDEADSRCDST, m.ResumptionOf(2).Error);
            Failed(Errno.EDEADSRCDST, m.Send(2, server, 1));
            int reborn = m.Spawn(1);
            Assert.Equal(server, reborn);
            m.Receive(1, Endpoint.Any);
            Completed(m.Send(2, server, 8));
            Assert.Equal(8, m.Incoming(1).Type);
        }

        [Fact]
        public void Exit_releases_its_queued_senders_and_drops_their_messages()
        {
            var m = new IpcMachine();
            int b = m.Spawn(1); m.Spawn(2); m.Spawn(3);
            m.Send(2, b, 2);
            m.SendRec(3, b, 3);
            m.Kill(1);
            Assert.Equal(2, m.Resumed.Count);
            foreach (int s in new[] { 2, 3 })
            {
                var r = m.ResumptionOf(s);
                Assert.Equal(Errno.EDEADSRCDST, r.Error);
                Assert.False(r.HasMessage);
                Assert.Equal(ProcessFlags.None, m.Engine[s].Flags);
            }
            m.Spawn(1);
            Assert.Equal(-1, m.Engine[1].CallerQueueHead);
        }

        [Fact]
        public void Exit_releases_receivers_waiting_for_it_and_SENDREC_callers_waiting_for_its_reply()
        {
            var m = new IpcMachine();
            int b = m.Spawn(1); m.Spawn(2); m.Spawn(3); m.Spawn(4);
            m.Receive(1, Endpoint.Any);
            m.SendRec(2, b, 2);                      // delivered; now waits for b's reply
            m.Receive(3, b);
            m.Receive(4, Endpoint.Any);              // not waiting for b specifically
            m.Kill(1);
            Assert.Equal(Errno.EDEADSRCDST, m.ResumptionOf(2).Error);
            Assert.Equal(Errno.EDEADSRCDST, m.ResumptionOf(3).Error);
            Assert.DoesNotContain(m.Resumed, r => r.Slot == 4);
            Assert.True(m.Engine[4].IsBlocked);
        }

        [Fact]
        public void An_exiting_sender_leaves_the_queue_it_was_in_and_its_notifications_vanish()
        {
            var m = new IpcMachine();
            int b = m.Spawn(1); m.Spawn(2); m.Spawn(3);
            m.Send(2, b, 2);
            m.Send(3, b, 3);
            m.Notify(2, b);
            m.Kill(2);
            Assert.Empty(m.Resumed);
            m.Receive(1, Endpoint.Any);
            Assert.Equal(3, m.Incoming(1).Type);
            Assert.True(m.Receive(1, Endpoint.Any).Blocked);
        }
    }
}
