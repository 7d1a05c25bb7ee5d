using System.Runtime;
using Lunix.Arch.X86;
using Lunix.Arch.X86.Interrupts;
using Lunix.Kernel.Diagnostics;

namespace Lunix.Kernel.Interrupts
{
    // Where every NMI lands (nmi_entry in Boot/traps.S, on the NMI's own stack with GS set to this
    // CPU's area whatever it was): a crash elsewhere stopping this processor, the watchdog's
    // check when it has a source, else a hardware event nothing asked for (a parity or I/O check
    // error), reported as a crash.
    internal static unsafe class NmiDispatch
    {
        [RuntimeExport("lunix_nmi")]
        private static void Handle(TrapFrame* frame)
        {
            if (Smp.ProcessorStop.IsStopping) Smp.ProcessorStop.StopHere(frame);
            else if (Watchdog.HasSource) Watchdog.Check(frame);
            else CrashReport.Print(frame, "", Vectors.ExceptionName(Vectors.Nmi));
        }
    }
}
