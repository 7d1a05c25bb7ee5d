using System;
using Lunix.Abi;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;
using Lunix.Kernel.Time;

namespace Lunix.Kernel.Calls
{
    // TIMES: the clock as a process sees it: timer ticks since boot, the tick rate, and the TSC.
    // a0 = user pointer to three 64-bit words (memory VM has not backed yet: the call waits).
    internal static unsafe class DoTimes
    {
        public static long Run(int slot, ulong buffer)
        {
            ulong* times = stackalloc ulong[3];
            times[0] = Clock.Ticks;
            times[1] = Clock.TickHz;
            times[2] = Arch.X86.Cpu.ReadTsc();
            return VmSuspension.CopyOut(slot, new UserSlice<Writable>(buffer, 24), new ReadOnlySpan<byte>(times, 24));
        }
    }
}
