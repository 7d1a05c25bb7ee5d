using System;
using Lunix.Arch.X86;
using Lunix.Arch.X86.Interrupts;
using Lunix.Ipc;
using Lunix.Kernel.Console;
using Lunix.Kernel.Diagnostics;
using Lunix.Kernel.Memory;

namespace Lunix.Kernel.Process
{
    // A ring-3 exception stops that process and reports it; the kernel and every other process
    // go on. The report names the process and the exception, prints its registers and its stack
    // (return addresses read through the fault-safe user copy, following the frame-pointer chain).
    // A process with a signal manager is then kept, suspended, for the manager to restart (a
    // crashed service reaches RS as a signal); one without is ended.
    public static unsafe class UserFaults
    {
        public static void Stop(int slot, TrapFrame* frame)
        {
            ref ProgramImage program = ref ProcessTable.ImageOf(slot);
            SystemConsole.Print("lunix: process %s (slot %d) stopped: %s at 0x%016lx\n", program.Name, slot, Vectors.ExceptionName(frame->Vector), frame->Rip);
            if (frame->Vector == Vectors.PageFault)
            {
                PageFault fault = PageFault.From(frame);
                SystemConsole.Print("  cr2: 0x%016lx (%s, %s)\n", fault.Address, fault.AccessName, fault.PagePresent ? "protection violation" : "page not present");
            }
            CrashReport.PrintGeneralRegisters(frame);
            SystemConsole.Print("  rip=%016lx rflags=%016lx cs=%04lx ss=%04lx error=%lx\n", frame->Rip, frame->Rflags, frame->Cs, frame->Ss, frame->ErrorCode);
            PrintStack(frame, program.Symbols);
            if (!KernelSignals.SuspendForManager(slot, SignalOf(frame->Vector)))
                ProcessLifecycle.End(slot, ProcessState.Stopped);
        }

        // The POSIX signal of an exception, as Linux and MINIX raise them.
        private static int SignalOf(ulong vector) => vector switch
        {
            0 or 7 or 16 or 19 => Signals.SIGFPE,        // divide error, no FPU, x87 and SIMD exceptions
            1 or 3 => Signals.SIGTRAP,                    // debug, breakpoint
            6 => Signals.SIGILL,                          // invalid opcode
            17 => Signals.SIGBUS,                         // alignment check
            _ => Signals.SIGSEGV,                         // page fault, general protection, and the rest
        };

        private static void PrintStack(TrapFrame* frame, SymbolTable symbols)
        {
            SystemConsole.WriteLine("  stack trace:");
            PrintFrame(0, frame->Rip, symbols);
            ulong rbp = frame->Rbp;
            Span<byte> link = stackalloc byte[16];
            for (int depth = 1; depth < 16 && rbp != 0; depth++)
            {
                if (new UserSlice<Readable>(rbp, 16).CopyTo(link) != Errno.Ok) break;
                ulong next = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(link);
                ulong returnAddress = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(link.Slice(8));
                if (returnAddress == 0) break;
                PrintFrame(depth, returnAddress - 1, symbols);
                if (next <= rbp) break;
                rbp = next;
            }
        }

        private static void PrintFrame(int index, ulong address, SymbolTable symbols)
        {
            SystemConsole.Print("  #%d 0x%016lx ", index, address);
            Span<char> name = stackalloc char[160];
            if (symbols != null && symbols.TryLookup(address, out SymbolMatch match))
            {
                int length = SymbolTable.Prettify(match.Name, name);
                SystemConsole.Write(name.Slice(0, length));
                SystemConsole.Print("+0x%lx\n", match.Offset);
            }
            else
                SystemConsole.WriteLine("?");
        }
    }
}
