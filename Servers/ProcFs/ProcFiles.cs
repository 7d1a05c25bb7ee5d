using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.ProcFs
{
    // A /proc file's contents, made afresh at each read from where the facts are (PM's news,
    // VFS's view, the kernel), in Linux's formats.
    public static class ProcFiles
    {
        private const int ArgumentsMax = 4096;          // as much of cmdline as Linux shows in one page

        public static void Write(ulong inode, ref ProcText text)
        {
            int pid = ProcInodes.Pid(inode);
            switch (ProcInodes.Kind(inode))
            {
                case ProcInodes.Mounts:
                case ProcInodes.ProcessMounts:
                    Mounts(ref text);
                    break;
                case ProcInodes.Meminfo:
                    KernelFigures.Memory(out ulong totalKb, out ulong freeKb);
                    SystemFormats.Meminfo(ref text, totalKb, freeKb);
                    break;
                case ProcInodes.Uptime:
                {
                    ulong ticks = KernelFigures.Ticks(out ulong hz);
                    SystemFormats.Uptime(ref text, ticks, hz);
                    break;
                }
                case ProcInodes.Cpuinfo:
                {
                    Span<uint> leaf0 = stackalloc uint[4];
                    Span<uint> leaf1 = stackalloc uint[4];
                    Span<byte> brand = stackalloc byte[48];
                    Processor.Identify(0, leaf0);
                    Processor.Identify(1, leaf1);
                    KernelFigures.Brand(brand);
                    SystemFormats.Cpuinfo(ref text, leaf0, leaf1, brand);
                    break;
                }
                case ProcInodes.Stat:
                {
                    KernelFigures.CpuTicks(out ulong user, out ulong system, out ulong idle);
                    SystemFormats.Stat(ref text, user, system, idle, KernelFigures.BootTime(), ProcessTable.LastPid, Running());
                    break;
                }
                case ProcInodes.Loadavg:
                    SystemFormats.Loadavg(ref text, Running(), ProcessTable.Count, ProcessTable.LastPid);
                    break;
                case ProcInodes.Filesystems:
                    text.Text("nodev\tramfs").Line().Text("nodev\ttmpfs").Line().Text("nodev\tproc").Line();
                    break;
                case ProcInodes.ProcessStat:
                case ProcInodes.ProcessStatus:
                case ProcInodes.ProcessStatm:
                case ProcInodes.ProcessComm:
                {
                    int kind = ProcInodes.Kind(inode);
                    if (!Facts(pid, kind != ProcInodes.ProcessComm, out ProcessFacts facts)) return;
                    if (kind == ProcInodes.ProcessStat) ProcessFormats.Stat(ref text, in facts);
                    else if (kind == ProcInodes.ProcessStatus) ProcessFormats.Status(ref text, in facts);
                    else if (kind == ProcInodes.ProcessStatm) ProcessFormats.Statm(ref text, in facts);
                    else ProcessFormats.Name(ref text, in facts);
                    break;
                }
                case ProcInodes.ProcessCmdline:
                    Arguments(pid, ref text);
                    break;
                case ProcInodes.ProcessMaps:
                    ProcessMaps.Write(pid, ref text);
                    break;
            }
        }

        private static void Mounts(ref ProcText text)
        {
            if (!VfsView.LoadMounts()) return;
            foreach (ref ProcViewMount mount in VfsView.Mounts)
                if (mount.InUse != 0) SystemFormats.MountLine(ref text, mount.Source, mount.Target, mount.Type, mount.ReadOnly != 0);
        }

        // Processes that VFS is not holding in a call: running or ready, as far as /proc knows.
        private static int Running()
        {
            int running = 0;
            for (int p = ProcessTable.Next(0); p >= 0; p = ProcessTable.Next(p + 1))
            {
                int record = VfsView.RecordOf(ProcessTable.At(p).Endpoint);
                if (record < 0 || (VfsView.Process(record).Flags & ProcViewFlags.Held) == 0) running++;
            }
            return running;
        }

        // `usage`: with what it uses (ProcessUsage), which costs kernel calls comm does not need.
        public static bool Facts(int pid, bool usage, out ProcessFacts facts)
        {
            facts = default;
            int process = ProcessTable.FindPid(pid);
            if (process < 0) return false;
            ref ProcessRecord record = ref ProcessTable.At(process);
            facts.Pid = record.Pid;
            facts.ParentPid = record.ParentPid;
            facts.ProcessGroup = record.ProcessGroup;
            facts.Session = record.Session;
            facts.Uid = record.Uid;
            facts.Gid = record.Gid;
            facts.Name = record.Name;
            KernelFigures.Ticks(out ulong hz);
            facts.StartTicks = record.StartTicks * 100 / hz;
            if (usage) ProcessUsage.Fill(record.Endpoint, hz, ref facts);
            facts.State = 'R';
            facts.Umask = 0x12;
            int vfsRecord = VfsView.RecordOf(record.Endpoint);
            if (vfsRecord >= 0)
            {
                ref ProcViewProcess view = ref VfsView.Process(vfsRecord);
                facts.State = (view.Flags & ProcViewFlags.Held) != 0 ? 'S' : 'R';
                facts.Umask = view.Umask;
                Span<ushort> slots = stackalloc ushort[ProcView.DescriptorsPerProcess];
                if (VfsView.Descriptors(vfsRecord, slots))
                    for (int fd = 0; fd < slots.Length; fd++)
                        if (slots[fd] != 0) facts.OpenDescriptors = fd + 1;
            }
            return true;
        }

        // argv's strings as they are in the process's memory now (each NUL-ended).
        private static void Arguments(int pid, ref ProcText text)
        {
            int process = ProcessTable.FindPid(pid);
            if (process < 0) return;
            ref ProcessRecord record = ref ProcessTable.At(process);
            if (record.ArgumentsEnd <= record.ArgumentsStart) return;
            int length = (int)Math.Min(record.ArgumentsEnd - record.ArgumentsStart, ArgumentsMax);
            Span<byte> bytes = stackalloc byte[ArgumentsMax];
            if (new ProcessSlice<Readable>(record.Endpoint, record.ArgumentsStart, (ulong)length).CopyTo(bytes.Slice(0, length)) != 0) return;
            text.Raw(bytes.Slice(0, length));
        }
    }
}
