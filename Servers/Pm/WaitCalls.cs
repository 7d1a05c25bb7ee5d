using System;
using Lunix.Abi.Linux;

namespace Lunix.Servers.Pm
{
    // wait4 and waitid (MINIX's do_wait, Linux's do_wait): the first child the request selects
    // with something to report (WaitRules) is reported at once; with none, WNOHANG answers 0,
    // and otherwise PM holds the call until a child ends, stops or continues (ChildChanged).
    // ECHILD when no child is selected at all. Reporting an end reaps the zombie (not with
    // waitid's WNOWAIT), and adds its CPU time to the parent's children's.
    internal static class WaitCalls
    {
        // The siginfo fields waitid writes (si_signo, si_errno, si_code, si_pid, si_uid,
        // si_status), as Linux writes them: the rest of the caller's siginfo stays as it was.
        private const int WaitidFields = 28;

        public static long Wait4(int record, long pid, ulong statusAddress, long options, ulong usageAddress)
        {
            if (!WaitRules.ValidWait4Options((int)options) || (options >> 32) != 0) return -(long)LinuxErrno.EINVAL;
            if (pid == int.MinValue || pid > int.MaxValue || pid < int.MinValue) return -(long)LinuxErrno.ESRCH;
            ref PosixProcess process = ref PosixProcesses.At(record);
            WaitRequest request = WaitRules.ForWait4(pid, (int)options, process.ProcessGroup);
            request.StatusAddress = statusAddress;
            request.UsageAddress = usageAddress;
            return Check(record, in request);
        }

        public static long Waitid(int record, long type, long id, ulong infoAddress, long options, ulong usageAddress)
        {
            if (!WaitRules.ValidWaitidOptions((int)options) || (options >> 32) != 0) return -(long)LinuxErrno.EINVAL;
            ref PosixProcess process = ref PosixProcesses.At(record);
            var request = new WaitRequest { Options = (int)options, Waitid = true, StatusAddress = infoAddress, UsageAddress = usageAddress };
            switch (type)
            {
                case WaitRules.P_ALL:
                    request.Selector = WaitSelector.Any;
                    break;
                case WaitRules.P_PID:
                    if (id <= 0 || id > int.MaxValue) return -(long)LinuxErrno.EINVAL;
                    request.Selector = WaitSelector.Pid;
                    request.Id = (int)id;
                    break;
                case WaitRules.P_PGID:
                    if (id < 0 || id > int.MaxValue) return -(long)LinuxErrno.EINVAL;
                    request.Selector = WaitSelector.Group;
                    request.Id = id == 0 ? process.ProcessGroup : (int)id;
                    break;
                case WaitRules.P_PIDFD:
                    return -(long)LinuxErrno.EBADF;             // Lunix has no pidfds, so no descriptor is one
                default:
                    return -(long)LinuxErrno.EINVAL;
            }
            return Check(record, in request);
        }

        // Something of a child of `parent` changed: a wait it is in may be answered now.
        public static void ChildChanged(int parent)
        {
            ref PosixProcess process = ref PosixProcesses.At(parent);
            if (!process.IsAlive || process.Held != HeldCall.Wait) return;
            int child = WaitRules.Find(process.Pid, in process.Wait, out WaitEvent what, out bool anySelected);
            if (child != PosixProcesses.None) HeldCalls.Finish(parent, Report(parent, child, what, in process.Wait));
            else if (!anySelected) HeldCalls.Finish(parent, -(long)LinuxErrno.ECHILD);
        }

        private static long Check(int record, in WaitRequest request)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            int child = WaitRules.Find(process.Pid, in request, out WaitEvent what, out bool anySelected);
            if (child != PosixProcesses.None) return Report(record, child, what, in request);
            if (!anySelected) return -(long)LinuxErrno.ECHILD;
            if ((request.Options & WaitRules.WNOHANG) != 0)
            {
                // waitid's "nothing yet": a zeroed siginfo (si_pid 0), as Linux leaves it.
                if (request.Waitid && request.StatusAddress != 0)
                {
                    Span<byte> none = stackalloc byte[WaitidFields];
                    none.Clear();
                    if (UserMemory.Write(process.Endpoint, request.StatusAddress, none) != 0) return -(long)LinuxErrno.EFAULT;
                }
                return 0;
            }
            process.Held = HeldCall.Wait;
            process.Wait = request;
            return ProcessCalls.NoReply;
        }

        // The child's change told to its parent's call: wait4's pid and status, or waitid's 0 and
        // siginfo; its rusage. An end is reaped unless waitid's WNOWAIT leaves the zombie.
        private static long Report(int parent, int child, WaitEvent what, in WaitRequest request)
        {
            ref PosixProcess waiter = ref PosixProcesses.At(parent);
            ref PosixProcess changed = ref PosixProcesses.At(child);
            long result = request.Waitid ? 0 : changed.Pid;
            if (request.Waitid && request.StatusAddress != 0)
            {
                WaitRules.InfoOf(what, in changed, out int code, out int status);
                var info = new SignalInfo { Signal = LinuxSignals.SIGCHLD, Code = code, Pid = changed.Pid, Uid = changed.Ids.Ruid, Status = status };
                Span<byte> bytes = stackalloc byte[SignalFrame.InfoSize];
                info.WriteTo(bytes);
                if (UserMemory.Write(waiter.Endpoint, request.StatusAddress, bytes.Slice(0, WaitidFields)) != 0) result = -(long)LinuxErrno.EFAULT;
            }
            else if (!request.Waitid && request.StatusAddress != 0
                     && UserMemory.WriteInt32(waiter.Endpoint, request.StatusAddress, WaitRules.StatusOf(what, in changed)) != 0)
                result = -(long)LinuxErrno.EFAULT;
            if (request.UsageAddress != 0)
            {
                ulong ticks = changed.UserTicks, resident = changed.ResidentPeak;
                if (changed.IsAlive) Usage.Sample(child, out ticks, out resident);
                if (Usage.Write(waiter.Endpoint, request.UsageAddress, ticks, resident) != 0) result = -(long)LinuxErrno.EFAULT;
            }
            if ((request.Options & WaitRules.WNOWAIT) != 0) return result;
            if (what == WaitEvent.Exited)
            {
                waiter.ChildTicks += changed.UserTicks + changed.ChildTicks;
                waiter.ChildResidentPeak = Math.Max(waiter.ChildResidentPeak, Math.Max(changed.ResidentPeak, changed.ChildResidentPeak));
                ChildTicksView.Waited(in waiter);
                PosixProcesses.Release(child);
            }
            else changed.Report = ChildReport.None;
            return result;
        }
    }
}
