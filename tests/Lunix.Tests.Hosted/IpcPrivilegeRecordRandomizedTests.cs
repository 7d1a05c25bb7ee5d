using System;
using Lunix.Abi;
using Lunix.Kernel.Ipc;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // Random entries, exits, forks, rights changes and conversions to user processes in a table of
    // Endpoint.Slots with a small pool, against a model that knows each live process's rights
    // (a kernel-call number stands for them) and whether it is a user process. After every step:
    // each process has exactly the rights the model gives it, no record is held by two
    // processes, user processes hold the shared record, and the pool counts exactly the records
    // no process holds.
    public class IpcPrivilegeRecordRandomizedTests
    {
        private const int Pool = 12;
        private static readonly int[] Places = { 1, 2, 63, 64, 65, 200, 255, 256, 257, 511, 512, 700, 800, 1000, 1022, 1023 };
        private const int Server = 1;            // stays: every fork is made by its reply

        private sealed class Run
        {
            private readonly Random random;
            private readonly IpcMachine m = new IpcMachine(Endpoint.Slots, Pool, UserRights());
            private readonly int[] rights = new int[Endpoint.Slots];     // the model: a call number, or 0 for a user process

            public Run(int seed)
            {
                random = new Random(seed);
                Assert.Equal(Errno.Ok, Enter(Server, 1));
            }

            // User processes may ask the server to fork them, and nothing else.
            private static Privileges UserRights()
            {
                Privileges p = default;
                p.AllowTrap(Traps.SendReceive);
                p.SendTo.Add(Server);
                return p;
            }

            private static Privileges Rights(int call)
            {
                Privileges p = Privileges.AllIpc();
                p.AllowCall(call);
                return p;
            }

            private Errno Enter(int slot, int call)
            {
                Errno e = m.Engine.Occupy(slot, Rights(call), out _);
                if (e == Errno.Ok) rights[slot] = call;
                return e;
            }

            public void Step()
            {
                int slot = Places[random.Next(1, Places.Length)];
                int call = random.Next(1, Privileges.KernelCallCapacity);
                bool poolEmpty = m.Engine.FreeSystemRecords == 0;
                if (m.Engine[slot].IsFree)
                {
                    Assert.Equal(poolEmpty ? Errno.EAGAIN : Errno.Ok, Enter(slot, call));
                    return;
                }
                bool user = rights[slot] == 0;
                switch (random.Next(5))
                {
                    case 0:
                        m.Kill(slot);
                        break;
                    case 1:
                        m.Engine.MakeUser(slot);
                        rights[slot] = 0;
                        break;
                    case 2:
                        Errno set = m.Engine.SetPrivileges(slot, Rights(call));
                        Assert.Equal(user && poolEmpty ? Errno.EAGAIN : Errno.Ok, set);
                        if (set == Errno.Ok) rights[slot] = call;
                        break;
                    default:
                        Fork(slot, user, poolEmpty);
                        break;
                }
            }

            // The parent's SENDREC to the server, taken by it; then FORK into a free place, and
            // the parent and the child released by the server's replies.
            private void Fork(int parent, bool user, bool poolEmpty)
            {
                int child = Array.Find(Places, s => m.Engine[s].IsFree);
                if (child == 0 || m.Engine[parent].IsBlocked || m.Engine[Server].IsBlocked) return;
                m.Receive(Server, Endpoint.Any);
                Assert.True(m.SendRec(parent, m.Engine[Server].Endpoint, 7).Blocked);
                Errno forked = m.Engine.Fork(parent, child, Server, out int endpoint);
                Assert.Equal(!user && poolEmpty ? Errno.EAGAIN : Errno.Ok, forked);
                if (forked == Errno.Ok)
                {
                    rights[child] = rights[parent];
                    m.SendNb(Server, endpoint, 1);
                }
                m.SendNb(Server, m.Engine[parent].Endpoint, 1);
            }

            public void Check()
            {
                var holder = new int[Pool + 1];
                int held = 1;                                   // the machine's notifier, slot 0
                holder[m.Engine[0].PrivilegeId] = -1;
                foreach (int slot in Places)
                {
                    ref readonly ProcessSlot p = ref m.Engine[slot];
                    if (p.IsFree)
                    {
                        Assert.Equal(IpcEngine.UserRecord, p.PrivilegeId);
                        continue;
                    }
                    if (rights[slot] == 0)
                    {
                        Assert.Equal(IpcEngine.UserRecord, p.PrivilegeId);
                        Assert.False(m.Engine.PrivilegesOf(slot).MayTrap(Traps.Send));
                        continue;
                    }
                    Assert.NotEqual(IpcEngine.UserRecord, p.PrivilegeId);
                    Assert.Equal(0, holder[p.PrivilegeId]);
                    holder[p.PrivilegeId] = slot;
                    held++;
                    for (int call = 1; call < Privileges.KernelCallCapacity; call++)
                        Assert.Equal(call == rights[slot], m.Engine.MayCall(slot, call));
                }
                Assert.Equal(Pool - held, m.Engine.FreeSystemRecords);
            }
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void Records_follow_their_processes_through_random_entries_exits_forks_and_changes(int seed)
        {
            var run = new Run(seed);
            for (int i = 0; i < 5000; i++)
            {
                run.Step();
                run.Check();
            }
        }
    }
}
