using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // fork, vfork and clone (MINIX's do_fork): VM has the kernel copy the caller, which waits for
    // PM, into a new process that waits for PM too (VmRequests.ForkProcess: copy-on-write memory
    // and VM's regions), PM gives it a record (a pid; the parent's signal actions, mask,
    // alternate stack, ids, limits, groups and nice value; no pending signal, no timer), VFS
    // copies its descriptors (PmVfsRequests.Fork), and both are answered: 0 to the child, its pid
    // to the parent. clone's flags (CloneFlags) add: the exit signal, a stack for the child (musl's
    // posix_spawn) and a thread pointer, the child's tid written to the parent's or the child's
    // memory, CLONE_PARENT. A vfork parent is held until the child execs or ends. EAGAIN when
    // PM's table is full, RLIMIT_NPROC is reached (by a user other than root) or the kernel has
    // no slot; ENOMEM without memory for the copy.
    internal static class ForkCall
    {
        public static long Clone(int record, ulong flags, ulong stack, ulong parentTid, ulong childTid, ulong tls)
        {
            ref PosixProcess parent = ref PosixProcesses.At(record);
            LinuxErrno refused = CloneFlags.Check(flags, parent.Pid == PosixProcesses.InitPid);
            if (refused != 0) return -(long)refused;
            if (!PosixProcesses.HasFreeRecord()) return -(long)LinuxErrno.EAGAIN;
            if (parent.Ids.Ruid != 0 && (ulong)PosixProcesses.CountOfUser(parent.Ids.Ruid) >= ResourceLimits.Of(record, ResourceLimits.Processes).Current)
                return -(long)LinuxErrno.EAGAIN;

            long endpoint = Copy(parent.Endpoint);
            if (endpoint < 0) return endpoint == -(long)LinuxErrno.ENOMEM ? endpoint : -(long)LinuxErrno.EAGAIN;
            int child = PosixProcesses.Add((int)endpoint);
            ref PosixProcess copy = ref PosixProcesses.At(child);
            ref PosixProcess from = ref PosixProcesses.At(record);
            copy.ParentPid = (flags & CloneFlags.Parent) != 0 ? from.ParentPid : from.Pid;
            copy.ExitSignal = (flags & CloneFlags.Parent) != 0 ? from.ExitSignal : (int)(flags & CloneFlags.ExitSignalMask);
            copy.ProcessGroup = from.ProcessGroup;
            copy.Session = from.Session;
            copy.Name = from.Name;
            copy.Ids = from.Ids;
            copy.Nice = from.Nice;
            copy.Mask = from.Mask;
            copy.AltStack = from.AltStack;
            copy.ClearChildTid = (flags & CloneFlags.ChildClearTid) != 0 ? childTid : 0;
            SignalActions.Copy(record, child);
            ResourceLimits.Copy(record, child);
            IdentityCalls.Copy(record, child);

            // A stack or thread pointer outside the user half is EINVAL.
            long failed = 0;
            if (stack != 0 && Kernel.SetRegister(copy.Endpoint, UserRegisters.StackPointer, stack) != 0) failed = -(long)LinuxErrno.EINVAL;
            if (failed == 0 && (flags & CloneFlags.SetTls) != 0 && Kernel.SetRegister(copy.Endpoint, UserRegisters.FsBase, tls) != 0)
                failed = -(long)LinuxErrno.EINVAL;
            if (failed == 0)
            {
                long told = VfsNews.Fork(in from, in copy);
                if (told < 0 && !VfsNews.NotKnown(told)) failed = told;
            }
            if (failed != 0)
            {
                // Undone: the child never ran.
                Syscalls.KernelCall(KernelCalls.Clear, copy.Endpoint);
                PosixProcesses.Release(child);
                return failed;
            }
            // A tid that cannot be written is the program's problem, not the fork's (as on Linux).
            if ((flags & CloneFlags.ChildSetTid) != 0) UserMemory.WriteInt32(copy.Endpoint, childTid, copy.Pid);
            if ((flags & CloneFlags.ParentSetTid) != 0) UserMemory.WriteInt32(from.Endpoint, parentTid, copy.Pid);
            KernelIds.Tell(in copy);

            Pm.Reply(copy.Endpoint, 0);
            if ((flags & CloneFlags.Vfork) == 0) return copy.Pid;
            copy.VforkParent = record;
            from.Held = HeldCall.Vfork;
            from.Answer = copy.Pid;
            return ProcessCalls.NoReply;
        }

        // VM's fork of the process: the child's endpoint, or a negated Linux errno.
        private static long Copy(int endpoint)
        {
            Message message = default;
            message.Type = VmRequests.ForkProcess;
            message.Payload<VmForkProcess>().Process = endpoint;
            if (Syscalls.Request(BootEndpoints.Vm, ref message, VmRequests.ForkProcess + 1) != 0) return -(long)LinuxErrno.EAGAIN;
            long result = message.Payload<VmReply>().Result;
            return result >= 0 ? result : result == -(long)Errno.ENOMEM ? -(long)LinuxErrno.ENOMEM : -(long)LinuxErrno.EAGAIN;
        }
    }
}
