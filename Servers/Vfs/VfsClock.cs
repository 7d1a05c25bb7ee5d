using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Vfs
{
    // The kernel's clock as VFS uses it: ticks since boot, the tick rate, and the one alarm the
    // kernel keeps for VFS (SETALARM), set to the nearest deadline of a held poll. It comes as a
    // notification from the kernel (Vfs's loop), and the polls whose time is up answer.
    public static unsafe class VfsClock
    {
        private static ulong s_hz;

        public static ulong Hz
        {
            get
            {
                if (s_hz == 0) Ticks();
                return s_hz;
            }
        }

        public static ulong Ticks()
        {
            ulong* times = stackalloc ulong[3];
            Syscalls.KernelCall(KernelCalls.Times, (long)times);
            s_hz = times[1] == 0 ? 100 : times[1];
            return times[0];
        }

        // The alarm at tick `deadline` (0: none).
        public static void ArmAlarm(ulong deadline)
        {
            if (deadline == 0)
            {
                Syscalls.KernelCall(KernelCalls.SetAlarm, 0);
                return;
            }
            ulong now = Ticks();
            Syscalls.KernelCall(KernelCalls.SetAlarm, deadline > now ? (long)(deadline - now) : 1);
        }
    }
}
