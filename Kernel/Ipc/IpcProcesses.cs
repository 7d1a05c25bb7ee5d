using Lunix.Abi;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Ipc
{
    // The IPC side of the process table: the one engine (IpcEngine) the kernel runs, a process's
    // entry into it and exit from it, and the lookups kernel calls make (an endpoint's slot, a
    // slot's endpoint and privileges).
    internal static class IpcProcesses
    {
        internal static IpcEngine Engine;

        // The last slot is the kernel's own: the source of alarms and SENDA completion notices.
        // The one before it is the source of signal notifications to signal managers, so that a
        // manager tells them from its alarms by the sender (MINIX's SYSTEM and CLOCK).
        public const int KernelSlot = BootEndpoints.Kernel;
        public const int SystemSlot = BootEndpoints.System;

        public static void Initialize()
        {
            Engine = new IpcEngine(ProcessTable.Slots, new AsyncTableMemory(), KernelSlot);
            MessageDelivery.Initialize();
            // The kernel's slot may notify anyone (alarms, SENDA completions).
            Privileges kernel = default;
            kernel.AllowTrap(Traps.Notify);
            kernel.SendTo.AddAll();
            Engine.Occupy(KernelSlot, kernel, out _);
            Engine.Occupy(SystemSlot, kernel, out _);
        }

        public static int Admit(int slot, in Privileges privileges)
        {
            Engine.Occupy(slot, privileges, out int endpoint);
            return endpoint;
        }

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

        // A slot's privileges, for the kernel calls that read or change them (DEVIO, PRIVCTL).
        public static ref Privileges PrivilegesOf(int slot) => ref Engine.PrivilegesOf(slot);

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
