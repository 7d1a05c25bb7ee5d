using System;

namespace Lunix.Servers.ProcFs
{
    // The per-process files in Linux's formats (fs/proc/array.c, base.c), as busybox's ps and top
    // parse them. Figures Lunix does not keep per process yet (CPU times, page faults, memory
    // sizes: the kernel's and VM's) are 0, as Linux shows for a kernel thread.
    public static class ProcessFormats
    {
        // /proc/PID/stat: the 52 fields of do_task_stat, one line.
        public static void Stat(ref ProcText text, in ProcessFacts process)
        {
            text.Number(process.Pid).Text(" (").Bytes(process.Name).Text(") ").Char(process.State).Char(' ');
            text.Number(process.ParentPid).Char(' ').Number(process.ProcessGroup).Char(' ').Number(process.Session);
            text.Text(" 0 -1 4194304");                          // tty_nr, tpgid, flags (PF_RANDOMIZE... as a user task)
            text.Text(" 0 0 0 0 0 0 0 0");                       // minflt cminflt majflt cmajflt utime stime cutime cstime
            text.Text(" 20 0 1 0 ");                             // priority, nice, num_threads, itrealvalue
            text.Unsigned(process.StartTicks);                   // starttime
            text.Text(" 0 0 18446744073709551615");              // vsize, rss, rsslim
            text.Text(" 0 0 0 0 0");                             // startcode endcode startstack kstkesp kstkeip
            text.Text(" 0 0 0 0 0 0 0");                         // signal blocked sigignore sigcatch wchan nswap cnswap
            text.Text(" 17 0 0 0 0 0 0");                        // exit_signal processor rt_priority policy blkio guest cguest
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
            text.Text("Threads:\t1").Line();
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
