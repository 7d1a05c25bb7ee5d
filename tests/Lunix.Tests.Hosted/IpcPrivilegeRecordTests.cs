using Lunix.Abi;
using Lunix.Kernel.Ipc;
using Xunit;
using static Lunix.Tests.Hosted.IpcMachine;

namespace Lunix.Tests.Hosted
{
    // Privilege records (IpcEngine.PrivilegeRecords.cs): a pool of records for system processes,
    // one each, given back at exit; one record every user process shares, never written for one
    // of them; the rights of a slot staying with it through UPDATE; a forked child's own copy.
    public class IpcPrivilegeRecordTests
    {
        // The machine's notifier (slot 0) holds one record of the pool.
        private static IpcMachine WithRecords(int systemRecords, int slots = 16, Privileges userRights = default) =>
            new IpcMachine(slots, systemRecords, userRights);

        private static Privileges Calling(params int[] calls)
        {
            Privileges p = Privileges.AllIpc();
            foreach (int call in calls) p.AllowCall(call);
            return p;
        }

        [Fact]
        public void A_system_process_finding_no_record_is_refused_with_EAGAIN_and_its_slot_stays_free()
        {
            var m = WithRecords(3);
            m.Spawn(1); m.Spawn(2);
            Assert.Equal(0, m.Engine.FreeSystemRecords);
            Assert.Equal(Errno.EAGAIN, m.Engine.Occupy(3, Privileges.AllIpc(), out int endpoint));
            Assert.Equal(Endpoint.None, endpoint);
            Assert.True(m.Engine[3].IsFree);
            Assert.Equal(0, m.Engine.FreeSystemRecords);
        }

        [Fact]
        public void An_exit_gives_the_record_back_and_the_next_process_takes_that_one()
        {
            var m = WithRecords(3);
            m.Spawn(1); m.Spawn(2);
            int id = m.Engine[2].PrivilegeId;
            m.Kill(2);
            Assert.Equal(1, m.Engine.FreeSystemRecords);
            Assert.Equal(IpcEngine.UserRecord, m.Engine[2].PrivilegeId);
            m.Spawn(5, Calling(KernelCalls.Times));
            Assert.Equal(id, m.Engine[5].PrivilegeId);
            Assert.True(m.Engine.MayCall(5, KernelCalls.Times));
            Assert.False(m.Engine.MayCall(1, KernelCalls.Times));
        }

        [Fact]
        public void Every_system_process_has_a_record_of_its_own()
        {
            var m = WithRecords(8);
            m.Spawn(1, Calling(KernelCalls.Times));
            m.Spawn(2, Calling(KernelCalls.Times));
            Assert.NotEqual(m.Engine[1].PrivilegeId, m.Engine[2].PrivilegeId);
            Assert.NotEqual(IpcEngine.UserRecord, m.Engine[1].PrivilegeId);
            Assert.Equal(Errno.Ok, m.Engine.SetPrivileges(1, Calling(KernelCalls.Umap)));
            Assert.True(m.Engine.MayCall(1, KernelCalls.Umap));
            Assert.False(m.Engine.MayCall(2, KernelCalls.Umap));
            Assert.True(m.Engine.MayCall(2, KernelCalls.Times));
            Assert.Equal(5, m.Engine.FreeSystemRecords);         // changed in place: none taken (slot 0 holds one)
        }

        [Fact]
        public void A_user_process_shares_the_user_record_and_may_do_nothing_by_default()
        {
            var m = WithRecords(8);
            int server = m.Spawn(1);
            m.Spawn(2); m.Spawn(3);
            m.Engine.MakeUser(2);
            m.Engine.MakeUser(3);
            Assert.Equal(IpcEngine.UserRecord, m.Engine[2].PrivilegeId);
            Assert.Equal(IpcEngine.UserRecord, m.Engine[3].PrivilegeId);
            Assert.Equal(6, m.Engine.FreeSystemRecords);         // both records went back (slots 0 and 1 hold one each)
            Failed(Errno.ETRAPDENIED, m.SendRec(2, server, 1));
            Failed(Errno.ETRAPDENIED, m.Receive(2, Endpoint.Any));
            Failed(Errno.ETRAPDENIED, m.Notify(3, server));
            Assert.False(m.Engine.MayCall(2, KernelCalls.Exit));
            // Others still reach a user process (the kernel sends on its behalf, servers answer it).
            Assert.True(m.SendRec(1, m.Engine[2].Endpoint, 1).Blocked);
        }

        [Fact]
        public void The_user_record_allows_what_the_kernel_configured_it_with()
        {
            Privileges user = default;
            user.AllowTrap(Traps.SendReceive);
            user.SendTo.Add(1);
            var m = WithRecords(8, userRights: user);
            int server = m.Spawn(1);
            m.Spawn(2); m.Spawn(3);
            m.Engine.MakeUser(2);
            Failed(Errno.ETRAPDENIED, m.Send(2, server, 1));
            Failed(Errno.ECALLDENIED, m.SendRec(2, m.Engine[3].Endpoint, 1));
            m.Receive(1, Endpoint.Any);
            Assert.True(m.SendRec(2, server, 1).Blocked);
        }

