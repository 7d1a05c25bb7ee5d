using System.Collections.Generic;
using Lunix.Abi;
using Lunix.Kernel.Ipc;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // SENDA tables in "user memory": arrays keyed by owner slot and table address.
    internal sealed class ArrayAsyncTables : IAsyncTableMemory
    {
        public readonly Dictionary<(int, ulong), AsyncEntry[]> Tables = new();

        public bool TryRead(int ownerSlot, ulong table, int index, out AsyncEntry entry)
        {
            entry = default;
            if (!Tables.TryGetValue((ownerSlot, table), out var t) || index >= t.Length)
                return false;
            entry = t[index];
            return true;
        }

        public bool TryWriteStatus(int ownerSlot, ulong table, int index, int flags, Errno result)
        {
            if (!Tables.TryGetValue((ownerSlot, table), out var t) || index >= t.Length)
                return false;
            t[index].Flags = flags;
            t[index].Result = result;
            return true;
        }
    }

    // The engine plus what the kernel would do around it: processes in slots, the resumptions of
    // each call collected, and the messages delivered to each process.
    internal sealed class IpcMachine
    {
        public const int KernelSlot = 0;   // the SENDA completion notifier (MINIX's ASYNCM)
        public readonly ArrayAsyncTables Tables = new();
        public readonly IpcEngine Engine;
        public readonly List<Resumption> Resumed = new();

        // `systemRecords`: the pool of privilege records (the kernel's is IpcProcesses.SystemRecords);
        // `userRights`: what the shared user record allows (the kernel's allows nothing).
        public IpcMachine(int slots = 16, int systemRecords = 64, Privileges userRights = default)
        {
            Engine = new IpcEngine(slots, systemRecords, userRights, Tables, KernelSlot);
            Engine.Occupy(KernelSlot, Privileges.AllIpc(), out _);
        }

        public int Spawn(int slot) => Spawn(slot, Privileges.AllIpc());

        public int Spawn(int slot, Privileges privileges)
        {
            Assert.Equal(Errno.Ok, Engine.Occupy(slot, privileges, out int endpoint));
            return endpoint;
        }

        public static Message Msg(int type, long tag = 0)
        {
            Message m = default;
            m.Type = type;
            m.Payload<MessageTag>().Id = tag;
            return m;
        }

        // Reads the payload of a message returned by value (a process's Incoming or Outgoing).
        public static T PayloadOf<T>(Message message) where T : unmanaged, IMessagePayload => message.Payload<T>();

        public IpcResult Send(int slot, int to, int type) => Drain(Engine.Send(slot, to, Msg(type)));
        public IpcResult SendNb(int slot, int to, int type) => Drain(Engine.SendNonBlocking(slot, to, Msg(type)));
        public IpcResult SendRec(int slot, int to, int type, long now = 0) => Drain(Engine.SendReceive(slot, to, Msg(type), now));
        public IpcResult ReplyRecv(int slot, int to, int type, long now = 0) => Drain(Engine.ReplyReceive(slot, to, Msg(type), now));
        public IpcResult Receive(int slot, int from, long now = 0) => Drain(Engine.Receive(slot, from, now));
        public IpcResult Notify(int slot, int to, long now = 0) => Drain(Engine.Notify(slot, to, now));
        public IpcResult SendAsync(int slot, ulong table, int count, long now = 0) => Drain(Engine.SendAsync(slot, table, count, now));

        public void Kill(int slot, bool keepEndpoint = false)
        {
            Engine.Exit(slot, keepEndpoint);
            Drain(default);
        }

        public IpcResult Drain(IpcResult result)
        {
            Resumed.Clear();
            while (Engine.TakeResumed(out Resumption r))
                Resumed.Add(r);
            return result;
        }

        public Message Incoming(int slot) => Engine[slot].Incoming;

        public Resumption ResumptionOf(int slot) => Assert.Single(Resumed, r => r.Slot == slot);

        public static void Completed(IpcResult r, bool withMessage = false)
        {
            Assert.False(r.Blocked);
            Assert.Equal(Errno.Ok, r.Error);
            Assert.Equal(withMessage, r.HasMessage);
        }

        public static void Failed(Errno expected, IpcResult r)
        {
            Assert.False(r.Blocked);
            Assert.Equal(expected, r.Error);
        }
    }

    // The tests' own payload: an id that names a message, so a test can tell which one arrived.
    internal struct MessageTag : IMessagePayload
    {
        public long Id;
    }
}
