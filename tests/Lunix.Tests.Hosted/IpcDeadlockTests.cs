using Lunix.Abi;
using Xunit;
using static Lunix.Tests.Hosted.IpcMachine;

namespace Lunix.Tests.Hosted
{
    public class IpcDeadlockTests
    {
        [Fact]
        public void Two_processes_sending_to_each_other()
        {
            var m = new IpcMachine();
            int a = m.Spawn(1), b = m.Spawn(2);
            Assert.True(m.Send(1, b, 1).Blocked);
            Failed(Errno.ELOCKED, m.Send(2, a, 2));
            Assert.False(m.Engine[2].IsBlocked);
            Failed(Errno.ELOCKED, m.SendRec(2, a, 2));
            Assert.False(m.Engine[2].IsBlocked);
        }

        [Fact]
        public void Two_processes_receiving_from_each_other()
        {
            var m = new IpcMachine();
            int a = m.Spawn(1), b = m.Spawn(2);
            Assert.True(m.Receive(1, b).Blocked);
            Failed(Errno.ELOCKED, m.Receive(2, a));
            Assert.False(m.Engine[2].IsBlocked);
        }

        [Fact]
        public void A_cycle_of_three_senders()
        {
            var m = new IpcMachine();
            int a = m.Spawn(1), b = m.Spawn(2), c = m.Spawn(3);
            Assert.True(m.Send(1, b, 1).Blocked);
            Assert.True(m.Send(2, c, 2).Blocked);
            Failed(Errno.ELOCKED, m.Send(3, a, 3));
            Assert.False(m.Engine[3].IsBlocked);
        }

        [Fact]
        public void A_cycle_of_three_mixing_sends_and_receives()
        {
            var m = new IpcMachine();
            int a = m.Spawn(1), b = m.Spawn(2), c = m.Spawn(3);
            Assert.True(m.Send(1, b, 1).Blocked);      // a -> b
            Assert.True(m.Receive(2, c).Blocked);      // b waits for c
            Failed(Errno.ELOCKED, m.Receive(3, a));    // c waiting for a would close the cycle
            Failed(Errno.ELOCKED, m.SendRec(3, a, 3)); // and so would c sending to a
        }

        [Fact]
        public void A_chain_that_does_not_return_to_the_caller_blocks_normally()
        {
            var m = new IpcMachine();
            m.Spawn(1); int b = m.Spawn(2), c = m.Spawn(3); m.Spawn(4);
            Assert.True(m.Send(1, b, 1).Blocked);
            Assert.True(m.Send(2, c, 2).Blocked);
            Assert.True(m.Send(4, b, 4).Blocked);
            Assert.True(m.Receive(3, Endpoint.Any) is { Blocked: false, HasMessage: true });
        }

        [Fact]
        public void Receive_from_any_never_deadlocks()
        {
            var m = new IpcMachine();
            int a = m.Spawn(1); m.Spawn(2);
            Assert.True(m.Receive(1, Endpoint.Any).Blocked);
            Assert.True(m.Receive(2, a).Blocked);
        }
    }
}
