using Lunix.Arch.X86;
using Lunix.Abi;
using Lunix.Kernel.Ipc;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // The system-call door: RAX = (class << 16) | number (Abi/Traps.cs). Kernel calls are
    // dispatched by number to one file each (MINIX's kernel/system/do_*.c); the IPC class goes to
    // the message-passing engine. Results are 0 or a negated Errno, returned in RAX.
    internal static unsafe class KernelCallTable
    {
        // What a call returns when it waits for VM (VmSuspension.KernelCall): the caller's saved
        // RAX still holds the trap number, for the call to be made again. No Errno is this.
        public const long Suspended = long.MinValue;

        // What a call returns when it moved its caller to another slot (UPDATE by RS of itself): the
        // result is already in the caller's new frame, and the dispatcher's frame is another's.
        public const long CallerMoved = long.MinValue + 1;

        // What a POSIX process's system call returns when it went to its server (PosixDoor): the
        // process waits for the reply, which sets its RAX.
        public const long Routed = long.MinValue + 2;

        public static long Dispatch(int slot, TrapFrame* frame)
        {
            int trapClass = (int)(frame->Rax >> 16);
            int number = (int)(frame->Rax & 0xFFFF);
            if (trapClass == Traps.IpcClass) return IpcTrap.Dispatch(slot, number, frame);
            if (trapClass == Traps.KernelCallClass)
            {
                if (number < 1 || number > KernelCalls.Last) return -(long)Errno.ENOSYS;
                // The caller's kernel-call mask (MINIX's s_k_call_mask).
                if (!IpcProcesses.MayCall(slot, number)) return Denied(slot, frame);
                switch (number)
                {
                    case KernelCalls.DiagCtl: return DoDiagCtl.Run(slot, frame->Rdi, frame->Rsi, (long)frame->Rdx);
                    case KernelCalls.Exit: return DoExit.Run(slot, (int)frame->Rdi);
                    case KernelCalls.Times: return DoTimes.Run(slot, frame->Rdi);
                    case KernelCalls.GetInfo: return DoGetInfo.Run(slot, frame->Rdi, frame->Rsi, (long)frame->Rdx, frame->R10);
                    case KernelCalls.SetAlarm: return DoSetAlarm.Run(slot, (long)frame->Rdi);
                    case KernelCalls.Umap: return DoUmap.Run(slot, frame->Rdi, frame->Rsi);
                    case KernelCalls.DevIo: return DoDevIo.Run(slot, frame->Rdi, (long)frame->Rsi, frame->Rdx);
                    case KernelCalls.VDevIo: return DoVDevIo.Run(slot, frame->Rdi, (long)frame->Rsi, (long)frame->Rdx);
                    case KernelCalls.PrivCtl: return DoPrivCtl.Run(slot, (long)frame->Rdi, (long)frame->Rsi, frame->Rdx, frame->R10);
                    case KernelCalls.IrqCtl: return DoIrqCtl.Run(slot, (long)frame->Rdi, (long)frame->Rsi);
                    case KernelCalls.SetGrant: return DoSetGrant.Run(slot, frame->Rdi, frame->Rsi);
                    case KernelCalls.SafeCopyFrom: return DoSafeCopy.Run(slot, frame->Rdi, GrantFlags.Read);
                    case KernelCalls.SafeCopyTo: return DoSafeCopy.Run(slot, frame->Rdi, GrantFlags.Write);
                    case KernelCalls.Kill: return DoKill.Run(slot, (long)frame->Rdi, (long)frame->Rsi);
                    case KernelCalls.GetKSig: return DoGetKSig.Run(slot, frame->Rdi);
                    case KernelCalls.Clear: return DoClear.Run(slot, (long)frame->Rdi);
                    case KernelCalls.Restart: return DoRestart.Run(slot, (long)frame->Rdi, (long)frame->Rsi);
                    case KernelCalls.Update: return DoUpdate.Run(slot, (long)frame->Rdi, (long)frame->Rsi);
                    case KernelCalls.Spawn: return DoSpawn.Run(slot, (long)frame->Rdi);
                    case KernelCalls.Abort: return DoAbort.Run(slot, frame->Rdi, frame->Rsi);
                    case KernelCalls.VmResolve: return DoVmResolve.Run((long)frame->Rdi, frame->Rsi, (long)frame->Rdx, (long)frame->R10);
                    case KernelCalls.VmMap: return DoVmMap.Run((long)frame->Rdi, frame->Rsi, frame->Rdx, (long)frame->R10);
                    case KernelCalls.VmMapPhysical: return DoVmMapPhysical.Run((long)frame->Rdi, frame->Rsi, frame->Rdx, (long)frame->R10);
                    case KernelCalls.VmMapContiguous: return DoVmMapContiguous.Run((long)frame->Rdi, frame->Rsi, frame->Rdx);
                    case KernelCalls.VmUnmap: return DoVmUnmap.Run((long)frame->Rdi, frame->Rsi, frame->Rdx);
                    case KernelCalls.VmShare: return DoVmShare.Run(frame->Rdi);
                    case KernelCalls.VmProtect: return DoVmProtect.Run((long)frame->Rdi, frame->Rsi, frame->Rdx, (long)frame->R10);
                    case KernelCalls.VmMove: return DoVmMove.Run((long)frame->Rdi, frame->Rsi, frame->Rdx, frame->R10);
                    case KernelCalls.VmQuery: return DoVmQuery.Run(slot, (long)frame->Rdi, frame->Rsi, frame->Rdx, frame->R10);
                    case KernelCalls.VmRegions: return DoVmRegions.Run((long)frame->Rdi, (long)frame->Rsi, frame->Rdx, frame->R10);
                    case KernelCalls.Fork: return DoFork.Run(slot, (long)frame->Rdi);
                    case KernelCalls.LoadProgram: return DoLoadProgram.Run(slot, frame->Rdi);
                    case KernelCalls.Exec: return DoExec.Run(slot, frame->Rdi);
                    case KernelCalls.VirCopy: return DoVirCopy.Run(slot, frame->Rdi, frame->Rsi, frame->Rdx, frame->R10);
                    case KernelCalls.RunCtl: return DoRunCtl.Run(slot, (long)frame->Rdi, (long)frame->Rsi);
                    case KernelCalls.SigSend: return DoSigSend.Run(slot, frame->Rdi);
                    case KernelCalls.SigReturn: return DoSigReturn.Run(slot, (long)frame->Rdi, frame->Rsi);
                    case KernelCalls.Registers: return DoRegisters.Run(slot, (long)frame->Rdi, (long)frame->Rsi, frame->Rdx, (long)frame->R10);
                    case KernelCalls.Reboot: return DoReboot.Run((long)frame->Rdi);
                    case KernelCalls.PosixIds: return DoPosixIds.Run(slot, (long)frame->Rdi, (long)frame->Rsi, (long)frame->Rdx);
                    case KernelCalls.FutexKey: return DoFutexKey.Run(slot, (long)frame->Rdi, frame->Rsi);
                    case KernelCalls.Affinity: return DoAffinity.Run(slot, (long)frame->Rdi, frame->Rsi);
                }
            }
            // Linux's numbers are small (class 0); a POSIX process gets Linux's ENOSYS for the rest.
            if (ProcessTable.Slot(slot).Posix) return PosixDoor.Trap(slot, frame);
            return -(long)Errno.EBADCALL;
        }

        // A kernel call the caller's mask refuses; a POSIX process (whose mask allows none) made
        // a Linux call with a number Linux does not have.
        private static long Denied(int slot, TrapFrame* frame) =>
            ProcessTable.Slot(slot).Posix ? PosixDoor.Trap(slot, frame) : -(long)Errno.ECALLDENIED;

    }
}
