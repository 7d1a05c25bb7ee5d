using Lunix.Abi;
using Lunix.Kernel.Time;

namespace Lunix.Kernel.Ipc
{
    // Messages the kernel itself sends: notifications from its own two slots (the clock's alarms
    // and IRQs from KernelSlot, signals for managers from SystemSlot), and messages in a process's
    // name (a page fault or a memory request to VM). Each wakes whoever it released.
    internal static class KernelMessages
    {
        // Wakes the destination when it is receiving, else stays pending for its next receive.
        public static void NotifyFromKernel(int destination)
        {
            IpcEngine engine = IpcProcesses.Engine;
            engine.Notify(IpcProcesses.KernelSlot, engine[destination].Endpoint, (long)Clock.Ticks);
            MessageDelivery.WakeReleased();
        }

        // A signal for a manager to collect with GETKSIG.
        public static void NotifyFromSystem(int manager)
        {
            IpcEngine engine = IpcProcesses.Engine;
            engine.Notify(IpcProcesses.SystemSlot, engine[manager].Endpoint, (long)Clock.Ticks);
            MessageDelivery.WakeReleased();
        }

        public static void SendOnBehalf(int slot, int target, in Message message)
        {
            IpcProcesses.Engine.SendOnBehalf(slot, target, in message);
            MessageDelivery.WakeReleased();
        }
    }
}
