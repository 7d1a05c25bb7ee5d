using Lunix.Abi;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Ipc
{
    // The IPC side of the process table: the one engine (IpcEngine) the kernel runs, a process's
    // entry into it and exit from it, the lookups kernel calls make (an endpoint's slot, a slot's
    // endpoint and privileges), and the changes PRIVCTL and UPDATE make to a process's rights.
    internal static class IpcProcesses
    {
        internal static IpcEngine Engine;

        // Two slots are the kernel's own: KernelSlot is the source of alarms and SENDA completion
        // notices, SystemSlot the source of signal notifications to signal managers, so that a
        // manager tells them from its alarms by the sender (MINIX's CLOCK and SYSTEM). Their
        // endpoints (63 and 62) are part of the contract, which RS and SEF compare against, so
        // they stay where they are whatever the table's size; ProcessTable.FindFree skips both.
        public const int KernelSlot = BootEndpoints.Kernel;
        public const int SystemSlot = BootEndpoints.System;

        // The privilege records for system processes (MINIX's NR_SYS_PROCS): every program of the
        // boot image, the kernel's two slots, live updates' new versions and the children system
        // processes fork each hold one; user processes share one record and need none.
        public const int SystemRecords = 64;

        public static void Initialize()
        {
            Engine = new IpcEngine(ProcessTable.Slots, SystemRecords, UserPrivileges(), new AsyncTableMemory(), KernelSlot);
            MessageDelivery.Initialize();
            // The kernel's slots may notify anyone (alarms, SENDA completions, signals).
            Privileges kernel = default;
            kernel.AllowTrap(Traps.Notify);
            kernel.SendTo.AddAll();
            Engine.Occupy(KernelSlot, kernel, out _);
            Engine.Occupy(SystemSlot, kernel, out _);
        }

        // What every user process may do: the one record they all share, and the place to
        // change it. No IPC primitive, no destination, no kernel call: the POSIX processes make
        // no IPC themselves, the kernel sends their system calls on their behalf (PosixDoor).
        // PM handles their signals (MINIX's user processes have PM as their signal manager).
        private static Privileges UserPrivileges()
        {
            Privileges user = default;
            user.SetSignalManager(BootEndpoints.Pm);
            return user;
        }

        // A system process enters the table with a record of its own holding `privileges`
        // (copied: the description stays the caller's); EAGAIN when no record is free.
        public static Errno Admit(int slot, in Privileges privileges) => Engine.Occupy(slot, privileges, out _);

        // A user process (a POSIX program) enters the table sharing the user record.
        public static Errno AdmitUser(int slot) => Engine.OccupyAsUser(slot, out _);

        public static void Release(int slot, bool keepEndpoint)
        {
            MessageDelivery.Forget(slot);
            Engine.Exit(slot, keepEndpoint);
            MessageDelivery.WakeReleased();
        }

        // Live update: the programs in two slots trade places, endpoints staying where they are
        // (IpcEngine.SwapPrograms); a send either was blocked in is abandoned first.
        public static void SwapPrograms(int a, int b)
        {
            Engine.AbandonSend(a);
            Engine.AbandonSend(b);
            Engine.SwapPrograms(a, b);
            MessageDelivery.Swap(a, b);
        }

        // FORK: `child` waits, as `parent` does, for the reply of `server` (IpcEngine.Fork), into
        // the same buffer address, which its copy of the parent's memory has too.
        public static Errno Fork(int parent, int child, int server, out int endpoint)
        {
            Errno error = Engine.Fork(parent, child, server, out endpoint);
            if (error == Errno.Ok) MessageDelivery.CopyBuffer(parent, child);
            return error;
        }

        public static bool MayCall(int slot, int number) => Engine.MayCall(slot, number);

        public static int EndpointOf(int slot) => Engine[slot].Endpoint;

        // A slot's privileges, for the kernel calls that read them (DEVIO, signals, RS's calls).
        public static ref readonly Privileges PrivilegesOf(int slot) => ref Engine.PrivilegesOf(slot);

        // New rights for a live process (PRIVCTL, UPDATE's backup signal manager): a process
        // sharing the user record gets a record of its own first, so nobody else's rights change;
        // EAGAIN, and no change, when none is free.
        public static Errno SetPrivileges(int slot, in Privileges privileges) => Engine.SetPrivileges(slot, privileges);

        // A live process becomes a user process: its own record returns to the pool.
        public static void MakeUser(int slot) => Engine.MakeUser(slot);

        // The slot of a live endpoint: false for what names no process, a free slot, another
        // generation (the process exited), or the kernel's own slot.
        public static bool TryResolve(long endpoint, out int slot)
        {
            slot = -1;
            if (endpoint < 0 || endpoint > int.MaxValue) return false;
            int index = Endpoint.SlotOf((int)endpoint);
            if (index >= Engine.SlotCount || index == KernelSlot || index == SystemSlot) return false;
            ref readonly ProcessSlot target = ref Engine[index];
            if (target.IsFree || target.Endpoint != (int)endpoint) return false;
            slot = index;
            return true;
        }
    }
}
