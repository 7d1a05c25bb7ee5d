using System.Runtime.CompilerServices;
using Lunix.Abi;

namespace Lunix.Kernel.Ipc
{
    // The message-passing core, MINIX 3's proc.c as pure logic over the process table: no traps,
    // no user memory, no CPU. The kernel's trap handler copies a message in, calls one primitive
    // for the calling slot, then acts on the IpcResult for the caller and on every Resumption
    // (TakeResumed) for the processes the call released. Nothing here allocates after construction.
    public sealed partial class IpcEngine
    {
        // The largest table: send-to sets and pending bits hold one bit per slot.
        public const int MaxSlots = SlotBitmap.Capacity;
        private const int MaxGeneration = int.MaxValue / Endpoint.GenerationSize - 1;
        private const int NoSlot = -1;

        private readonly ProcessSlot[] slots;
        private SlotBitmap occupied;        // the slots not free: what an exit has to visit
        private readonly IAsyncTableMemory asyncTables;
        private readonly int asyncNotifierSlot;

        // Processes released by the current operation, drained by the kernel after each call.
        private readonly int[] resumed;
        private readonly Errno[] resumedError;
        private readonly bool[] resumedWithMessage;
        private int resumedCount;
        private int resumedTaken;

        // `systemRecords`: the size of the pool of privilege records for system processes;
        // `userRights`: what every user process may do (the shared UserRecord). `asyncNotifierSlot`
        // names the notifier of SENDA completions (MINIX's ASYNCM): a slot the kernel reserves for
        // itself, so a sender can tell them from other notifications.
        public IpcEngine(int slotCount, int systemRecords, in Privileges userRights, IAsyncTableMemory asyncTables, int asyncNotifierSlot)
        {
            slots = new ProcessSlot[slotCount];
            resumed = new int[slotCount];
            resumedError = new Errno[slotCount];
            resumedWithMessage = new bool[slotCount];
            records = new Privileges[1 + systemRecords];
            records[UserRecord] = userRights;
            freeRecords = AllRecordsFree(systemRecords);
            freeRecordCount = systemRecords;
            this.asyncTables = asyncTables;
            this.asyncNotifierSlot = asyncNotifierSlot;
            for (int i = 0; i < slotCount; i++)
            {
                ref ProcessSlot s = ref slots[i];
                s.Flags = ProcessFlags.Free;
                s.Endpoint = Endpoint.None;
                s.CallerQueueHead = s.CallerQueueTail = s.NextInQueue = NoSlot;
            }
        }

        public int SlotCount => slots.Length;

        public ref readonly ProcessSlot this[int slot] => ref slots[slot];

        // The message delivered to a slot, still in its IPC slot (a POSIX process's reply, which
        // the kernel turns into its RAX).
        public ref Message IncomingOf(int slot) => ref slots[slot].Incoming;

        // Puts a system process in a free slot, with a record of its own holding `rights` (EAGAIN
        // when the pool has none left); its endpoint carries the slot's current generation.
        public Errno Occupy(int slot, in Privileges rights, out int endpoint)
        {
            endpoint = Endpoint.None;
            Errno e = CheckFree(slot);
            if (e != Errno.Ok)
                return e;
            if (!TryTakeRecord(in rights, out int id))
                return Errno.EAGAIN;
            endpoint = Enter(slot, id);
            return Errno.Ok;
        }

        // Puts a user process (a POSIX program) in a free slot: it shares the user record.
        public Errno OccupyAsUser(int slot, out int endpoint)
        {
            endpoint = Endpoint.None;
            Errno e = CheckFree(slot);
            if (e != Errno.Ok)
                return e;
            endpoint = Enter(slot, UserRecord);
            return Errno.Ok;
        }

        private Errno CheckFree(int slot)
        {
            if ((uint)slot >= (uint)slots.Length)
                return Errno.EINVAL;
            return slots[slot].IsFree ? Errno.Ok : Errno.EPERM;
        }

        private int Enter(int slot, int privilegeId)
        {
            ref ProcessSlot s = ref slots[slot];
            s.Flags = ProcessFlags.None;
            s.Endpoint = Endpoint.Make(s.Generation, slot);
            s.SendTo = s.ReceiveFrom = Endpoint.None;
            s.PendingNotifications.Clear();
            s.PendingAsync.Clear();
            s.AsyncTable = 0;
            s.AsyncCount = 0;
            s.PrivilegeId = privilegeId;
            occupied.Add(slot);
            return s.Endpoint;
        }

        // The next process released since the last call, or false when all were taken.
        public bool TakeResumed(out Resumption resumption)
        {
            if (resumedTaken == resumedCount)
            {
                resumedTaken = resumedCount = 0;
                resumption = default;
                return false;
            }
            int i = resumedTaken++;
            resumption = new Resumption(resumed[i], resumedWithMessage[i], resumedError[i]);
            return true;
        }

        private void Resume(int slot, bool withMessage, Errno error)
        {
            resumed[resumedCount] = slot;
            resumedWithMessage[resumedCount] = withMessage;
            resumedError[resumedCount] = error;
            resumedCount++;
        }

        // Resolves an endpoint argument to a live slot: EINVAL for what can never name a process,
        // EDEADSRCDST for a free slot or another generation (the process exited).
        private Errno Resolve(int caller, ref int endpoint, out int slot)
        {
            slot = NoSlot;
            if (endpoint == Endpoint.Self)
                endpoint = slots[caller].Endpoint;
            if (endpoint < 0)
                return Errno.EINVAL;
            int index = Endpoint.SlotOf(endpoint);
            if (index >= slots.Length)
                return Errno.EINVAL;
            ref ProcessSlot target = ref slots[index];
            if (target.IsFree || target.Endpoint != endpoint)
                return Errno.EDEADSRCDST;
            slot = index;
            return Errno.Ok;
        }

        // MINIX's do_ipc checks, in its order: the primitive, then the target, then the right to
        // send to it.
        private Errno CheckSend(int caller, int trap, ref int destination, out int slot)
        {
            slot = NoSlot;
            ref Privileges rights = ref records[slots[caller].PrivilegeId];
            if (!rights.MayTrap(trap))
                return Errno.ETRAPDENIED;
            if (destination == Endpoint.Any)
                return Errno.EINVAL;
            Errno e = Resolve(caller, ref destination, out slot);
            if (e != Errno.Ok)
                return e;
            if (!rights.MaySendTo(slot))
                return Errno.ECALLDENIED;
            return Errno.Ok;
        }

        // Inlined, so the notification is built in the receiver's slot: the call to the payload's
        // accessor would otherwise keep the compiler from inlining it (17 instructions a NOTIFY).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Message NotificationFrom(int source, long timestamp)
        {
            Message m = default;
            m.Source = source;
            m.Type = Message.NotifyMessage;
            m.Payload<Notification>().Timestamp = timestamp;
            return m;
        }
    }
}
