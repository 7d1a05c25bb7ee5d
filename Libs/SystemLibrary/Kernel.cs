using System;
using Lunix.Abi;

namespace Lunix.SystemLibrary
{
    // Typed wrappers for the kernel calls a program makes itself (Abi/KernelCalls.cs).
    public static unsafe class Kernel
    {
        public const int PrintMax = 256;   // bytes per DiagCtl call, the kernel's limit

        public static void Exit(int status)
        {
            Syscalls.KernelCall(KernelCalls.Exit, status);
            // The kernel never returns from Exit; if it ever did, stop rather than run on.
            while (true) Trap.Now();
        }

        // Timer ticks since boot (TIMES).
        public static ulong Ticks()
        {
            ulong* times = stackalloc ulong[3];
            Syscalls.KernelCall(KernelCalls.Times, (long)times);
            return times[0];
        }

        // Timer ticks per second (TIMES; the kernel's timer_hz option).
        public static ulong TicksPerSecond()
        {
            ulong* times = stackalloc ulong[3];
            Syscalls.KernelCall(KernelCalls.Times, (long)times);
            return times[1];
        }

        // The kernel command-line options meant for ring-3 programs (GETINFO; all zero when the
        // caller may not ask).
        public static BootParameters BootParameters()
        {
            BootParameters parameters = default;
            Syscalls.KernelCall(KernelCalls.GetInfo, GetInfoRequests.BootParameters, (long)&parameters);
            return parameters;
        }

        // The command line's items for services (`rs.backoff=off`), as ASCII text, for the caller
        // to parse what is its own (GETINFO ServiceOptions): their length, or a negated Errno.
        public static long ServiceOptions(Span<byte> into)
        {
            fixed (byte* buffer = into) return Syscalls.KernelCall(KernelCalls.GetInfo, GetInfoRequests.ServiceOptions, (long)buffer, into.Length);
        }

        // What follows `--` on the kernel's command line: init's arguments (PM), as ASCII text:
        // their length, or a negated Errno.
        public static long InitArguments(Span<byte> into)
        {
            fixed (byte* buffer = into) return Syscalls.KernelCall(KernelCalls.GetInfo, GetInfoRequests.InitArguments, (long)buffer, into.Length);
        }

        // The bytes of the boot module `name` (GETINFO BootModule, RS's service table): its length,
        // or a negated Errno (ENOENT: no such module; ENOSPC: `into` is smaller).
        public static long BootModule(ServiceLabel name, Span<byte> into)
        {
            fixed (byte* buffer = into) return Syscalls.KernelCall(KernelCalls.GetInfo, GetInfoRequests.BootModule, (long)buffer, into.Length, (long)&name);
        }

        // RS starting a service (LOADPROGRAM): its endpoint, or a negated Errno.
        public static long LoadProgram(in ProgramLoadRequest request)
        {
            fixed (ProgramLoadRequest* argument = &request) return Syscalls.KernelCall(KernelCalls.LoadProgram, (long)argument);
        }

        // Waits `ticks` timer ticks for the kernel's alarm (SETALARM); messages from anyone else
        // stay queued meanwhile.
        public static void Sleep(long ticks)
        {
            Syscalls.KernelCall(KernelCalls.SetAlarm, ticks);
            Syscalls.Receive(BootEndpoints.Kernel, out _);
        }

        // A signal manager's next managed process with signals pending (GETKSIG): 0 and the
        // report, whose Endpoint is Endpoint.None when none has any; or a negated Errno.
        public static long TakeSignals(out SignalReport report)
        {
            fixed (SignalReport* into = &report) return Syscalls.KernelCall(KernelCalls.GetKSig, (long)into);
        }

        // VM's calls on other processes' memory: map a range of one into another (VMSHARE), and
        // save or load the kernel's record of a process's regions (VMREGIONS).
        public static long VmShare(in VmShareRequest request)
        {
            fixed (VmShareRequest* argument = &request) return Syscalls.KernelCall(KernelCalls.VmShare, (long)argument);
        }

        public static long SaveRegions(int endpoint, ReadOnlySpan<byte> record)
        {
            fixed (byte* buffer = record)
                return Syscalls.KernelCall(KernelCalls.VmRegions, endpoint, (long)VmRegionsOp.Save, (long)buffer, record.Length);
        }

        public static long LoadRegions(int endpoint, Span<byte> record)
        {
            fixed (byte* buffer = record)
                return Syscalls.KernelCall(KernelCalls.VmRegions, endpoint, (long)VmRegionsOp.Load, (long)buffer, record.Length);
        }

        // The machine's memory in frames (GETINFO Kernel): all of it, and what is free now.
        public static long MemoryFrames(out ulong total, out ulong free)
        {
            ulong* info = stackalloc ulong[4];
            long got = Syscalls.KernelCall(KernelCalls.GetInfo, GetInfoRequests.Kernel, (long)info);
            total = got == 0 ? info[0] : 0;
            free = got == 0 ? info[1] : 0;
            return got;
        }

