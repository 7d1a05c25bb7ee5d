using Lunix.Abi;
using Lunix.Kernel.Ipc;
using Xunit;
using static Lunix.Tests.Hosted.IpcMachine;

namespace Lunix.Tests.Hosted
{
    public class IpcPrivilegeTests
    {
        [Theory]
        [InlineData(Traps.Send)]
        [InlineData(Traps.Receive)]
        [InlineData(Traps.SendReceive)]
        [InlineData(Traps.Notify)]
        [InlineData(Traps.SendNonBlocking)]
        [InlineData(Traps.SendAsync)]
        public void A_primitive_outside_the_trap_mask_fails_with_ETRAPDENIED(int trap)
        {
            var m = new IpcMachine();
            var p = Privileges.AllIpc();
            p.TrapMask &= ~(1u << trap);
            m.Spawn(1, p); int b = m.Spawn(2);
            m.Receive(2, Endpoint.Any);
            IpcResult r = trap switch
            {
                Traps.Send => m.Send(1, b, 1),
                Traps.Receive => m.Receive(1, b),
                Traps.SendReceive => m.SendRec(1, b, 1),
                Traps.Notify => m.Notify(1, b),
                Traps.SendNonBlocking => m.SendNb(1, b, 1),
                _ => m.SendAsync(1, 0, 0),
            };
            Failed(Errno.ETRAPDENIED, r);
            Assert.True(m.Engine[2].IsBlocked);
        }

        [Fact]
        public void A_destination_outside_the_send_mask_fails_with_ECALLDENIED_but_receiving_from_it_is_allowed()
        {
            var m = new IpcMachine();
            var p = Privileges.AllIpc();
            p.SendTo.Remove(2);
            m.Spawn(1, p); int b = m.Spawn(2); int c = m.Spawn(3);
            Failed(Errno.ECALLDENIED, m.Send(1, b, 1));
            Failed(Errno.ECALLDENIED, m.SendNb(1, b, 1));
            Failed(Errno.ECALLDENIED, m.SendRec(1, b, 1));
            Failed(Errno.ECALLDENIED, m.Notify(1, b));
            Assert.True(m.Send(1, c, 1).Blocked);
            m.Receive(3, Endpoint.Any);
            m.Send(2, m.Engine[1].Endpoint, 5);
            Completed(m.Receive(1, b), withMessage: true);
        }

        [Theory]
        [InlineData(-5)]
        [InlineData(16)]                       // past the table
        [InlineData(Endpoint.GenerationSize - 1)]
        [InlineData(Endpoint.None)]
        public void Endpoints_that_can_name_no_process_fail_with_EINVAL(int endpoint)
        {
            var m = new IpcMachine(slots: 16);
            m.Spawn(1);
            Failed(Errno.EINVAL, m.Send(1, endpoint, 1));
            Failed(Errno.EINVAL, m.Receive(1, endpoint));
            Failed(Errno.EINVAL, m.Notify(1, endpoint));
        }

        [Fact]
        public void Any_is_only_a_source()
        {
            var m = new IpcMachine();
            m.Spawn(1);
            Failed(Errno.EINVAL, m.Send(1, Endpoint.Any, 1));
            Failed(Errno.EINVAL, m.SendRec(1, Endpoint.Any, 1));
            Failed(Errno.EINVAL, m.Notify(1, Endpoint.Any));
        }

        [Fact]
        public void Kernel_calls_are_allowed_by_number()
        {
            var m = new IpcMachine();
            var p = default(Privileges);
            p.AllowCall(3);
            p.AllowCall(70);
            m.Spawn(1, p);
            Assert.True(m.Engine.MayCall(1, 3));
            Assert.True(m.Engine.MayCall(1, 70));
            Assert.False(m.Engine.MayCall(1, 4));
            Assert.False(m.Engine.MayCall(1, -1));
            Assert.False(m.Engine.MayCall(1, Privileges.KernelCallCapacity));
            p.AllowCall(4);
            Assert.Equal(Errno.Ok, m.Engine.SetPrivileges(1, p));
            Assert.True(m.Engine.MayCall(1, 4));
        }

        [Fact]
        public void Occupy_refuses_a_taken_slot_or_one_past_the_table()
        {
            var m = new IpcMachine(slots: 4);
            m.Spawn(1);
            Assert.Equal(Errno.EPERM, m.Engine.Occupy(1, Privileges.AllIpc(), out _));
            Assert.Equal(Errno.EINVAL, m.Engine.Occupy(4, Privileges.AllIpc(), out _));
        }
    }
}
