using Lunix.Abi;
using Lunix.Kernel.Ipc;
using Xunit;
using static Lunix.Tests.Hosted.IpcMachine;

namespace Lunix.Tests.Hosted
{
    // FORK's IPC side (IpcEngine.Fork.cs): the child waits where the parent waits, for the reply
    // of the server that took the parent's request, and each is released by its own reply.
    public class IpcForkTests
    {
        private const int Server = 1, Parent = 2, Child = 3;

        // The parent's SENDREC, taken by the server: the state FORK is made in.
        private static (IpcMachine m, int server, int parent) ParentWaitingForReply()
        {
            var m = new IpcMachine();
            int server = m.Spawn(Server);
            int parent = m.Spawn(Parent);
            m.Receive(Server, Endpoint.Any);
            Assert.True(m.SendRec(Parent, server, 7).Blocked);
            Assert.Equal(parent, m.Incoming(Server).Source);
            return (m, server, parent);
        }

        [Fact]
        public void The_child_waits_for_the_same_reply_and_each_is_released_by_its_own()
        {
            var (m, server, parent) = ParentWaitingForReply();
            Assert.Equal(Errno.Ok, m.Engine.Fork(Parent, Child, Server, out int child));
            Assert.NotEqual(parent, child);
            Assert.Equal(child, m.Engine[Child].Endpoint);
            Assert.True(m.Engine[Child].IsBlocked);
            Assert.Equal(server, m.Engine[Child].ReceiveFrom);

            Completed(m.SendNb(Server, child, 100));
            Assert.Equal(new Resumption(Child, true, Errno.Ok), m.ResumptionOf(Child));
            Assert.Equal(100, m.Incoming(Child).Type);
            Assert.Equal(server, m.Incoming(Child).Source);
            Assert.True(m.Engine[Parent].IsBlocked);            // the parent's reply is its own

            Completed(m.SendNb(Server, parent, 101));
            Assert.Equal(new Resumption(Parent, true, Errno.Ok), m.ResumptionOf(Parent));
            Assert.Equal(101, m.Incoming(Parent).Type);
            Assert.False(m.Engine[Child].IsBlocked);
        }

        // As for the parent, only a message can be the reply: even the server's notification waits.
        [Fact]
        public void The_child_waits_for_a_reply_so_a_notification_from_the_server_stays_pending()
        {
            var (m, server, _) = ParentWaitingForReply();
            m.Engine.Fork(Parent, Child, Server, out int child);
            Completed(m.Notify(Server, child));
            Assert.Empty(m.Resumed);
            Assert.True(m.Engine[Child].IsBlocked);
            Completed(m.SendNb(Server, child, 100));
            Assert.Equal(100, m.Incoming(Child).Type);
            Completed(m.Receive(Child, Endpoint.Any), withMessage: true);   // then the notification
            Assert.Equal(Message.NotifyMessage, m.Incoming(Child).Type);
        }

        [Fact]
        public void The_child_has_the_parents_privileges_but_none_of_its_pending_messages()
        {
            var m = new IpcMachine();
            int server = m.Spawn(Server);
            Privileges narrow = default;
            narrow.AllowTrap(Traps.SendReceive);
            narrow.SendTo.Add(Server);
            narrow.AllowCall(KernelCalls.Exit);
            m.Spawn(Parent, narrow);
            m.Spawn(4);
            Completed(m.Notify(4, m.Engine[Parent].Endpoint));
            Assert.True(m.Send(4, m.Engine[Parent].Endpoint, 9).Blocked);   // and a sender queued on it
            m.Receive(Server, Endpoint.Any);
            Assert.True(m.SendRec(Parent, server, 7).Blocked);

            Assert.Equal(Errno.Ok, m.Engine.Fork(Parent, Child, Server, out int child));
            Assert.Equal(narrow.TrapMask, m.Engine.PrivilegesOf(Child).TrapMask);
            Assert.True(m.Engine.MayCall(Child, KernelCalls.Exit));
            Assert.False(m.Engine.MayCall(Child, KernelCalls.Fork));
            Assert.True(m.Engine.PrivilegesOf(Child).MaySendTo(Server));
            Assert.False(m.Engine.PrivilegesOf(Child).MaySendTo(4));
            Assert.True(m.Engine[Child].PendingNotifications.IsEmpty);
            Assert.Equal(-1, m.Engine[Child].CallerQueueHead);
            Assert.False(m.Engine[Parent].PendingNotifications.IsEmpty);
            Assert.Equal(4, m.Engine[Parent].CallerQueueHead);
            Assert.NotEqual(m.Engine[Parent].Endpoint, child);
        }