        // The clock's figures (GETINFO Clock): ticks, their rate, the TSC now, at boot, per second.
        public static long Clock(out ClockInfo clock)
        {
            fixed (ClockInfo* into = &clock) return Syscalls.KernelCall(KernelCalls.GetInfo, GetInfoRequests.Clock, (long)into);
        }

        // A process's CPU time and mapped memory (GETINFO ProcessTimes).
        public static long TimesOf(int endpoint, out ProcessTimes times)
        {
            fixed (ProcessTimes* into = &times) return Syscalls.KernelCall(KernelCalls.GetInfo, GetInfoRequests.ProcessTimes, (long)into, 0, endpoint);
        }

        // What /proc/PID/stat shows of a process (GETINFO ProcessFigures): its times and sizes.
        public static long FiguresOf(int endpoint, out ProcessFigures figures)
        {
            fixed (ProcessFigures* into = &figures) return Syscalls.KernelCall(KernelCalls.GetInfo, GetInfoRequests.ProcessFigures, (long)into, 0, endpoint);
        }

        // The timer ticks since boot, by what they found running (GETINFO CpuTicks).
        public static long CpuTicks(out CpuTicks ticks)
        {
            fixed (CpuTicks* into = &ticks) return Syscalls.KernelCall(KernelCalls.GetInfo, GetInfoRequests.CpuTicks, (long)into);
        }

        // The screen the firmware left (GETINFO Framebuffer): Format None when there is none.
        public static long Framebuffer(out FramebufferInfo screen)
        {
            fixed (FramebufferInfo* into = &screen) return Syscalls.KernelCall(KernelCalls.GetInfo, GetInfoRequests.Framebuffer, (long)into);
        }

        // The kernel's alarm in `ticks` timer ticks (0 cancels it): the ticks left on the last one.
        public static long SetAlarm(long ticks) => Syscalls.KernelCall(KernelCalls.SetAlarm, ticks);

        // A signal manager's hold on a process it manages (RUNCTL): Stop returns a RunStates value.
        public static long RunCtl(int endpoint, int request) => Syscalls.KernelCall(KernelCalls.RunCtl, endpoint, request);

        // A signal handler set up in a process (SIGSEND).
        public static long SigSend(in SignalDeliveryRequest request)
        {
            fixed (SignalDeliveryRequest* argument = &request) return Syscalls.KernelCall(KernelCalls.SigSend, (long)argument);
        }

        // A process's registers back from its signal frame, in its rt_sigreturn (SIGRETURN).
        public static long SigReturn(int endpoint, out SignalReturnReport report)
        {
            fixed (SignalReturnReport* into = &report) return Syscalls.KernelCall(KernelCalls.SigReturn, endpoint, (long)into);
        }

        // One register of a process waiting for the caller's reply (REGISTERS): set, or read
        // (its value, or a negated Errno).
        public static long SetRegister(int endpoint, int register, ulong value) =>
            Syscalls.KernelCall(KernelCalls.Registers, endpoint, register, (long)value, RegisterAccess.Write);
        public static long ReadRegister(int endpoint, int register) => Syscalls.KernelCall(KernelCalls.Registers, endpoint, register, 0, RegisterAccess.Read);

        // Halt, power off or restart the machine (REBOOT): returns only for a bad request.
        public static long Reboot(int request) => Syscalls.KernelCall(KernelCalls.Reboot, request);

        // Stops the system with a kernel panic whose report gives `reason` (ABORT: RS only, when a
        // critical service cannot be brought back). Returns only if the call is refused.
        public static long Abort(ReadOnlySpan<char> reason)
        {
            byte* buffer = stackalloc byte[PrintMax];
            int length = Ascii(reason, buffer);
            return Syscalls.KernelCall(KernelCalls.Abort, (long)buffer, length);
        }

        // One console line per DiagCtl call (the kernel ends it), so text longer than PrintMax
        // becomes several lines. The console speaks ASCII: anything else is printed as '?'.
        public static void Print(ReadOnlySpan<char> text)
        {
            byte* buffer = stackalloc byte[PrintMax];
            for (int start = 0; start < text.Length; start += PrintMax)
            {
                int length = Ascii(text.Slice(start), buffer);
                Syscalls.KernelCall(KernelCalls.DiagCtl, (long)buffer, length);
            }
        }

        // Up to PrintMax characters of `text` as ASCII bytes, '?' for the rest; returns how many.
        private static int Ascii(ReadOnlySpan<char> text, byte* into)
        {
            int length = Math.Min(PrintMax, text.Length);
            for (int i = 0; i < length; i++) into[i] = text[i] < 0x80 ? (byte)text[i] : (byte)'?';
            return length;
        }
    }
}
