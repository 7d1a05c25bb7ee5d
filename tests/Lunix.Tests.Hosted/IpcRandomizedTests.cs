using System;
using System.Collections.Generic;
using Lunix.Abi;
using Lunix.Kernel.Ipc;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // Many processes driven through random SEND, SENDNB, SENDREC, RECEIVE, NOTIFY and exits, the
    // way a kernel would (only runnable processes make calls), checking the table's invariants
    // after every call and that every message is delivered at most once, to its destination. The
    // processes live in a few slots (`places`): the first eleven of a small table, or slots on
    // both sides of 64-slot word boundaries and past 256 in a table of Endpoint.Slots.
    public class IpcRandomizedTests
    {
        private static readonly int[] FirstSlots = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };
        private static readonly int[] SpreadSlots = { 1, 63, 64, 65, 127, 128, 255, 256, 257, 700, 1023 };

        private sealed class Run
        {
            private readonly Random random;
            private readonly int[] places;
            private readonly int tableSize;
            private readonly IpcMachine m;
            private readonly long[] inFlight;          // by slot: id of a blocked send, or 0
            private readonly int[] replyFrom;          // by slot: SENDREC destination, or None
            private readonly Dictionary<long, (int From, int To)> sent = new();
            private readonly HashSet<long> delivered = new();
            private readonly HashSet<long> dropped = new();
            private readonly List<int> retired = new();                 // endpoints of exited processes
            private long nextId = 1;
            public int Deliveries;

            public Run(int seed, int tableSize, int[] places)
            {
                random = new Random(seed);
                this.places = places;
                this.tableSize = tableSize;
                m = new IpcMachine(tableSize);
                inFlight = new long[tableSize];
                replyFrom = new int[tableSize];
                foreach (int s in places)
                    Spawn(s);
            }

            private int RandomPlace() => places[random.Next(places.Length)];

            private void Spawn(int s)
            {
                m.Spawn(s);
                inFlight[s] = 0;
                replyFrom[s] = Endpoint.None;
            }

            private int RandomEndpoint()
            {
                if (retired.Count > 0 && random.Next(10) == 0)
                    return retired[random.Next(retired.Count)];
                int t = RandomPlace();
                return Endpoint.Make(m.Engine[t].Generation, t);
            }

            public void Step()
            {
                int s = RandomPlace();
                ref readonly ProcessSlot p = ref m.Engine[s];
                if (p.IsFree)
                {
                    if (random.Next(3) == 0)
                        Spawn(s);
                    return;
                }
                // Stuck processes are killed more often, as a reincarnation server would, so the
                // run keeps moving instead of ending with everyone blocked.
                if (random.Next(p.IsBlocked ? 8 : 60) == 0)
                {
                    Kill(s);
                    return;
                }
                if (p.IsBlocked)
                    return;   // only runnable processes trap
                int target = RandomEndpoint();
                long now = nextId;
                switch (random.Next(9))
                {
                    case 7: SendKind(s, target, (id, msg) => m.Engine.ReplyReceive(s, target, msg, now)); break;
                    case 0: SendKind(s, target, (id, msg) => m.Engine.Send(s, target, msg)); break;
                    case 1: SendKind(s, target, (id, msg) => m.Engine.SendNonBlocking(s, target, msg)); break;
                    case 2: SendKind(s, target, (id, msg) => m.Engine.SendReceive(s, target, msg, now), sendReceive: true); break;
                    case 3: After(s, m.Engine.Notify(s, target, now)); break;
                    default:
                        After(s, m.Engine.Receive(s, random.Next(3) != 0 ? Endpoint.Any : target, now));
                        break;
                }
            }

            private void SendKind(int s, int target, Func<long, Message, IpcResult> call, bool sendReceive = false)
            {
                long id = nextId++;
                Message msg = IpcMachine.Msg(1, id);
                IpcResult r = call(id, msg);
                if (r.Error == Errno.Ok)
                {
                    sent.Add(id, (m.Engine[s].Endpoint, target));
                    if ((m.Engine[s].Flags & ProcessFlags.Sending) != 0)
                        inFlight[s] = id;
                    if (sendReceive && r.Blocked)
                        replyFrom[s] = target;
                }
                After(s, r);
            }

            private void After(int caller, IpcResult r)
            {
                if (r.HasMessage)
                    Received(caller);
                while (m.Engine.TakeResumed(out Resumption x))
                {
                    Assert.False(m.Engine[x.Slot].IsBlocked);
                    if (inFlight[x.Slot] != 0)
                    {
                        Assert.Equal(Errno.EDEADSRCDST, x.Error);   // a delivered send is cleared below
                        dropped.Add(inFlight[x.Slot]);
                        inFlight[x.Slot] = 0;
                    }
                    if (x.HasMessage)
                        Received(x.Slot);
                    replyFrom[x.Slot] = Endpoint.None;
                }
                CheckInvariants();
            }

            private void Received(int receiver)
            {
                Message got = m.Engine[receiver].Incoming;
                if (replyFrom[receiver] != Endpoint.None)
                {
                    Assert.NotEqual(Message.NotifyMessage, got.Type);
                    Assert.Equal(replyFrom[receiver], got.Source);
                }
                if (got.Type == Message.NotifyMessage)
                    return;
                long id = got.Payload<MessageTag>().Id;
                Assert.True(sent.TryGetValue(id, out var route), $"message {id} was never sent");
                Assert.True(delivered.Add(id), $"message {id} delivered twice");
                Assert.Equal(route.From, got.Source);
                Assert.Equal(route.To, m.Engine[receiver].Endpoint);
                Deliveries++;
                // Its sender, if it was blocked, has been released from its send.
                int sender = Endpoint.SlotOf(route.From);
                if (inFlight[sender] == id)
                    inFlight[sender] = 0;
            }

            private void Kill(int s)
            {
                if (inFlight[s] != 0)
                    dropped.Add(inFlight[s]);
                inFlight[s] = 0;
                replyFrom[s] = Endpoint.None;
                retired.Add(m.Engine[s].Endpoint);
                m.Engine.Exit(s, keepEndpoint: false);
                After(0, IpcResult.Done);
            }

            private void CheckInvariants()
            {
                var engine = m.Engine;
                foreach (int s in places)
                {
                    ref readonly ProcessSlot p = ref engine[s];
                    if (p.IsFree)
                    {
                        Assert.Equal(ProcessFlags.Free, p.Flags);
                        continue;
                    }
                    bool sending = (p.Flags & ProcessFlags.Sending) != 0;
                    bool receiving = (p.Flags & ProcessFlags.Receiving) != 0;
                    if ((p.Flags & ProcessFlags.ReplyPending) != 0)
                        Assert.True(receiving);
                    if (sending && receiving)
                        Assert.Equal(p.SendTo, p.ReceiveFrom);   // a SENDREC: one peer only
                    if (sending)
                    {
                        Assert.True(IsLive(p.SendTo));
                        Assert.Equal(1, CountInQueue(Endpoint.SlotOf(p.SendTo), s));
                        Assert.Equal(inFlight[s], IpcMachine.PayloadOf<MessageTag>(p.Outgoing).Id);
                    }
                    else
                        Assert.Equal(0, inFlight[s]);
                    if (receiving && p.ReceiveFrom != Endpoint.Any)
                        Assert.True(IsLive(p.ReceiveFrom));
                    int last = -1;
                    for (int q = p.CallerQueueHead; q != -1; q = engine[q].NextInQueue)
                    {
                        Assert.True((engine[q].Flags & ProcessFlags.Sending) != 0);
                        Assert.Equal(p.Endpoint, engine[q].SendTo);
                        last = q;
                    }
                    Assert.Equal(last, p.CallerQueueTail);
                    // No cycle of blocked processes through s.
                    int e = p.BlockedOn;
                    for (int steps = 0; e != Endpoint.None && e != Endpoint.Any && steps < tableSize; steps++)
                    {
                        Assert.NotEqual(p.Endpoint, e);
                        e = engine[Endpoint.SlotOf(e)].BlockedOn;
                    }
                }
            }

            private bool IsLive(int endpoint)
            {
                ref readonly ProcessSlot t = ref m.Engine[Endpoint.SlotOf(endpoint)];
                return !t.IsFree && t.Endpoint == endpoint;
            }

            private int CountInQueue(int owner, int slot)
            {
                int n = 0;
                for (int q = m.Engine[owner].CallerQueueHead; q != -1; q = m.Engine[q].NextInQueue)
                    n += q == slot ? 1 : 0;
                return n;
            }

            public void CheckAccounting()
            {
                var blocked = new HashSet<long>();
                foreach (int s in places)
                    if (inFlight[s] != 0)
                        blocked.Add(inFlight[s]);
                foreach (long id in sent.Keys)
                {
                    int places = (delivered.Contains(id) ? 1 : 0) + (dropped.Contains(id) ? 1 : 0) + (blocked.Contains(id) ? 1 : 0);
                    Assert.True(places == 1, $"message {id}: delivered {delivered.Contains(id)}, dropped {dropped.Contains(id)}, waiting {blocked.Contains(id)}");
                }
            }
        }

        [Theory]
        [InlineData(1, false)]
        [InlineData(2, false)]
        [InlineData(3, false)]
        [InlineData(4, false)]
        [InlineData(5, false)]
        [InlineData(6, true)]
        [InlineData(7, true)]
        public void Random_operations_keep_the_invariants_and_lose_or_duplicate_no_message(int seed, bool wholeTable)
        {
            var run = wholeTable ? new Run(seed, Endpoint.Slots, SpreadSlots) : new Run(seed, 12, FirstSlots);
            for (int i = 0; i < 60000; i++)
                run.Step();
            run.CheckAccounting();
            Assert.True(run.Deliveries > 1000, $"only {run.Deliveries} deliveries");
        }
    }
}
