using Lunix.Abi;
using Lunix.Arch.X86;
using Lunix.Kernel.Ipc;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // RUNCTL (MINIX's sys_runctl): a0 = the endpoint of a process the caller manages, a1 =
    // RunCtlRequests.Stop or Resume. PM holds a POSIX process still while it changes its state
    // (a signal frame, a job-control stop), so that nothing the process receives meanwhile lets it
    // run. Stop takes it off the CPU and says what it was doing (a RunStates value): Ready (in
    // user mode, or its call's answer is in; a call still queued for its server is taken back and
    // its `syscall` rewound, so that it is made again when the process runs, as if the signal had
    // come just before it), InCall (a server, or VM for a page fault, has yet to answer: the kernel
    // raises Signals.CallAnswered for the caller when it does), WaitsForCaller, or Faulted.
    // Resume lets it run again once nothing else holds it. EINVAL for a process that is neither
    // live nor faulted (a live update's held copy, a program not yet allowed to run).
    internal static unsafe class DoRunCtl
    {
        private const ulong SyscallLength = 2;                      // `syscall` is 0F 05

        public static long Run(int slot, long endpoint, long request)
        {
            Errno refused = ManagedTarget.Resolve(slot, endpoint, out int target);
            if (refused != Errno.Ok) return -(long)refused;
            ref Process.Process process = ref ProcessTable.Slot(target);
            if (!process.IsLive && process.State != ProcessState.Suspended) return -(long)Errno.EINVAL;
            IpcEngine engine = IpcProcesses.Engine;
            switch (request)
            {
                case RunCtlRequests.Stop:
                    engine.SetStopped(target, true);
                    if (process.State == ProcessState.Runnable)
                    {
                        Scheduler.Remove(target);
                        process.State = ProcessState.Blocked;
                    }
                    return StateOf(slot, target);
                case RunCtlRequests.Resume:
                    engine.SetStopped(target, false);
                    if (process.State == ProcessState.Suspended || process.State == ProcessState.Blocked && !engine[target].IsBlocked)
                        Scheduler.MakeRunnable(target);
                    return 0;
                default:
                    return -(long)Errno.EINVAL;
            }
        }

        private static long StateOf(int caller, int target)
        {
            ref Process.Process process = ref ProcessTable.Slot(target);
            if (process.State == ProcessState.Suspended) return RunStates.Faulted;
            if (process.State == ProcessState.AwaitingVm) return RunStates.InCall;
            ref readonly ProcessSlot ipc = ref IpcProcesses.Engine[target];
            if (!ipc.IsBlocked) return RunStates.Ready;
            if (process.Posix && IpcProcesses.Engine.WithdrawCall(target))
            {
                ProcessTable.FrameOf(target)->Rip -= SyscallLength;   // RAX still holds the call's number
                return RunStates.Ready;
            }
            return ipc.ReceiveFrom == IpcProcesses.EndpointOf(caller) ? RunStates.WaitsForCaller : RunStates.InCall;
        }
    }
}
