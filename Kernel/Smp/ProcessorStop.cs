using System.Threading;
using Lunix.Arch.X86;
using Lunix.Arch.X86.Interrupts;
using Lunix.Kernel.Time;

namespace Lunix.Kernel.Smp
{
    // A crash stops the other processors where they are (MINIX's smp_shutdown_aps), so that
    // nothing changes under the report: by an NMI, which reaches a processor whatever it does
    // (spinning for the kernel lock with interrupts off included, the case of a lockup); each
    // keeps the registers the NMI found (StoppedFrame, for the report), leaves the online set
    // and halts for good.
    public static unsafe class ProcessorStop
    {
        private static uint s_stopping;

        // NMIs now mean "stop" (NmiDispatch).
        public static bool IsStopping => Volatile.Read(ref s_stopping) != 0;

        // Sends the NMIs and waits up to 100 ms: how many others stopped.
        public static int StopOthers()
        {
            if (CpuLocal.Count < 2) return 0;
            Volatile.Write(ref s_stopping, 1u);
            LocalApic.SendNmiToOthers();
            ulong deadline = Cpu.ReadTsc() + Clock.TscPerSecond / 10;
            int stopped;
            do stopped = CountStopped();
            while (stopped < CpuLocal.Count - 1 && Cpu.ReadTsc() < deadline);
            return stopped;
        }

        // On each other processor, from its NMI (NMIs stay blocked: it never returns).
        public static void StopHere(TrapFrame* frame)
        {
            ref PerCpu cpu = ref CpuLocal.Current;
            cpu.StoppedFrame = frame;
            Volatile.Write(ref cpu.Online, 0u);
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
