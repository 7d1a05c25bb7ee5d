using Lunix.Abi;
using Lunix.Kernel.Ipc;
using Xunit;
using static Lunix.Tests.Hosted.IpcMachine;

namespace Lunix.Tests.Hosted
{
    // Live update's IPC side (IpcEngine.Update.cs): the endpoint and whoever waits on it stay with
    // the slot; the receive a program is blocked in moves with the program.
    public class IpcUpdateTests
    {
        [Fact]
        public void Queued_senders_stay_with_the_endpoint_and_reach_the_new_program()
        {
            var m = new IpcMachine();
            int service = m.Spawn(1); int next = m.Spawn(2); m.Spawn(3); int rs = m.Spawn(4);
            m.Receive(1, rs);                   // the old version waits for RS only
            m.Send(3, service, 9);              // a client queues on the service's endpoint
            m.Receive(2, rs);                   // the new version waits for its Init
            m.Engine.AbandonSend(1);
            m.Engine.AbandonSend(2);
            m.Engine.SwapPrograms(1, 2);
            Assert.Equal(service, m.Engine[1].Endpoint);
            Assert.Equal(next, m.Engine[2].Endpoint);
            Assert.True(m.Engine[1].IsBlocked);
            Completed(m.Send(4, service, 1));   // Init reaches the new program, at the old endpoint
            Assert.Equal(1, m.Incoming(1).Type);
            Completed(m.Receive(1, Endpoint.Any), withMessage: true);   // then the queued client
            Assert.Equal(9, m.Incoming(1).Type);
        }

        [Fact]
        public void A_program_blocked_in_a_send_leaves_the_queue_it_was_in()
        {
            var m = new IpcMachine();
            int server = m.Spawn(1); m.Spawn(2); m.Spawn(3);
            m.Send(2, server, 5);               // the new version stuck sending to a server
            m.Engine.AbandonSend(2);
            m.Engine.SwapPrograms(2, 3);
            Assert.False(m.Engine[2].IsBlocked);
            Assert.False(m.Engine[3].IsBlocked);
            m.Receive(1, Endpoint.Any);         // nothing queued any more: the server blocks
            Assert.True(m.Engine[1].IsBlocked);
        }

        [Fact]
        public void A_swap_back_restores_each_program_to_its_receive()
        {
            var m = new IpcMachine();
            m.Spawn(1); m.Spawn(2); int rs = m.Spawn(3);
            m.Receive(1, rs);
            m.Engine.SwapPrograms(1, 2);
            Assert.False(m.Engine[1].IsBlocked);
            Assert.Equal(rs, m.Engine[2].ReceiveFrom);
            m.Engine.SwapPrograms(1, 2);
            Assert.Equal(rs, m.Engine[1].ReceiveFrom);
            Assert.False(m.Engine[2].IsBlocked);
        }
    }
}
