using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using Lunix.Arch.X86;
using Lunix.Arch.X86.Interrupts;
using Lunix.Kernel.Diagnostics;
using Lunix.Kernel.Calls;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;
using Lunix.Kernel.Ipc;
using Lunix.Kernel.Smp;

namespace Lunix.Kernel.Interrupts
{
    // Where every interrupt and exception lands (called by trap_common in Boot/traps.S).
    // Kernel-mode exceptions are crashes; the panic vector carries a panic; IRQs go to their handler.
    internal static unsafe class TrapDispatch
    {
        // A trap taken in the kernel: returns the same frame to resume.
        [RuntimeExport("lunix_trap")]
        private static TrapFrame* Dispatch(TrapFrame* frame)
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
            else if (vector == Vectors.Reschedule || (vector == Vectors.LocalApicTimer && cpu.CpuId != 0))
            {
                // Only this processor's own: answered without the lock (the idle loop looks at
                // the run queues once it has it again).
                InterruptRouter.Handle((int)vector);
                Smp.CrossCpu.Answer(ref cpu, null);
            }
            else
            {
                // A device's or the boot processor's timer while idle (or at boot, when the lock
                // is already this processor's).
                bool take = cpu.OthersOnline != 0 && !KernelLock.IsHeldHere;
                if (take) KernelLock.Acquire(ref cpu, null);
                InterruptRouter.Handle((int)vector);
                if (take) KernelLock.Release();
            }
            cpu.TrapDepth--;
            return frame;
        }

        // A trap from ring 3 (traps.S calls this one directly): returns the frame of whichever
        // process the scheduler picks next. With other processors, under the kernel lock, and
        // after answering what another processor asked (which may have taken the process away:
        // then only the interrupt, if it was one, is handled).
        [RuntimeExport("lunix_user_trap")]
        private static TrapFrame* FromUser(TrapFrame* frame)
        {
            ref PerCpu cpu = ref CpuLocal.Current;
            if (cpu.OthersOnline == 0) return Handle(ref cpu, frame);
            Smp.CrossCpu.Answer(ref cpu, frame);
            KernelLock.Acquire(ref cpu, frame);
            TrapFrame* next = cpu.CurrentProcess >= 0 ? Handle(ref cpu, frame) : AfterEviction(ref cpu, frame->Vector);
            KernelLock.Release();
            return next;
        }

        private static TrapFrame* AfterEviction(ref PerCpu cpu, ulong vector)
        {
            if (vector >= Vectors.FirstIrq && vector != SyscallEntry.Vector) InterruptRouter.Handle((int)vector);
            TrapFrame* next = Scheduler.PickNext(ref cpu);
            return MessageDelivery.DeliverPending(cpu.CurrentProcess, next);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static TrapFrame* Handle(ref PerCpu cpu, TrapFrame* frame)
        {
            int slot = cpu.CurrentProcess;
            ulong vector = frame->Vector;
            if (vector == SyscallEntry.Vector)
            {
                TrapFrame* exchanged = IpcFastPath.TryExchange(ref cpu, slot, frame);
                if (exchanged != null) return exchanged;
                long result = KernelCallTable.Dispatch(slot, frame);
                // A call suspended for VM keeps its registers, to be made again; a caller that
                // moved has its result in its new slot's frame; a POSIX call's comes with its reply.
                if (result != KernelCallTable.Suspended && result != KernelCallTable.CallerMoved && result != KernelCallTable.Routed)
                    frame->Rax = (ulong)result;
            }
            else if (vector < Vectors.ExceptionCount)
                UserFaults.Take(slot, frame);
            else
            {
                InterruptRouter.Handle((int)vector);
                if (vector == Vectors.LocalApicTimer || vector == Vectors.FirstIrq) Scheduler.Tick(slot);
            }
            TrapFrame* next = Scheduler.PickNext(ref cpu);
            return MessageDelivery.DeliverPending(cpu.CurrentProcess, next);
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
