using Lunix.Abi;
using Lunix.Kernel.Process;
using Lunix.Kernel.Time;
using Lunix.Kernel.Ipc;

namespace Lunix.Kernel.Calls
{
    // SETALARM: a notification from the kernel after a0 timer ticks (0 cancels the alarm).
    // Returns the ticks that were left on the previous alarm, 0 when there was none.
    internal static class DoSetAlarm
    {
        private static readonly ulong[] s_expiry = new ulong[ProcessTable.Slots];

        public static long Run(int slot, long ticks)
        {
            if (ticks < 0) return -(long)Errno.EINVAL;
            ulong now = Clock.Ticks;
            long left = s_expiry[slot] > now ? (long)(s_expiry[slot] - now) : 0;
            s_expiry[slot] = ticks == 0 ? 0 : now + (ulong)ticks;
            return left;
        }

        // Called on every tick: notifies the processes whose alarms have gone off.
        public static void Tick()
        {
            ulong now = Clock.Ticks;
            for (int slot = 0; slot < ProcessTable.Slots; slot++)
            {
                ulong expiry = s_expiry[slot];
                if (expiry == 0 || expiry > now) continue;
                s_expiry[slot] = 0;
                if (ProcessTable.Slot(slot).IsLive) KernelMessages.NotifyFromKernel(slot);
            }
        }

        // A process that ends loses its alarm.
        public static void Cancel(int slot) => s_expiry[slot] = 0;
    }
}
