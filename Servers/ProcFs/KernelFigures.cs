using System;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.ProcFs
{
    // What the kernel says of the machine (GETINFO Kernel, CpuTicks, TIMES) and the processor
    // itself (CPUID): memory, CPU time, uptime.
    public static unsafe class KernelFigures
    {
        public const ulong PageBytes = 4096;

        // The real time at boot in seconds since the epoch (/proc/stat's btime): the kernel's
        // clock page's real-time offset (CLOCK_REALTIME - CLOCK_MONOTONIC, from the CMOS clock).
        public static ulong BootTime()
        {
            if (Kernel.Clock(out ClockInfo clock) != 0 || clock.Page.RealtimeOffset < 0) return 0;
            return (ulong)clock.Page.RealtimeOffset / ClockPage.NanosecondsPerSecond;
        }

        public static void Memory(out ulong totalKb, out ulong freeKb)
        {
            ulong* info = stackalloc ulong[4];
            long result = Syscalls.KernelCall(KernelCalls.GetInfo, GetInfoRequests.Kernel, (long)info, 32);
            totalKb = result < 0 ? 0 : info[0] * PageBytes / 1024;
            freeKb = result < 0 ? 0 : info[1] * PageBytes / 1024;
        }

        // Ticks since boot and their rate.
        public static ulong Ticks(out ulong hz)
        {
            ulong* times = stackalloc ulong[3];
            Syscalls.KernelCall(KernelCalls.Times, (long)times);
            hz = times[1] == 0 ? 100 : times[1];
            return times[0];
        }

        // The ticks since boot that found a POSIX process running, a service, and neither, in
        // USER_HZ ticks (GETINFO CpuTicks): /proc/stat's user, system and idle.
        public static void CpuTicks(out ulong user, out ulong system, out ulong idle)
        {
            user = system = idle = 0;
            if (Kernel.CpuTicks(out CpuTicks ticks) != 0 || ticks.TickHz == 0) return;
            user = ticks.Posix * 100 / ticks.TickHz;
            system = ticks.Services * 100 / ticks.TickHz;
            idle = ticks.Idle * 100 / ticks.TickHz;
        }

        // The processor's brand string (CPUID 0x80000002-4) into 48 bytes, empty when it has none.
        public static void Brand(Span<byte> into)
        {
            into.Clear();
            Span<uint> registers = stackalloc uint[4];
            Processor.Identify(0x80000000, registers);
            if (registers[0] < 0x80000004) return;
            for (uint leaf = 0; leaf < 3; leaf++)
            {
                Processor.Identify(0x80000002 + leaf, registers);
                for (int r = 0; r < 4; r++)
                    for (int b = 0; b < 4; b++) into[(int)leaf * 16 + r * 4 + b] = (byte)(registers[r] >> (8 * b));
            }
        }
    }
}
