using System;
using Lunix.Abi;
using Lunix.Kernel.Boot;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;
using Lunix.Kernel.Time;

namespace Lunix.Kernel.Calls
{
    // GETINFO: kernel information for system processes (MINIX's sys_getinfo). a0 = what
    // (GetInfoRequests), a1 = user buffer, a2 = its capacity in bytes where the answer has a
    // length, a3 = what else the request needs.
    // Kernel: total frames, free frames, process slots in use, process slots in all, as four
    // 64-bit words. BootParameters: the options ring-3 programs read (Abi/BootParameters.cs).
    // ServiceOptions: the command line's `service.key=value` items as ASCII, for each service to
    // parse its own (RS: rs.backoff, rs.do); returns the length. InitArguments: what follows
    // `--` on the command line, for PM to hand to init, the same way. SpawnedAt: the endpoint SPAWN
    // loaded the caller's program at, as the result: how RS's new version, which runs only once
    // UPDATE has moved it into RS's slot, knows that it is one and where the old version that
    // will initialise it now is. BootModule: the bytes of the boot module whose name is the
    // ServiceLabel at a3 (RS's service table, "services"; VFS's root archive, "root"); returns
    // the length (ENOENT: no such module; ENOSPC: the buffer is smaller; a2 = 0: only the length).
    // Clock: a ClockInfo, the clock's figures (PM's clocks: CLOCK_MONOTONIC from the TSC).
    // ProcessTimes: a ProcessTimes for the process at endpoint a3 (PM's times and getrusage).
    // ProcessFigures: a ProcessFigures for the process at endpoint a3 (/proc/PID/stat): its
    // times, and its regions' bytes summed from VM's record. CpuTicks: a CpuTicks (/proc/stat).
    // Framebuffer: a FramebufferInfo, the screen the firmware left (BootScreen), for the console.
    // A buffer VM has not backed yet makes the call wait for VM and start again.
    internal static unsafe class DoGetInfo
    {
        private const int MaxText = 1024;

        public static long Run(int slot, ulong what, ulong buffer, long capacity, ulong extra)
        {
            switch (what)
            {
                case GetInfoRequests.Kernel: return KernelFigures(slot, buffer);
                case GetInfoRequests.BootParameters: return Parameters(slot, buffer);
                case GetInfoRequests.ServiceOptions: return Text(slot, buffer, capacity, KernelOptions.ServiceOptions);
                case GetInfoRequests.InitArguments: return Text(slot, buffer, capacity, KernelOptions.InitArguments);
                case GetInfoRequests.SpawnedAt: return ProcessTable.Slot(slot).SpawnedAt;
                case GetInfoRequests.BootModule: return Module(slot, buffer, capacity, extra);
                case GetInfoRequests.Clock: return ClockFigures(slot, buffer);
                case GetInfoRequests.ProcessTimes: return TimesOf(slot, buffer, (long)extra);
                case GetInfoRequests.ProcessFigures: return FiguresOf(slot, buffer, (long)extra);
                case GetInfoRequests.CpuTicks: return Ticks(slot, buffer);
                case GetInfoRequests.Framebuffer: return Screen(slot, buffer);
                default: return -(long)Errno.EINVAL;
            }
        }

        private static long KernelFigures(int slot, ulong buffer)
        {
            ulong* info = stackalloc ulong[4];
            info[0] = PhysicalMemory.Frames.TotalFrames;
            info[1] = PhysicalMemory.Frames.FreeFrames;
            info[2] = 0;
            for (int i = 0; i < ProcessTable.Slots; i++)
                if (ProcessTable.Slot(i).State != ProcessState.Free) info[2]++;
            info[3] = ProcessTable.Slots;
            return Write(slot, buffer, new ReadOnlySpan<byte>(info, 32), 0);
        }

        private static long Parameters(int slot, ulong buffer)
        {
            BootParameters parameters = default;
            parameters.Seed = KernelOptions.Seed;
            if (KernelOptions.Bench) parameters.Flags |= BootParameterFlags.Bench;
            parameters.Suite = ServiceLabel.From(KernelOptions.Suite);
            return Write(slot, buffer, new ReadOnlySpan<byte>(&parameters, sizeof(BootParameters)), 0);
        }

