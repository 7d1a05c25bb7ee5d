using Lunix.Abi;
using Lunix.Kernel.Interrupts;
using Lunix.Kernel.Ipc;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // PRIVCTL: another process's privileges (MINIX's do_privctl). a0 = target endpoint, a1 =
    // request (PrivCtlRequests): StopGranting clears the target's kernel-call mask (it becomes a
    // restricted process), CopyPrivileges gives it the caller's privileges (IPC primitives, send
    // targets, kernel calls, I/O port ranges), MakeUser makes it a user process (MINIX's
    // SYS_PRIV_SET_USER): its own record returns to the pool and it shares the user record, with
    // a user process's rights. Allow lets a boot program the kernel loaded and holds run (RS
    // starting the kernel's boot table in its own order, MINIX's SYS_PRIV_ALLOW). A change to a
    // process that shares the user record is made in a record of its own, taken first, never in
    // the shared one (IpcEngine's PrivilegeRecords). Returns 0, EINVAL for a bad request or an
    // Allow of a process that is not held, EDEADSRCDST for a target that is not a live endpoint,
    // EPERM for the caller itself (a process cannot lock itself out), EAGAIN when the target
    // needs a record of its own and none is free (nothing changes).
    // AddPorts, AddMemory and AddIrq (a2, a3: the range or the line) add one device's resources
    // to the target's privileges: the PCI server's answer to a driver reserving its device.
    // Memory is added as the whole pages that hold [a2, a2 + a3), which is what VM maps. A range
    // the table has no room for is ENOSPC, an empty range or a line past the PIC's EINVAL; a
    // range the target has already is no change.
    internal static class DoPrivCtl
    {
        public static long Run(int slot, long endpoint, long request, ulong first, ulong last)
        {
            if (request is not (PrivCtlRequests.StopGranting or PrivCtlRequests.CopyPrivileges or PrivCtlRequests.MakeUser or PrivCtlRequests.Allow
                or PrivCtlRequests.AddPorts or PrivCtlRequests.AddMemory or PrivCtlRequests.AddIrq))
                return -(long)Errno.EINVAL;
            if (!IpcProcesses.TryResolve(endpoint, out int target)) return -(long)Errno.EDEADSRCDST;
            if (target == slot) return -(long)Errno.EPERM;
            if (request == PrivCtlRequests.Allow) return Allow(target);
            if (request == PrivCtlRequests.MakeUser)
            {
                IpcProcesses.MakeUser(target);
                return 0;
            }
            if (request is PrivCtlRequests.AddPorts or PrivCtlRequests.AddMemory or PrivCtlRequests.AddIrq) return AddResource(target, request, first, last);
            Privileges changed = request == PrivCtlRequests.CopyPrivileges ? IpcProcesses.PrivilegesOf(slot) : IpcProcesses.PrivilegesOf(target);
            if (request == PrivCtlRequests.StopGranting) changed.ClearCalls();
            return -(long)IpcProcesses.SetPrivileges(target, changed);
        }

        private static long AddResource(int target, long request, ulong first, ulong last)
        {
            Privileges changed = IpcProcesses.PrivilegesOf(target);
            if (request == PrivCtlRequests.AddIrq)
            {
                if (first >= IrqLines.Count) return -(long)Errno.EINVAL;
                changed.IrqMask |= 1u << (int)first;
            }
            else if (request == PrivCtlRequests.AddMemory)
            {
                const ulong PageMask = VmRequests.PageSize - 1;
                ulong length = last;
                if (length == 0 || first + length < first || first + length + PageMask < first + length) return -(long)Errno.EINVAL;
                ulong start = first & ~PageMask, end = ((first + length + PageMask) & ~PageMask) - 1;
                if (changed.MayMapMemory(start, end - start + 1)) return 0;
                if (!changed.AllowMemory(start, end)) return -(long)Errno.ENOSPC;
            }
            else
            {
                if (last < first || last > 0xFFFF) return -(long)Errno.EINVAL;
                if (changed.MayUsePort(first, (int)(last - first + 1))) return 0;
                if (!changed.AllowPorts((ushort)first, (ushort)last)) return -(long)Errno.ENOSPC;
            }
            return -(long)IpcProcesses.SetPrivileges(target, changed);
        }

        private static long Allow(int target)
        {
            if (ProcessTable.Slot(target).State != ProcessState.Loaded) return -(long)Errno.EINVAL;
            Scheduler.MakeRunnable(target);
            return 0;
        }
    }
}
