using System.Runtime.CompilerServices;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.Arch.X86;
using Lunix.Arch.X86.Memory;
using Lunix.Kernel.Boot;
using Lunix.Kernel.Calls;
using Lunix.Kernel.Console;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Ipc
{
    // The system-call door of POSIX processes, the Linux programs EXEC loads: RAX holds Linux's
    // call number, RDI, RSI, RDX, R10, R8 and R9 its arguments. The kernel does not interpret the
    // call. It sends it, as one PosixCall message in the process's name, to the server the route
    // table names (PM, VFS or VM: Abi/Linux/LinuxRoutes.cs), and the process waits for the reply
    // as after a SENDREC of its own; the reply's Result becomes its RAX (Answer, when it next
    // runs). Only a few calls are answered here, without a message (AnsweredHere).
    // Lunix's own calls past Linux's table (Abi/Linux/LunixCalls.cs) go to their servers the same
    // way. A call no server owns, or whose server is not running, gets -ENOSYS, and the console
    // says so once per call number, naming the first program that made it. With `strace=NAME`
    // on the command line, every call of the programs named NAME and its result are printed
    // (the number, the first three arguments; a call that waits prints its result later).
    internal static unsafe class PosixDoor
    {
        private const int ArchSetFs = 0x1002, ArchGetFs = 0x1003;

        // Set in Initialize, not by initializers: a static constructor would add a check to
        // every system call.
        private static byte[] s_routes;
        private static bool[] s_reported;
        private static string s_traced;

        public static void Initialize()
        {
            s_routes = LinuxRoutes.Build();
            s_reported = new bool[LinuxCalls.Count + 1];
            s_traced = KernelOptions.Strace;
        }

        // A POSIX process's `syscall`: KernelCallTable.Routed when it now waits for its server,
        // else the result for its RAX.
        public static long Trap(int slot, TrapFrame* frame)
        {
            long number = (long)frame->Rax;
            if (s_traced.Length > 0 && IsTraced(slot)) TraceCall(slot, number, frame);
            LinuxRoute route = LinuxRoutes.Of(s_routes, number);
            if (route == LinuxRoute.Kernel)
            {
                long answer = AnsweredHere(slot, number, frame);
                if (answer != AskPm) return Trace(slot, answer);
                route = LinuxRoute.Pm;
            }
            int server = route switch
            {
                LinuxRoute.Pm => BootEndpoints.Pm,
                LinuxRoute.Vfs => BootEndpoints.Vfs,
                LinuxRoute.Vm => BootEndpoints.Vm,
                _ => number == LunixCalls.Service ? BootEndpoints.Rs : -1,     // Lunix's own: the `service` command
            };
            if (server < 0 || !Serves(server)) return Trace(slot, NoSuchCall(slot, number));
            Message message = default;
            message.Type = PosixRequests.Call;
            ref PosixCall call = ref message.Payload<PosixCall>();
            call.Number = number;
            call.A0 = (long)frame->Rdi;
            call.A1 = (long)frame->Rsi;
            call.A2 = (long)frame->Rdx;
            call.A3 = (long)frame->R10;
            call.A4 = (long)frame->R8;
            call.A5 = (long)frame->R9;
            if (IpcProcesses.Engine.TryCallOnBehalfFast(slot, server, in message))
            {
                // The server was waiting: it runs at once and the caller waits in its place, one
                // pass through the run queues (as IpcFastPath). The dispatcher's pick finds it.
                MessageDelivery.SetOutcome(server, Errno.Ok, withMessage: true);
                Scheduler.Handoff(ref CpuLocal.Current, slot, server);
                return KernelCallTable.Routed;
            }
            IpcProcesses.Engine.CallOnBehalf(slot, server, in message);
            Scheduler.Block(slot);
            MessageDelivery.WakeReleased();
            return KernelCallTable.Routed;
        }

        // The server's reply, delivered when the process next returns to ring 3: its Result, or
        // EIO for anything that is not a reply (a server that went wrong). PosixErrors.Restart (a
        // call a signal interrupted before it did anything, whose handler never ran: the signal
        // stopped the process, or was ignored after all) makes the call again, as Linux restarts
        // an ERESTARTSYS call when no handler runs: its `syscall` is rewound, RAX still its number.
        public static void Answer(int slot)
        {
            ref Message reply = ref IpcProcesses.Engine.IncomingOf(slot);
            long result = reply.Type == PosixRequests.Reply ? reply.Payload<PosixReply>().Result : -(long)LinuxErrno.EIO;
            TrapFrame* frame = ProcessTable.FrameOf(slot);
            if (result == PosixErrors.Restart) frame->Rip -= SyscallLength;
            else frame->Rax = (ulong)result;
            if (s_traced.Length > 0) Trace(slot, result);
        }

        private static bool IsTraced(int slot) => ProcessTable.ImageOf(slot).Name == s_traced;

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void TraceCall(int slot, long number, TrapFrame* frame) =>
            SystemConsole.Print("strace: %s[%d] %ld(%lx, %lx, %lx)\n", s_traced, slot, number, (long)frame->Rdi, (long)frame->Rsi, (long)frame->Rdx);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static long Trace(int slot, long result)
        {
            if (s_traced.Length > 0 && IsTraced(slot)) SystemConsole.Print("strace: %s[%d] = %ld\n", s_traced, slot, result);
            return result;
        }

        private const ulong SyscallLength = 2;                      // `syscall` is 0F 05

        // A server that is there to answer: running or waiting, or crashed and waiting for RS to
        // bring it back (the call waits in its queue, and fails with EIO if it never comes back).
        private static bool Serves(int server)
        {
            ProcessState state = ProcessTable.Slot(server).State;
            return state == ProcessState.Runnable || state == ProcessState.Blocked || state == ProcessState.AwaitingVm
                   || state == ProcessState.Suspended;
        }

        // AnsweredHere's word for a call PM answers after all: the process's ids are not set yet
        // (a new process, between its creation and PM's POSIXIDS). No result is this.
        private const long AskPm = long.MinValue;

        // The calls the kernel answers without a message: getpid, gettid and getppid from the ids
        // PM set (POSIXIDS); sched_yield, which is the scheduler's (the caller goes to the back of
        // its queue, as at the end of its quantum); getcpu, the processor it runs on (one NUMA
        // node: 0); arch_prctl, which touches only registers.
        private static long AnsweredHere(int slot, long number, TrapFrame* frame)
        {
            ref Process.Process process = ref ProcessTable.Slot(slot);
            switch (number)
            {
                case LinuxCalls.Getpid:
                case LinuxCalls.Gettid:
                    return process.Pid != 0 ? process.Pid : AskPm;
                case LinuxCalls.Getppid:
                    return process.Pid != 0 ? process.ParentPid : AskPm;
                case LinuxCalls.SchedYield:
                    Scheduler.Remove(slot);
                    Scheduler.MakeRunnable(slot);
                    return 0;
                case LinuxCalls.Getcpu:
                    return GetCpu(frame->Rdi, frame->Rsi);
                default:
                    return Registers(ref process, frame);
            }
        }

        private static long GetCpu(ulong cpuAddress, ulong nodeAddress)
        {
            uint cpu = CpuLocal.Current.CpuId, node = 0;
            if (cpuAddress != 0 && new UserSlice<Writable>(cpuAddress, sizeof(uint)).CopyFrom(new System.ReadOnlySpan<byte>(&cpu, sizeof(uint))) != Errno.Ok)
                return -(long)LinuxErrno.EFAULT;
            if (nodeAddress != 0 && new UserSlice<Writable>(nodeAddress, sizeof(uint)).CopyFrom(new System.ReadOnlySpan<byte>(&node, sizeof(uint))) != Errno.Ok)
                return -(long)LinuxErrno.EFAULT;
            return 0;
        }

        // arch_prctl: the FS base (thread-local storage), the one register a program sets by a
        // system call. The base must lie in the user half, as Linux requires.
        private static long Registers(ref Process.Process process, TrapFrame* frame)
        {
            long code = (long)frame->Rdi;
            ulong address = frame->Rsi;
            if (code == ArchSetFs)
            {
                if (address >= UserAccess.UserLimit) return -(long)LinuxErrno.EPERM;
                process.FsBase = address;
                Scheduler.LoadFsBase(ref CpuLocal.Current, address);
                return 0;
            }
            if (code == ArchGetFs)
            {
                ulong fsBase = process.FsBase;
                return new UserSlice<Writable>(address, sizeof(ulong)).CopyFrom(new System.ReadOnlySpan<byte>(&fsBase, sizeof(ulong))) == Errno.Ok
                    ? 0 : -(long)LinuxErrno.EFAULT;
            }
            return -(long)LinuxErrno.EINVAL;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static long NoSuchCall(int slot, long number)
        {
            int index = (ulong)number < LinuxCalls.Count ? (int)number : LinuxCalls.Count;
            if (!s_reported[index])
            {
                s_reported[index] = true;
                SystemConsole.Print("lunix: %s made Linux system call %ld, which Lunix does not have: ENOSYS\n", ProcessTable.ImageOf(slot).Name, number);
            }
            return -(long)LinuxErrno.ENOSYS;
        }
    }
}
