using Lunix.Abi;
using Lunix.Kernel.Ipc;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // REGISTERS (MINIX's sys_getmcontext and sys_setmcontext, for one register): a0 = the
    // endpoint of a process the caller manages, waiting for its reply, a1 = UserRegisters.X, a2 =
    // the value, a3 = RegisterAccess.Read or Write. PM's clone starts a child on the stack the
    // caller gave it (StackPointer: musl's posix_spawn runs its child on a stack of its own) or
    // with a thread pointer (FsBase: CLONE_SETTLS); sigaltstack reads the stack pointer (is the
    // caller on its alternate stack?). Read returns the value. A value set must be a user
    // address: EINVAL otherwise, or for a process not waiting for the caller.
    internal static unsafe class DoRegisters
    {
        public static long Run(int slot, long endpoint, long register, ulong value, long access)
        {
            Errno refused = ManagedTarget.Resolve(slot, endpoint, out int target);
            if (refused != Errno.Ok) return -(long)refused;
            ref readonly ProcessSlot ipc = ref IpcProcesses.Engine[target];
            if (ProcessTable.Slot(target).State != ProcessState.Blocked || (ipc.Flags & (ProcessFlags.Sending | ProcessFlags.Receiving)) != ProcessFlags.Receiving
                || ipc.ReceiveFrom != IpcProcesses.EndpointOf(slot) || access != RegisterAccess.Read && access != RegisterAccess.Write
                || access == RegisterAccess.Write && value >= Arch.X86.Memory.UserAccess.UserLimit)
                return -(long)Errno.EINVAL;
            if (access == RegisterAccess.Read)
                return register switch
                {
                    UserRegisters.StackPointer => (long)ProcessTable.FrameOf(target)->Rsp,
                    UserRegisters.FsBase => (long)ProcessTable.Slot(target).FsBase,
                    _ => -(long)Errno.EINVAL,
                };
            switch (register)
            {
                case UserRegisters.StackPointer:
                    ProcessTable.FrameOf(target)->Rsp = value;
                    return 0;
                case UserRegisters.FsBase:
                    ProcessTable.Slot(target).FsBase = value;      // loaded when it next runs (Scheduler's switch)
                    return 0;
                default:
                    return -(long)Errno.EINVAL;
            }
        }
    }
}