        [Fact]
        public void A_parent_not_waiting_for_the_servers_reply_is_refused_and_the_slot_stays_free()
        {
            var m = new IpcMachine();
            int server = m.Spawn(Server);
            m.Spawn(Parent);

            Assert.Equal(Errno.EINVAL, m.Engine.Fork(Parent, Child, Server, out int endpoint));  // running
            Assert.Equal(Endpoint.None, endpoint);

            Assert.True(m.SendRec(Parent, server, 7).Blocked);                                  // still sending
            Assert.Equal(Errno.EINVAL, m.Engine.Fork(Parent, Child, Server, out _));

            var (w, _, _) = ParentWaitingForReply();
            w.Spawn(4);
            Assert.Equal(Errno.EINVAL, w.Engine.Fork(Parent, Child, 4, out _));                 // another server's reply

            var r = new IpcMachine();
            r.Spawn(Server);
            r.Spawn(Parent);
            Assert.True(r.Receive(Parent, r.Engine[Server].Endpoint).Blocked);                  // a plain receive
            Assert.Equal(Errno.EINVAL, r.Engine.Fork(Parent, Child, Server, out _));

            Assert.True(m.Engine[Child].IsFree);
            Assert.True(w.Engine[Child].IsFree);
            Assert.True(r.Engine[Child].IsFree);
        }

        [Fact]
        public void A_free_parent_is_EDEADSRCDST_and_a_taken_or_bad_child_slot_is_refused()
        {
            var (m, _, _) = ParentWaitingForReply();
            Assert.Equal(Errno.EDEADSRCDST, m.Engine.Fork(5, Child, Server, out _));
            Assert.Equal(Errno.EINVAL, m.Engine.Fork(99, Child, Server, out _));
            int taken = m.Spawn(Child);
            Assert.Equal(Errno.EPERM, m.Engine.Fork(Parent, Child, Server, out _));
            Assert.Equal(taken, m.Engine[Child].Endpoint);
            Assert.False(m.Engine[Child].IsBlocked);
            Assert.Equal(Errno.EINVAL, m.Engine.Fork(Parent, -1, Server, out _));
            Assert.Equal(Errno.EINVAL, m.Engine.Fork(Parent, 99, Server, out _));
        }

        [Fact]
        public void If_the_server_exits_both_are_released_with_EDEADSRCDST()
        {
            var (m, _, _) = ParentWaitingForReply();
            m.Engine.Fork(Parent, Child, Server, out _);
            m.Kill(Server);
            Assert.Equal(Errno.EDEADSRCDST, m.ResumptionOf(Parent).Error);
            Assert.Equal(Errno.EDEADSRCDST, m.ResumptionOf(Child).Error);
            Assert.False(m.Engine[Child].IsBlocked);
        }

        [Fact]
        public void A_child_that_exits_releases_whoever_waits_for_it_and_frees_its_slot()
        {
            var (m, server, parent) = ParentWaitingForReply();
            m.Engine.Fork(Parent, Child, Server, out int child);
            Completed(m.SendNb(Server, child, 100));
            Completed(m.SendNb(Server, parent, 101));
            Assert.True(m.Receive(Parent, child).Blocked);              // the parent waits for it
            m.Kill(Child);
            Assert.Equal(new Resumption(Parent, false, Errno.EDEADSRCDST), m.ResumptionOf(Parent));
            Assert.True(m.Engine[Child].IsFree);
            Failed(Errno.EDEADSRCDST, m.SendNb(Server, child, 102));
        }
    }
}
