using System.Threading;
using Lunix.Arch.X86;
using Lunix.Arch.X86.Interrupts;
using Lunix.Kernel.Time;

namespace Lunix.Kernel.Smp
{
    // A crash stops the other processors where they are (MINIX's smp_shutdown_aps), so that
    // nothing changes under the report: the Stop IPI, which each acknowledges by leaving the
    // online set before it halts for good.
    public static class ProcessorStop
    {
        // Sends the Stop IPI and waits up to 100 ms: how many others stopped.
        public static int StopOthers()
        {
            if (CpuLocal.Count < 2) return 0;
            LocalApic.SendToOthers(Vectors.Stop);
            ulong deadline = Cpu.ReadTsc() + Clock.TscPerSecond / 10;
            int stopped;
            do stopped = CountStopped();
            while (stopped < CpuLocal.Count - 1 && Cpu.ReadTsc() < deadline);
            return stopped;
        }

        // The Stop IPI's handler on the processor that takes it.
        public static void StopHere()
        {
            Volatile.Write(ref CpuLocal.Current.Online, 0u);
            Cpu.HaltForever();
        }

        private static int CountStopped()
        {
            int stopped = 0;
            for (int i = 0; i < CpuLocal.Count; i++)
                if (i != CpuLocal.Current.CpuId && Volatile.Read(ref CpuLocal.Of(i).Online) == 0) stopped++;
            return stopped;
        }
    }
}
