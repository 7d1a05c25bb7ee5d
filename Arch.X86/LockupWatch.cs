using System.Runtime.InteropServices;

namespace Lunix.Arch.X86
{
    public enum LockupVerdict { Progress, Waiting, Stuck }

    // The NMI watchdog's rule for one CPU (MINIX's arch_watchdog idea): at every NMI, the CPU has
    // made progress when its timer tick count moved since the last NMI, or when the NMI found
    // interrupts on (ring 3, the idle halt: the timer can get in); it is stuck when neither has
    // happened for `limit` TSC ticks. The kernel "touches" the watch where it legitimately spends
    // long with interrupts off (polled serial output), which counts as progress. Pure: the NMI
    // handler passes in the tick count and the TSC, so the rule is tested hosted.
    [StructLayout(LayoutKind.Sequential)]
    public struct LockupWatch
    {
        public ulong SeenTicks;             // the tick count at the last progress
        public ulong ProgressTsc;           // the TSC at the last progress or touch; 0: never observed
        public uint NmisSinceProgress;
        public uint Nmis;                   // every NMI observed on this CPU

        public LockupVerdict Observe(ulong ticks, bool interruptsOn, ulong nowTsc, ulong limitTsc)
        {
            Nmis++;
            // A TSC behind the last progress (a CPU not yet observed, or a TSC written) proves
            // nothing either way: start counting again from now.
            if (ticks != SeenTicks || interruptsOn || ProgressTsc == 0 || nowTsc < ProgressTsc)
            {
                SeenTicks = ticks;
                Touch(nowTsc);
                return LockupVerdict.Progress;
            }
            NmisSinceProgress++;
            return nowTsc - ProgressTsc >= limitTsc ? LockupVerdict.Stuck : LockupVerdict.Waiting;
        }

        public void Touch(ulong nowTsc)
        {
            ProgressTsc = nowTsc;
            NmisSinceProgress = 0;
        }

        public readonly ulong StuckTsc(ulong nowTsc) => nowTsc < ProgressTsc ? 0 : nowTsc - ProgressTsc;
    }
}
