using Lunix.Abi;
using Lunix.Kernel.Ipc;
using Xunit;
using static Lunix.Tests.Hosted.IpcMachine;

namespace Lunix.Tests.Hosted
{
    // The kernel's message in a process's name (a page fault to VM): no privilege or deadlock
    // check, delivered at once to a waiting receiver or queued like a SEND, with the process as
    // its Source.
    public class IpcSendOnBehalfTests
    {
        private static Message Fault(long address)
        {
            Message m = default;
            m.Type = VmRequests.PageFault;
            m.Payload<VmPageFault>().Address = (ulong)address;
            return m;
        }

        [Fact]
        public void A_waiting_receiver_gets_it_at_once_with_the_process_as_source()
        {
            var m = new IpcMachine();
            int vm = m.Spawn(1);
            int faulter = m.Spawn(2, default);             // no IPC rights at all
            m.Receive(1, Endpoint.Any);
            m.Engine.SendOnBehalf(2, 1, Fault(0x1000));
            m.Drain(default);
            Assert.Equal(new Resumption(1, true, Errno.Ok), m.ResumptionOf(1));
            Assert.Equal(faulter, m.Incoming(1).Source);
            Assert.Equal(0x1000UL, IpcMachine.PayloadOf<VmPageFault>(m.Incoming(1)).Address);
            Assert.False(m.Engine[2].IsBlocked);
        }

        [Fact]
        public void A_busy_receiver_finds_it_queued_at_its_next_receive()
        {
            var m = new IpcMachine();
            m.Spawn(1);
            int faulter = m.Spawn(2, default);
            m.Engine.SendOnBehalf(2, 1, Fault(0x2000));
            m.Drain(default);
            Assert.Empty(m.Resumed);
            Assert.True(m.Engine[2].IsBlocked);
            Completed(m.Receive(1, Endpoint.Any), withMessage: true);
            Assert.Equal(faulter, m.Incoming(1).Source);
            Assert.Equal(VmRequests.PageFault, m.Incoming(1).Type);
            Assert.False(m.Engine[2].IsBlocked);
        }

        [Fact]
        public void It_is_queued_where_the_processes_own_send_would_close_a_cycle()
        {
            var m = new IpcMachine();
            int vm = m.Spawn(1);
            int faulter = m.Spawn(2);
            m.Send(1, faulter, 7);                          // VM blocked sending to process 2
            Failed(Errno.ELOCKED, m.Send(2, vm, 1));
            m.Engine.SendOnBehalf(2, 1, Fault(0x3000));
            m.Drain(default);
            Assert.True(m.Engine[2].IsBlocked);
            Assert.Equal(vm, m.Engine[2].SendTo);
        }

        // A message whose buffer could not be written waits in the receiver's slot while the
        // kernel asks VM for the page in the receiver's name (MessageDelivery.Undelivered): nothing that
        // reaches the receiver meanwhile, nor VM taking the request, may overwrite it.
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void A_message_awaiting_delivery_stays_while_the_process_asks_VM(bool vmWaiting)
        {
            var m = new IpcMachine();
            m.Spawn(1);
            int receiver = m.Spawn(2);
            int sender = m.Spawn(3);
            m.Spawn(4);
            m.Receive(2, Endpoint.Any);
            Completed(m.Send(3, receiver, 7));
            Assert.Equal(new Resumption(2, true, Errno.Ok), m.ResumptionOf(2));
            if (vmWaiting) m.Receive(1, Endpoint.Any);
            Message request = default;
            request.Type = VmRequests.MemoryRequest;
            m.Engine.SendOnBehalf(2, 1, request);
            m.Drain(default);
            Assert.True(m.Send(4, receiver, 8).Blocked);    // queued: the receiver is not receiving
            m.Notify(3, receiver);
            if (!vmWaiting) Completed(m.Receive(1, Endpoint.Any), withMessage: true);
            Assert.Equal(receiver, m.Incoming(1).Source);
            Assert.Equal(VmRequests.MemoryRequest, m.Incoming(1).Type);
            Assert.Equal(7, m.Incoming(2).Type);
            Assert.Equal(sender, m.Incoming(2).Source);
        }

        [Fact]
        public void A_queued_message_is_dropped_and_its_process_released_when_the_receiver_exits()
        {
            var m = new IpcMachine();
            m.Spawn(1);
            m.Spawn(2, default);
            m.Engine.SendOnBehalf(2, 1, Fault(0x4000));
            m.Kill(1);
            Assert.Equal(Errno.EDEADSRCDST, m.ResumptionOf(2).Error);
            Assert.False(m.Engine[2].IsBlocked);
        }
    }
}
