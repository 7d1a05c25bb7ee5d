using Lunix.Abi;
using Lunix.Kernel.Process;
using Lunix.Kernel.Time;
using Lunix.Kernel.Ipc;

namespace Lunix.Kernel.Calls
{
    // SETALARM: a notification from the kernel after a0 timer ticks (0 cancels the alarm).
    // Returns the ticks that were left on the previous alarm, 0 when there was none. The alarms
    // wait in a queue sorted by expiry, so the clock's tick costs the same with 1,024 slots as
    // with a few.
    internal static class DoSetAlarm
    {
        private static readonly AlarmQueue s_alarms = new AlarmQueue(ProcessTable.Slots);

        public static long Run(int slot, long ticks)
        {
            if (ticks < 0) return -(long)Errno.EINVAL;
            ulong now = Clock.Ticks;
            ulong expiry = s_alarms.ExpiryOf(slot);
            long left = expiry > now ? (long)(expiry - now) : 0;
            if (ticks == 0) s_alarms.Cancel(slot);
            else s_alarms.Set(slot, now + (ulong)ticks);
            return left;
        }

        // Called on every tick: notifies the processes whose alarms have gone off.
        public static void Tick()
        {
            ulong now = Clock.Ticks;
            while (s_alarms.TakeExpired(now, out int slot))
                if (ProcessTable.Slot(slot).IsLive) KernelMessages.NotifyFromKernel(slot);
        }

        // A process that ends loses its alarm.
        public static void Cancel(int slot) => s_alarms.Cancel(slot);
    }
}
