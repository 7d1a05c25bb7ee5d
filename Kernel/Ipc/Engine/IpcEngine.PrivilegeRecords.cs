using Lunix.Abi;

namespace Lunix.Kernel.Ipc
{
    // Privilege records (MINIX's priv table, kernel/priv.h): a system process has a record of its
    // own, taken from a fixed pool when it enters the table and given back when it leaves; every
    // user process shares one record, UserRecord (MINIX's USER_PRIV_ID), whose rights the kernel
    // sets once when it builds the engine. A process's IPC slot names its record by id, so the
    // table can hold many more processes than there are records. The rule for changes: a record
    // is only ever written for the one process that holds it. Changing the rights of a process
    // that shares the user record (PRIVCTL) first gives it a record of its own, so nobody else's
    // rights change; with the pool exhausted the change is refused with EAGAIN, and so is the
    // entry of a system process (a load or a fork), before anything has changed.
    public sealed partial class IpcEngine
    {
        public const int UserRecord = 0;

        // [UserRecord], then the system records. Free system records are kept on a stack, so
        // taking or giving one back is O(1), and the record given back last is taken first:
        // RESTART ends a service and loads it again at once, and finds its own record free.
        private readonly Privileges[] records;
        private readonly int[] freeRecords;
        private int freeRecordCount;

        public int FreeSystemRecords => freeRecordCount;

        // The rights of a process, to read. They change only through SetPrivileges and MakeUser.
        public ref readonly Privileges PrivilegesOf(int slot) => ref records[slots[slot].PrivilegeId];

        // The kernel-call dispatcher's check (MINIX's s_k_call_mask).
        public bool MayCall(int slot, int callNumber) => records[slots[slot].PrivilegeId].MayCall(callNumber);

        // Gives a live process `rights`: written into its own record, which a process that shared
        // the user record gets first (EAGAIN, and no change, when the pool is exhausted).
        public Errno SetPrivileges(int slot, in Privileges rights)
        {
            ref ProcessSlot s = ref slots[slot];
            if (s.PrivilegeId == UserRecord)
            {
                if (!TryTakeRecord(in rights, out int id))
                    return Errno.EAGAIN;
                s.PrivilegeId = id;
                return Errno.Ok;
            }
            records[s.PrivilegeId] = rights;
            return Errno.Ok;
        }

        // Makes a live process a user process (MINIX's SYS_PRIV_SET_USER): its own record, if it
        // had one, goes back to the pool, and it shares the user record from now on.
        public void MakeUser(int slot)
        {
            ref ProcessSlot s = ref slots[slot];
            GiveBackRecord(s.PrivilegeId);
            s.PrivilegeId = UserRecord;
        }

        private bool TryTakeRecord(in Privileges rights, out int id)
        {
            id = UserRecord;
            if (freeRecordCount == 0)
                return false;
            id = freeRecords[--freeRecordCount];
            records[id] = rights;
            return true;
        }

        private void GiveBackRecord(int id)
        {
            if (id != UserRecord)
                freeRecords[freeRecordCount++] = id;
        }

        // The pool, every record free, the lowest id on top.
        private static int[] AllRecordsFree(int systemRecords)
        {
            var free = new int[systemRecords];
            for (int i = 0; i < systemRecords; i++)
                free[i] = systemRecords - i;
            return free;
        }
    }
}
