using System;
using Lunix.Abi;

namespace Lunix.Servers.ProcFs
{
    // The per-process files in Linux's formats (fs/proc/array.c, base.c, task_mmu.c), as
    // busybox's ps and top parse them. Figures Lunix does not keep per process (page faults,
    // system time: a process's time is all user time, the servers' is theirs) are 0.
    public static class ProcessFormats
    {
        // /proc/PID/stat: the 52 fields of do_task_stat, one line.
        public static void Stat(ref ProcText text, in ProcessFacts process)
        {
            text.Number(process.Pid).Text(" (").Bytes(process.Name).Text(") ").Char(process.State).Char(' ');
            text.Number(process.ParentPid).Char(' ').Number(process.ProcessGroup).Char(' ').Number(process.Session);
            text.Text(" 0 -1 4194304");                          // tty_nr, tpgid, flags (PF_RANDOMIZE... as a user task)
            text.Text(" 0 0 0 0 ");                              // minflt cminflt majflt cmajflt
            text.Unsigned(process.UserTicks).Text(" 0 ");        // utime stime
            text.Unsigned(process.ChildTicks).Text(" 0");        // cutime cstime
            text.Text(" 20 0 1 0 ");                             // priority, nice, num_threads, itrealvalue
            text.Unsigned(process.StartTicks).Char(' ');         // starttime
            text.Unsigned(process.VirtualBytes).Char(' ');       // vsize in bytes
            text.Unsigned(process.ResidentBytes / VmRequests.PageSize);  // rss in pages
            text.Text(" 18446744073709551615");                  // rsslim
            text.Text(" 0 0 0 0 0");                             // startcode endcode startstack kstkesp kstkeip
            text.Text(" 0 0 0 0 0 0 0");                         // signal blocked sigignore sigcatch wchan nswap cnswap
            text.Text(" 17 ").Number(process.Processor);          // exit_signal processor
            text.Text(" 0 0 0 0 0");                             // rt_priority policy blkio guest cguest
            text.Text(" 0 0 0 0 0 0 0");                         // start_data end_data start_brk arg_start arg_end env_start env_end
            text.Text(" 0").Line();                              // exit_code
        }

        // /proc/PID/status: proc_pid_status's lines that describe a process Lunix has.
        public static void Status(ref ProcText text, in ProcessFacts process)
        {
            text.Text("Name:\t").Bytes(process.Name).Line();
            text.Text("Umask:\t").Char('0').Byte((byte)('0' + (process.Umask >> 6 & 7))).Byte((byte)('0' + (process.Umask >> 3 & 7)))
                .Byte((byte)('0' + (process.Umask & 7))).Line();
            text.Text("State:\t").Char(process.State).Text(process.State == 'R' ? " (running)" : " (sleeping)").Line();
            text.Text("Tgid:\t").Number(process.Pid).Line();
            text.Text("Ngid:\t0").Line();
            text.Text("Pid:\t").Number(process.Pid).Line();
            text.Text("PPid:\t").Number(process.ParentPid).Line();
            text.Text("TracerPid:\t0").Line();
            text.Text("Uid:\t").Unsigned(process.Uid).Char('\t').Unsigned(process.Uid).Char('\t').Unsigned(process.Uid).Char('\t').Unsigned(process.Uid).Line();
            text.Text("Gid:\t").Unsigned(process.Gid).Char('\t').Unsigned(process.Gid).Char('\t').Unsigned(process.Gid).Char('\t').Unsigned(process.Gid).Line();
            text.Text("FDSize:\t").Number(process.OpenDescriptors <= 64 ? 64 : (process.OpenDescriptors + 63) / 64 * 64).Line();
            text.Text("Groups:\t").Line();
            text.Text("NSpid:\t").Number(process.Pid).Line();
            text.Text("NSpgid:\t").Number(process.ProcessGroup).Line();
            text.Text("NSsid:\t").Number(process.Session).Line();
            text.Text("VmSize:\t").Padded(process.VirtualBytes / 1024, 8).Text(" kB").Line();
            text.Text("VmRSS:\t").Padded(process.ResidentBytes / 1024, 8).Text(" kB").Line();
            text.Text("Threads:\t1").Line();
        }

        // /proc/PID/statm: size resident shared text lib data dt, in pages. Lunix does not tell a
        // file's pages from anonymous ones, nor text from data: those are 0.
        public static void Statm(ref ProcText text, in ProcessFacts process)
        {
            text.Unsigned(process.VirtualBytes / VmRequests.PageSize).Char(' ').Unsigned(process.ResidentBytes / VmRequests.PageSize);
            text.Text(" 0 0 0 0 0").Line();
        }

        // /proc/PID/comm.
        public static void Name(ref ProcText text, in ProcessFacts process) => text.Bytes(process.Name).Line();

        // The name a program is known by: the last component of the file it was started as, at
        // most 15 bytes (Linux's TASK_COMM_LEN less its NUL).
        public static void NameOf(ReadOnlySpan<byte> fileName, ref ProcessName name)
        {
            int end = fileName.IndexOf((byte)0);
            if (end >= 0) fileName = fileName.Slice(0, end);
            int slash = fileName.Length;
            while (slash > 0 && fileName[slash - 1] != '/') slash--;
            fileName = fileName.Slice(slash);
            Span<byte> into = name;
            into.Clear();
            fileName.Slice(0, Math.Min(fileName.Length, into.Length - 1)).CopyTo(into);
        }
    }
}