        [Fact]
        public void Changing_a_user_process_gives_it_a_record_of_its_own_and_leaves_the_others_alone()
        {
            var m = WithRecords(8);
            int server = m.Spawn(1);
            m.Spawn(2); m.Spawn(3);
            m.Engine.MakeUser(2);
            m.Engine.MakeUser(3);
            int free = m.Engine.FreeSystemRecords;

            Privileges more = default;
            more.AllowTrap(Traps.Send);
            more.SendTo.Add(1);
            more.AllowCall(KernelCalls.Times);
            Assert.Equal(Errno.Ok, m.Engine.SetPrivileges(2, more));

            Assert.NotEqual(IpcEngine.UserRecord, m.Engine[2].PrivilegeId);
            Assert.Equal(free - 1, m.Engine.FreeSystemRecords);
            Assert.True(m.Engine.MayCall(2, KernelCalls.Times));
            Assert.True(m.Send(2, server, 1).Blocked);
            // The other user process, and the shared record itself, are as they were.
            Assert.Equal(IpcEngine.UserRecord, m.Engine[3].PrivilegeId);
            Assert.False(m.Engine.MayCall(3, KernelCalls.Times));
            Failed(Errno.ETRAPDENIED, m.Send(3, server, 1));
            Assert.Equal(0u, m.Engine.PrivilegesOf(3).TrapMask);
            Assert.False(m.Engine.PrivilegesOf(3).MaySendTo(1));
        }

        [Fact]
        public void Changing_a_user_process_with_the_pool_exhausted_is_refused_and_changes_nothing()
        {
            var m = WithRecords(3);
            m.Spawn(1); m.Spawn(2);
            m.Engine.MakeUser(2);
            m.Spawn(3);                                          // takes the record slot 2 gave back
            Assert.Equal(0, m.Engine.FreeSystemRecords);
            Assert.Equal(Errno.EAGAIN, m.Engine.SetPrivileges(2, Privileges.AllIpc()));
            Assert.Equal(IpcEngine.UserRecord, m.Engine[2].PrivilegeId);
            Assert.Equal(0u, m.Engine.PrivilegesOf(2).TrapMask);
            Failed(Errno.ETRAPDENIED, m.Notify(2, m.Engine[1].Endpoint));
        }

        [Fact]
        public void Update_leaves_each_slots_rights_with_the_slot()
        {
            var m = WithRecords(8);
            m.Spawn(1, Calling(KernelCalls.Times));
            m.Spawn(2, Calling(KernelCalls.Umap));
            int first = m.Engine[1].PrivilegeId, second = m.Engine[2].PrivilegeId;
            m.Engine.AbandonSend(1);
            m.Engine.AbandonSend(2);
            m.Engine.SwapPrograms(1, 2);
            Assert.Equal(first, m.Engine[1].PrivilegeId);
            Assert.Equal(second, m.Engine[2].PrivilegeId);
            Assert.True(m.Engine.MayCall(1, KernelCalls.Times));
            Assert.True(m.Engine.MayCall(2, KernelCalls.Umap));
            Assert.Equal(5, m.Engine.FreeSystemRecords);
        }

        // The parent's SENDREC to the server, taken: where FORK is made.
        private static void AwaitReply(IpcMachine m, int server, int parent)
        {
            m.Receive(server, Endpoint.Any);
            Assert.True(m.SendRec(parent, m.Engine[server].Endpoint, 7).Blocked);
        }

        [Fact]
        public void A_forked_child_of_a_system_process_gets_its_own_copy_of_the_parents_record()
        {
            var m = WithRecords(8);
            m.Spawn(1);
            m.Spawn(2, Calling(KernelCalls.Times));
            AwaitReply(m, 1, 2);
            int free = m.Engine.FreeSystemRecords;
            Assert.Equal(Errno.Ok, m.Engine.Fork(2, 3, 1, out _));
            Assert.Equal(free - 1, m.Engine.FreeSystemRecords);
            Assert.NotEqual(m.Engine[2].PrivilegeId, m.Engine[3].PrivilegeId);
            Assert.True(m.Engine.MayCall(3, KernelCalls.Times));
            // A copy: changing the parent afterwards leaves the child as it was.
            Assert.Equal(Errno.Ok, m.Engine.SetPrivileges(2, Calling()));
            Assert.True(m.Engine.MayCall(3, KernelCalls.Times));
            m.Kill(3);
            Assert.Equal(free, m.Engine.FreeSystemRecords);
        }

        [Fact]
        public void A_forked_child_of_a_user_process_shares_the_user_record_and_takes_none()
        {
            Privileges user = default;
            user.AllowTrap(Traps.SendReceive);
            user.SendTo.Add(1);
            var m = WithRecords(8, userRights: user);
            m.Spawn(1);
            m.Spawn(2);
            m.Engine.MakeUser(2);
            AwaitReply(m, 1, 2);
            int free = m.Engine.FreeSystemRecords;
            Assert.Equal(Errno.Ok, m.Engine.Fork(2, 3, 1, out _));
            Assert.Equal(IpcEngine.UserRecord, m.Engine[3].PrivilegeId);
            Assert.Equal(free, m.Engine.FreeSystemRecords);
        }

        [Fact]
        public void A_fork_finding_no_record_is_refused_with_EAGAIN_and_changes_nothing()
        {
            var m = WithRecords(3);
            int server = m.Spawn(1);
            int parent = m.Spawn(2);
            AwaitReply(m, 1, 2);
            Assert.Equal(Errno.EAGAIN, m.Engine.Fork(2, 3, 1, out int child));
            Assert.Equal(Endpoint.None, child);
            Assert.True(m.Engine[3].IsFree);
            Assert.True(m.Engine[2].IsBlocked);
            Assert.Equal(server, m.Engine[2].ReceiveFrom);
            Completed(m.SendNb(1, parent, 100));                // the parent still gets its reply
            Assert.Equal(100, m.Incoming(2).Type);
        }

        [Fact]
        public void Making_a_process_a_user_process_twice_gives_back_one_record()
        {
            var m = WithRecords(4);
            m.Spawn(1);
            m.Engine.MakeUser(1);
            m.Engine.MakeUser(1);
            Assert.Equal(3, m.Engine.FreeSystemRecords);
            m.Kill(1);
            Assert.Equal(3, m.Engine.FreeSystemRecords);         // a user process gives nothing back
        }
    }
}
