using System;
using System.Runtime;
using Lunix.Arch.X86;
using Lunix.Arch.X86.Interrupts;
using Lunix.Kernel.Diagnostics;
using Lunix.Kernel.Memory;

namespace Lunix.Kernel.Interrupts
{
    // Where every interrupt and exception lands (called by trap_common in Boot/traps.S).
    // Kernel-mode exceptions are crashes; the panic vector carries a panic; IRQs go to their handler.
    internal static unsafe class TrapDispatch
    {
        [RuntimeExport("lunix_trap")]
        private static void Dispatch(TrapFrame* frame)
        {
            ref PerCpu cpu = ref CpuLocal.Current;
            cpu.TrapDepth++;
            ulong vector = frame->Vector;
            if (vector < Vectors.ExceptionCount)
                Exception(frame);
            else if (vector == Vectors.Panic)
                CrashReport.Print(frame, Panic.Message.StartsWith("unhandled ") ? "" : "panic: ", Panic.Message);
            else if (vector == Vectors.Spurious)
                { }
            else
                InterruptRouter.Handle((int)vector);
            cpu.TrapDepth--;
        }

        private static void Exception(TrapFrame* frame)
        {
            if (frame->Vector == Vectors.PageFault && PageFaultHandler.TryHandle(frame)) return;
            // A kernel read or write near address 0 is C#'s null dereference: say so.
            if (frame->Vector == Vectors.PageFault && Cpu.ReadCr2() < 0x1000)
                CrashReport.Print(frame, "NullReferenceException: ", "null reference (page fault (#PF) near address 0)");
            else
                CrashReport.Print(frame, "", Vectors.ExceptionName(frame->Vector));
        }
    }
}
