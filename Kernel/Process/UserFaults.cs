using System;
using Lunix.Arch.X86;
using Lunix.Arch.X86.Interrupts;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.Kernel.Console;
using Lunix.Kernel.Diagnostics;
using Lunix.Kernel.Memory;

namespace Lunix.Kernel.Process
{
    // A ring-3 exception stops that process and reports it; the kernel and every other process
    // go on. The report names the process and the exception, prints its registers and its stack
    // (return addresses read through the fault-safe user copy, following the frame-pointer chain).
    // A process with a signal manager is then kept, suspended, for the manager to restart (a
    // crashed service reaches RS as a signal); one without is ended. A page fault goes to the VM
    // server first when it runs (VmSuspension), and comes back here only if VM refuses it.
    public static unsafe class UserFaults
    {
        public static void Take(int slot, TrapFrame* frame)
        {
            if (frame->Vector != Vectors.PageFault) Stop(slot, frame, 0);
            else if (VmSuspension.Serves(slot)) VmSuspension.PageFault(slot, frame);
            else Stop(slot, frame, Cpu.ReadCr2());
        }

        // faultAddress: CR2 of a page fault (read when it happened: the report may come later,
        // after VM refused it, with another process's address space loaded).
        public static void Stop(int slot, TrapFrame* frame, ulong faultAddress)
        {
            ref ProgramImage program = ref ProcessTable.ImageOf(slot);
            SystemConsole.Print("lunix: process %s (slot %d) stopped: %s at 0x%016lx\n", program.Name, slot, Vectors.ExceptionName(frame->Vector), frame->Rip);
            if (frame->Vector == Vectors.PageFault)
            {
                var fault = new PageFault(faultAddress, frame->ErrorCode, frame->Rip, default);
                SystemConsole.Print("  cr2: 0x%016lx (%s, %s)\n", fault.Address, fault.AccessName, fault.PagePresent ? "protection violation" : "page not present");
            }
            CrashReport.PrintGeneralRegisters(frame);
            SystemConsole.Print("  rip=%016lx rflags=%016lx cs=%04lx ss=%04lx error=%lx\n", frame->Rip, frame->Rflags, frame->Cs, frame->Ss, frame->ErrorCode);
            PrintStack(slot, frame, program.Symbols);
            ProcessTable.Slot(slot).FaultAddress = faultAddress;     // for the manager's siginfo (SIGSEND)
            if (!KernelSignals.SuspendForManager(slot, FaultSignals.SignalOf(frame->Vector)))
                ProcessLifecycle.End(slot, ProcessState.Stopped);
        }

        // Read through the process's own page tables: its space need not be the loaded one.
        private static void PrintStack(int slot, TrapFrame* frame, SymbolTable symbols)
        {
            SystemConsole.WriteLine("  stack trace:");
            PrintFrame(0, frame->Rip, symbols);
            ulong rbp = frame->Rbp;
            Span<byte> link = stackalloc byte[16];
            for (int depth = 1; depth < 16 && rbp != 0; depth++)
            {
                if (!ProcessMemory.Read(slot, rbp, link)) break;
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