        private static long Text(int slot, ulong buffer, long capacity, string text)
        {
            if (text.Length > MaxText) return -(long)Errno.ENAMETOOLONG;
            if (capacity < text.Length) return -(long)Errno.ENOSPC;
            Span<byte> ascii = stackalloc byte[MaxText];
            for (int i = 0; i < text.Length; i++) ascii[i] = text[i] < 0x80 ? (byte)text[i] : (byte)'?';
            return Write(slot, buffer, ascii.Slice(0, text.Length), text.Length);
        }

        private static long Module(int slot, ulong buffer, long capacity, ulong nameAddress)
        {
            ServiceLabel name;
            long copied = VmSuspension.CopyIn(slot, new UserSlice<Readable>(nameAddress, (ulong)sizeof(ServiceLabel)), new Span<byte>(&name, sizeof(ServiceLabel)));
            if (copied != 0) return copied;
            Span<char> text = stackalloc char[ServiceLabel.Max];
            if (!BootModules.TryFind(text.Slice(0, name.CopyTo(text)), out ReadOnlySpan<byte> module)) return -(long)Errno.ENOENT;
            if (capacity == 0) return module.Length;            // the length alone, to size a buffer
            if (capacity < module.Length) return -(long)Errno.ENOSPC;
            return Write(slot, buffer, module, module.Length);
        }

        private static long ClockFigures(int slot, ulong buffer)
        {
            ClockInfo clock = default;
            clock.Ticks = Clock.Ticks;
            clock.Tsc = Arch.X86.Cpu.ReadTsc();
            clock.TickHz = Clock.TickHz;
            clock.BootTsc = Clock.BootTsc;
            clock.TscPerSecond = Clock.TscPerSecond;
            clock.Page = Vdso.Clock;
            return Write(slot, buffer, new ReadOnlySpan<byte>(&clock, sizeof(ClockInfo)), 0);
        }

        private static long TimesOf(int slot, ulong buffer, long endpoint)
        {
            if (!Ipc.IpcProcesses.TryResolve(endpoint, out int target)) return -(long)Errno.EDEADSRCDST;
            ProcessTimes times = Times(target);
            return Write(slot, buffer, new ReadOnlySpan<byte>(&times, sizeof(ProcessTimes)), 0);
        }

        private static ProcessTimes Times(int target)
        {
            ref Process.Process process = ref ProcessTable.Slot(target);
            return new ProcessTimes { UserTicks = process.UserTicks, ResidentBytes = process.Space.MappedUserBytes() };
        }

        private static long FiguresOf(int slot, ulong buffer, long endpoint)
        {
            if (!Ipc.IpcProcesses.TryResolve(endpoint, out int target)) return -(long)Errno.EDEADSRCDST;
            ProcessFigures figures = default;
            figures.Times = Times(target);
            figures.Processor = ProcessTable.Slot(target).Cpu;
            ReadOnlySpan<VmRegion> regions = VmCheckpoints.Regions(target);
            for (int i = 0; i < regions.Length; i++) figures.VirtualBytes += regions[i].Length;
            return Write(slot, buffer, new ReadOnlySpan<byte>(&figures, sizeof(ProcessFigures)), 0);
        }

        private static long Ticks(int slot, ulong buffer)
        {
            CpuTicks ticks = default;
            ticks.Posix = Scheduler.PosixTicks;
            ticks.Services = Scheduler.ServiceTicks;
            ulong charged = ticks.Posix + ticks.Services, all = Clock.Ticks;
            ticks.Idle = all > charged ? all - charged : 0;
            ticks.TickHz = Clock.TickHz;
            return Write(slot, buffer, new ReadOnlySpan<byte>(&ticks, sizeof(CpuTicks)), 0);
        }

        private static long Screen(int slot, ulong buffer)
        {
            FramebufferInfo screen = BootScreen.Info;
            return Write(slot, buffer, new ReadOnlySpan<byte>(&screen, sizeof(FramebufferInfo)), 0);
        }

        // The answer copied to the caller's buffer: `result`, or the wait for VM, or EFAULT.
        private static long Write(int slot, ulong buffer, ReadOnlySpan<byte> answer, long result)
        {
            long copied = VmSuspension.CopyOut(slot, new UserSlice<Writable>(buffer, (ulong)answer.Length), answer);
            return copied == 0 ? result : copied;
        }
    }
}
