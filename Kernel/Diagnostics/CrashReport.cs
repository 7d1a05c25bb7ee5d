using System;
using Lunix.Arch.X86;
using Lunix.Arch.X86.Interrupts;
using Lunix.Arch.X86.Platform;
using Lunix.Kernel.Boot;
using Lunix.Kernel.Console;
using Lunix.Kernel.Memory;

namespace Lunix.Kernel.Diagnostics
{
    // The report printed for any kernel-mode exception or panic: what happened, where (the C#
    // method), every register, the control registers and a symbolized stack trace. Then the CPU
    // stops; in test mode QEMU is told to exit with a failure status.
    public static unsafe class CrashReport
    {
        public const byte TestExitCode = 1;

        // prefix + what: one line saying what went wrong ("page fault (#PF)", "panic: ...").
        public static void Print(TrapFrame* frame, ReadOnlySpan<char> prefix, ReadOnlySpan<char> what)
        {
            KernelLog.TakeBack();                       // the report always prints, whatever holds COM1
            SystemConsole.TakeScreenBack();             // and shows, whatever holds the screen
            int stopped = Smp.ProcessorStop.StopOthers();
            ref PerCpu cpu = ref CpuLocal.Current;
            if (++cpu.CrashDepth > 1)
            {
                // A fault while reporting: say so briefly and stop, rather than recurse.
                SystemConsole.WriteLine("lunix: crash: nested fault while reporting a crash");
                Stop();
            }

            Span<char> where = stackalloc char[160];
            int whereLength = FaultingMethod(frame, where);
            SystemConsole.Write("lunix: crash: ");
            SystemConsole.Write(prefix);
            SystemConsole.Write(what);
            SystemConsole.Write(" in ");
            SystemConsole.WriteLine(where.Slice(0, whereLength));

            if (frame->Vector < Vectors.ExceptionCount)
                SystemConsole.Print("  exception: %s, vector %d, error code 0x%lx\n", Vectors.ExceptionName(frame->Vector), (long)frame->Vector, frame->ErrorCode);
            if (frame->Vector == Vectors.PageFault) PrintPageFault(frame);
            if (CpuLocal.Count > 1)
                SystemConsole.Print("  on CPU %u; the other CPUs stopped: %d of %d\n", cpu.CpuId, stopped, CpuLocal.Count - 1);
            PrintRegisters(frame);
            PrintStackTrace(frame);
            PrintStoppedProcessors(cpu.CpuId);
            SystemConsole.WriteLine("lunix: crash report end");
            Stop();
        }

        // Where each other processor was when the crash stopped it: its registers and stack.
        private static void PrintStoppedProcessors(uint self)
        {
            Span<char> where = stackalloc char[160];
            for (int i = 0; i < CpuLocal.Count; i++)
            {
                if (i == self) continue;
                TrapFrame* stopped = CpuLocal.Of(i).StoppedFrame;
                if (stopped == null)
                {
                    SystemConsole.Print("  CPU %d: did not stop\n", i);
                    continue;
                }
                int length = stopped->FromUserMode ? Printf.Format(where, "user mode (process slot %d)", CpuLocal.Of(i).CurrentProcess)
                                                   : FaultingMethod(stopped, where);
                SystemConsole.Print("  CPU %d stopped in ", i);
                SystemConsole.WriteLine(where.Slice(0, length));
                PrintGeneralRegisters(stopped);
                SystemConsole.Print("  rip=%016lx rflags=%016lx cs=%04lx ss=%04lx\n", stopped->Rip, stopped->Rflags, stopped->Cs, stopped->Ss);
                if (!stopped->FromUserMode) PrintStackTrace(stopped);
            }
        }

        private static void PrintPageFault(TrapFrame* frame)
        {
            PageFault fault = PageFault.From(frame);
            SystemConsole.Print("  cr2: 0x%016lx (%s, %s, %s mode)\n", fault.Address, fault.AccessName,
                fault.PagePresent ? "protection violation" : "page not present", fault.FromUserMode ? "user" : "kernel");
            if (fault.Mapping.IsMapped)
                SystemConsole.Print("  page: %lu KiB at 0x%016lx -> 0x%lx, entry 0x%016lx (%s, %s)\n", fault.Mapping.PageSize >> 10,
                    fault.Mapping.PageAddress, fault.Mapping.PhysicalAddress, fault.Mapping.Entry.Value,
                    (fault.Mapping.Attributes & PageAttributes.Writable) != 0 ? "writable" : "read-only",
                    (fault.Mapping.Attributes & PageAttributes.NoExecute) != 0 ? "no-execute" : "executable");
            else
                SystemConsole.WriteLine("  page: not mapped");
        }

        private static void PrintRegisters(TrapFrame* f)
        {
            PrintGeneralRegisters(f);
            SystemConsole.Print("  rip=%016lx rflags=%016lx cs=%04lx ss=%04lx\n", f->Rip, f->Rflags, f->Cs, f->Ss);
            SystemConsole.Print("  cr0=%016lx cr2=%016lx cr3=%016lx cr4=%016lx\n", Cpu.ReadCr0(), Cpu.ReadCr2(), Cpu.ReadCr3(), Cpu.ReadCr4());
        }

        // The sixteen general registers, four to a line (also in ring-3 fault reports).
        public static void PrintGeneralRegisters(TrapFrame* f)
        {
            SystemConsole.Print("  rax=%016lx rbx=%016lx rcx=%016lx rdx=%016lx\n", f->Rax, f->Rbx, f->Rcx, f->Rdx);
            SystemConsole.Print("  rsi=%016lx rdi=%016lx rbp=%016lx rsp=%016lx\n", f->Rsi, f->Rdi, f->Rbp, f->Rsp);
            SystemConsole.Print("  r8 =%016lx r9 =%016lx r10=%016lx r11=%016lx\n", f->R8, f->R9, f->R10, f->R11);
            SystemConsole.Print("  r12=%016lx r13=%016lx r14=%016lx r15=%016lx\n", f->R12, f->R13, f->R14, f->R15);
        }

        private static void PrintStackTrace(TrapFrame* frame)
        {
            SystemConsole.WriteLine("  stack trace:");
            Span<char> name = stackalloc char[200];
            int index = 0;
            var walker = new StackWalker(frame);
            while (walker.TryNext(out ulong codeAddress))
                PrintFrame(index++, codeAddress, name);
        }

        private static void PrintFrame(int index, ulong address, Span<char> name)
        {
            int length = KernelSymbols.Describe(address, name);
            SystemConsole.Print("  #%d 0x%016lx ", index, address);
            SystemConsole.WriteLine(name.Slice(0, length));
        }

        // The first frame that is not part of the runtime or of the crash machinery itself:
        // for a panic or a failed bounds check, the method that called for it.
        private static int FaultingMethod(TrapFrame* frame, Span<char> name)
        {
            var walker = new StackWalker(frame);
            while (walker.TryNext(out ulong codeAddress))
            {
                int length = KernelSymbols.NameOf(codeAddress, name);
                if (length > 0 && !IsMachinery(name.Slice(0, length))) return length;
            }
            return Printf.Format(name, "0x%016lx", frame->Rip);
        }

        private static bool IsMachinery(ReadOnlySpan<char> name)
            => name.StartsWith("System.") || name.StartsWith("Internal.") || name.StartsWith("Lunix.Kernel.Diagnostics.")
               || name.StartsWith("lunix_") || name.StartsWith("Rhp");

        private static void Stop()
        {
            SystemConsole.Flush();
            if (KernelOptions.TestMode) DebugExit.Exit(TestExitCode);
            Cpu.HaltForever();
        }
    }
}
