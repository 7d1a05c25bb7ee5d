using System;
using System.Collections.Generic;
using Lunix.Abi;
using Lunix.Kernel.Ipc;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // The fast paths must be invisible: two engines driven by the same random calls, one trying
    // TrySendReceiveFast / TryReplyReceiveFast / TrySendNonBlockingFast / TryCallOnBehalfFast
    // first as the kernel does, the other always taking
    // the general path, must end every step in identical states with identical results. The
    // processes live in a few slots of the table (`places`): the first nine of a small one, or
    // slots on both sides of 64-slot word boundaries and past 256 in a table of Endpoint.Slots; some
    // may send only to a random part of the others.
    public class IpcFastPathTests
    {
        private static readonly int[] FirstSlots = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
        private static readonly int[] SpreadSlots = { 1, 63, 64, 65, 127, 128, 255, 256, 257, 700, 1023 };

        private sealed class Lockstep
        {
            private readonly Random random;
            private readonly int[] places;
            public readonly IpcMachine Fast;
            public readonly IpcMachine General;
            public int FastHits;

            public Lockstep(int seed, int tableSize, int[] places)
            {
                random = new Random(seed);
                this.places = places;
                Fast = new IpcMachine(tableSize);
                General = new IpcMachine(tableSize);
                foreach (int s in places)
                    Spawn(s);
            }

            // Everything, or every primitive towards a random part of the other places.
            private void Spawn(int s)
            {
                Privileges rights = Privileges.AllIpc();
                if (random.Next(3) == 0)
                {
                    rights.SendTo.Clear();
                    foreach (int t in places)
                        if (random.Next(2) == 0) rights.SendTo.Add(t);
                }
                Fast.Spawn(s, rights);
                General.Spawn(s, rights);
            }

            public void Step()
            {
                int s = places[random.Next(places.Length)];
                ref readonly ProcessSlot p = ref General.Engine[s];
                if (p.IsFree)
                {
                    if (random.Next(4) == 0)
                        Spawn(s);
                    return;
                }
                if (random.Next(p.IsBlocked ? 10 : 80) == 0)
                {
                    Fast.Kill(s);
                    General.Kill(s);
                    Compare(IpcResult.Done, IpcResult.Done);
                    return;
                }
                if (p.IsBlocked)
                    return;
                // Mostly the last sender's endpoint, so that servers reply to their clients.
                int t = places[random.Next(places.Length)];
                int target = random.Next(8) == 0 ? Endpoint.Make(General.Engine[t].Generation + 1, t) : Endpoint.Make(General.Engine[t].Generation, t);
                if (random.Next(2) == 0 && General.Engine[s].Incoming.Source > 0)
                    target = General.Engine[s].Incoming.Source;
                Message message = IpcMachine.Msg(random.Next(1, 1000), random.Next());
                long now = random.Next(1000);
                switch (random.Next(9))
                {
                    case 0:
                        Compare(Fast.Engine.Send(s, target, message), General.Engine.Send(s, target, message));
                        break;
                    case 1:
                        Compare(Fast.Engine.Notify(s, target, now), General.Engine.Notify(s, target, now));
                        break;
                    case 2:
                        int source = random.Next(3) == 0 ? target : Endpoint.Any;
                        Compare(Fast.Engine.Receive(s, source, now), General.Engine.Receive(s, source, now));
                        break;
                    case 3:
                    case 4:
                        Compare(Fast.Engine.TrySendReceiveFast(s, target, message, out int to) ? Hit(to) : Fast.Engine.SendReceive(s, target, message, now),
                                General.Engine.SendReceive(s, target, message, now));
                        break;
                    case 5:
                        Compare(Fast.Engine.TrySendNonBlockingFast(s, target, message, out int woken) ? Released(woken) : Fast.Engine.SendNonBlocking(s, target, message),
                                General.Engine.SendNonBlocking(s, target, message));
                        break;
                    case 6:
                        // A POSIX call in `s`'s name to a live server (the door checks it is there).
                        if (t == s || General.Engine[t].IsFree) return;
                        bool handed = Fast.Engine.TryCallOnBehalfFast(s, t, message);
                        if (handed) Released(t);
                        else Fast.Engine.CallOnBehalf(s, t, message);
                        General.Engine.CallOnBehalf(s, t, message);
                        Compare(IpcResult.Block, IpcResult.Block);
                        break;
                    default:
                        Compare(Fast.Engine.TryReplyReceiveFast(s, target, message, out int back) ? Hit(back) : Fast.Engine.ReplyReceive(s, target, message, now),
                                General.Engine.ReplyReceive(s, target, message, now));
                        break;
                }
            }

            // What the kernel sees after a fast path: the caller blocked, the target released with
            // its message (the general engine lists it among the resumed).
            private readonly List<Resumption> fastResumed = new();

            private IpcResult Hit(int target)
            {
                FastHits++;
                fastResumed.Add(new Resumption(target, true, Errno.Ok));
                return IpcResult.Block;
            }

            // After SENDNB's and the POSIX door's fast paths: the target released with its
            // message, the caller going on (SENDNB) or waiting for the reply (the door).
            private IpcResult Released(int target)
            {
                FastHits++;
                fastResumed.Add(new Resumption(target, true, Errno.Ok));
                return IpcResult.Done;
            }

            private void Compare(IpcResult fast, IpcResult general)
            {
                Assert.Equal(general.Blocked, fast.Blocked);
                Assert.Equal(general.HasMessage, fast.HasMessage);
                Assert.Equal(general.Error, fast.Error);
                while (Fast.Engine.TakeResumed(out Resumption r)) fastResumed.Add(r);
                var generalResumed = new List<Resumption>();
                while (General.Engine.TakeResumed(out Resumption r)) generalResumed.Add(r);
                Assert.Equal(generalResumed, fastResumed);
                fastResumed.Clear();
                for (int i = -1; i < places.Length; i++)
                {
                    int s = i < 0 ? IpcMachine.KernelSlot : places[i];
                    ref readonly ProcessSlot a = ref Fast.Engine[s];
                    ref readonly ProcessSlot b = ref General.Engine[s];
                    Assert.Equal(b.Flags, a.Flags);
                    Assert.Equal(b.Endpoint, a.Endpoint);
                    Assert.Equal(b.Generation, a.Generation);
                    if (b.IsFree) continue;
                    Assert.Equal(b.SendTo, a.SendTo);
                    Assert.Equal(b.ReceiveFrom, a.ReceiveFrom);
                    Assert.Equal(b.CallerQueueHead, a.CallerQueueHead);
                    Assert.Equal(b.CallerQueueTail, a.CallerQueueTail);
                    Assert.Equal(b.NextInQueue, a.NextInQueue);
                    Assert.Equal(b.Incoming, a.Incoming);
                    Assert.Equal(b.Outgoing, a.Outgoing);
                    Assert.Equal(b.PrivilegeId, a.PrivilegeId);
                    Assert.Equal(b.PendingNotifications.IsEmpty, a.PendingNotifications.IsEmpty);
                    Assert.Equal(b.PendingAsync.IsEmpty, a.PendingAsync.IsEmpty);
                    foreach (int n in places)
                    {
                        Assert.Equal(b.PendingNotifications.Contains(n), a.PendingNotifications.Contains(n));
                        Assert.Equal(b.PendingAsync.Contains(n), a.PendingAsync.Contains(n));
                    }
                }
            }
        }

        [Theory]
        [InlineData(1, false)]
        [InlineData(2, false)]
        [InlineData(3, false)]
        [InlineData(4, false)]
        [InlineData(5, true)]
        [InlineData(6, true)]
        public void Fast_paths_leave_the_same_state_as_the_general_path(int seed, bool wholeTable)
        {
            var run = wholeTable ? new Lockstep(seed, Endpoint.Slots, SpreadSlots) : new Lockstep(seed, 10, FirstSlots);
            for (int i = 0; i < 40000; i++)
                run.Step();
            Assert.True(run.FastHits > 500, $"only {run.FastHits} fast-path hits");
        }

        [Fact]
        public void Fast_paths_decline_when_the_server_is_not_waiting_or_has_work_queued()
        {
            var m = new IpcMachine();
            int client = m.Spawn(1), server = m.Spawn(2), other = m.Spawn(3);
            Assert.False(m.Engine.TrySendReceiveFast(1, server, IpcMachine.Msg(1), out _));   // server is not receiving
            Assert.True(m.Receive(2, Endpoint.Any).Blocked);
            Assert.True(m.Engine.TrySendReceiveFast(1, server, IpcMachine.Msg(5), out int target));
            Assert.Equal(2, target);
            Assert.Equal(5, m.Incoming(2).Type);
            Assert.Equal(client, m.Incoming(2).Source);
            // A notification waits for the server: its REPLYRECEIVE must take the general path,
            // which delivers the notification instead of blocking.
            IpcMachine.Completed(m.Notify(3, server));
            Assert.False(m.Engine.TryReplyReceiveFast(2, client, IpcMachine.Msg(6), out _));
            IpcMachine.Completed(m.Drain(m.Engine.ReplyReceive(2, client, IpcMachine.Msg(6), 0)), withMessage: true);
            Assert.Equal(other, m.Incoming(2).Source);
            Assert.Equal(Message.NotifyMessage, m.Incoming(2).Type);
            Assert.Equal(6, m.Incoming(1).Type);
        }
    }
}
