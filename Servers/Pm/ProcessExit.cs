using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // A process's end and its parent's wait (MINIX's PM exit and wait): the kernel ends the
    // process at once (CLEAR: its memory and slot are free), and PM keeps what its parent may
    // still ask for, pid and status, as a zombie until wait4 reaps it. Children of a process that
    // ends go to init, pid 1, as on Linux; when init itself ends, the console says how.
    internal static class ProcessExit
    {
        private const long WaitNoHang = 1;

        private struct Zombie
        {
            public int Pid, ParentPid, Status;
        }

        private static readonly Zombie[] s_zombies = new Zombie[Endpoint.Slots];
        private static int s_zombieCount;

        // status: Linux's wait encoding (exit code << 8, or the terminating signal).
        public static void Exit(int slot, int status)
        {
            ref PosixProcess process = ref PosixProcesses.At(slot);
            int pid = process.Pid, parentPid = process.ParentPid;
            // Said before the kernel clears init: with `poweroff`, that clear may be the last work.
            if (pid == PosixProcesses.InitPid) Report(status);
            ProcFsNews.Exit(process.Endpoint);
            Syscalls.KernelCall(KernelCalls.Clear, process.Endpoint);
            process.Phase = ProcessPhase.Free;
            for (int child = 0; child < PosixProcesses.Count; child++)
            {
                ref PosixProcess other = ref PosixProcesses.At(child);
                if (other.Phase == ProcessPhase.Alive && other.ParentPid == pid) other.ParentPid = PosixProcesses.InitPid;
            }
            for (int i = 0; i < s_zombieCount; i++)
                if (s_zombies[i].ParentPid == pid) s_zombies[i].ParentPid = PosixProcesses.InitPid;
            if (pid == PosixProcesses.InitPid) return;
            if (s_zombieCount < s_zombies.Length) s_zombies[s_zombieCount++] = new Zombie { Pid = pid, ParentPid = parentPid, Status = status };
            int parent = PosixProcesses.SlotOfPid(parentPid);
            if (parent >= 0 && PosixProcesses.At(parent).Waiting) FinishWait(parent);
        }

        // wait4(pid, status, options): a zombie child's pid (its status written), 0 with WNOHANG
        // and none yet, ECHILD without such a child; otherwise the caller waits (NoReply) until
        // one ends.
        public static long Wait(int slot, long pid, ulong statusAddress, long options)
        {
            ref PosixProcess process = ref PosixProcesses.At(slot);
            process.WaitFor = pid > 0 ? pid : -1;
            process.WaitStatusAddress = statusAddress;
            long reaped = Reap(slot);
            if (reaped != 0) return reaped;
            if (!HasChild(process.Pid, process.WaitFor)) return -(long)LinuxErrno.ECHILD;
            if ((options & WaitNoHang) != 0) return 0;
            process.Waiting = true;
            return ProcessCalls.NoReply;
        }

        private static void FinishWait(int slot)
        {
            long reaped = Reap(slot);
            if (reaped == 0) return;
            ref PosixProcess process = ref PosixProcesses.At(slot);
            process.Waiting = false;
            Pm.Reply(process.Endpoint, reaped);
        }

        // The first zombie child the process waits for, removed: its pid; 0 when none.
        private static long Reap(int slot)
        {
            ref PosixProcess process = ref PosixProcesses.At(slot);
            for (int i = 0; i < s_zombieCount; i++)
            {
                Zombie zombie = s_zombies[i];
                if (zombie.ParentPid != process.Pid || process.WaitFor > 0 && zombie.Pid != process.WaitFor) continue;
                if (process.WaitStatusAddress != 0)
                {
                    Span<byte> status = stackalloc byte[4];
                    status[0] = (byte)zombie.Status;
                    status[1] = (byte)(zombie.Status >> 8);
                    if (new ProcessSlice<Writable>(process.Endpoint, process.WaitStatusAddress, 4).CopyFrom(status) != 0)
                        return -(long)LinuxErrno.EFAULT;
                }
                s_zombies[i] = s_zombies[--s_zombieCount];
                return zombie.Pid;
            }
            return 0;
        }

        private static bool HasChild(int pid, long wanted)
        {
            for (int i = 0; i < s_zombieCount; i++)
                if (s_zombies[i].ParentPid == pid && (wanted < 0 || s_zombies[i].Pid == wanted)) return true;
            for (int slot = 0; slot < PosixProcesses.Count; slot++)
            {
                ref PosixProcess other = ref PosixProcesses.At(slot);
                if (other.Phase == ProcessPhase.Alive && other.ParentPid == pid && (wanted < 0 || other.Pid == wanted)) return true;
            }
            return false;
        }

        // init's end, which Linux would panic over; here the console says how it ended, and
        // `poweroff` turns the machine off once nothing else runs.
        private static void Report(int status)
        {
            var line = new ConsoleLine(stackalloc char[96]).Append("pm: init (pid 1) ");
            line = (status & 0x7F) == 0 ? line.Append("exited with status ").Append((ulong)(status >> 8)) : line.Append("was killed by signal ").Append((ulong)(status & 0x7F));
            line.Print();
        }
    }
}
