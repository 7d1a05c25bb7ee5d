using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.ProcFs
{
    // The POSIX processes as PM's news (Abi/ProcFsRequests.cs) describe them: the directories
    // under /proc. A table sized at start; a process's name is read from its memory when it
    // starts a program (the file name PM names), its arguments when cmdline is read.
    public struct ProcessRecord
    {
        public bool InUse;
        public int Endpoint;
        public int Pid, ParentPid, ProcessGroup, Session;
        public uint Uid, Gid;
        public ulong ArgumentsStart, ArgumentsEnd;
        public ProcessName Name;
        public ulong StartTicks;                // kernel ticks after boot
    }

    public static class ProcessTable
    {
        public const int Capacity = 1024;
        private static readonly ProcessRecord[] s_records = new ProcessRecord[Capacity];
        public static int LastPid;
        // One past the highest record in use: records are taken lowest first, so the searches
        // (each fork's news looks for its new endpoint, in vain) cover the records in use, not
        // all Capacity.
        private static int s_end;

        public static ref ProcessRecord At(int index) => ref s_records[index];

        public static int FindPid(int pid)
        {
            if (pid <= 0) return -1;
            for (int i = 0; i < s_end; i++)
                if (s_records[i].InUse && s_records[i].Pid == pid) return i;
            return -1;
        }

        public static int FindEndpoint(int endpoint)
        {
            for (int i = 0; i < s_end; i++)
                if (s_records[i].InUse && s_records[i].Endpoint == endpoint) return i;
            return -1;
        }

        // The n-th process in the table, at or after index `from`: its index, or -1.
        public static int Next(int from)
        {
            for (int i = from < 0 ? 0 : from; i < s_end; i++)
                if (s_records[i].InUse) return i;
            return -1;
        }

        public static int Count
        {
            get
            {
                int count = 0;
                for (int i = 0; i < s_end; i++)
                    if (s_records[i].InUse) count++;
                return count;
            }
        }

        // One piece of news: 0, or a negated errno.
        public static long Apply(int type, in ProcFsProcess news, ulong now)
        {
            int index = FindEndpoint(news.Process);
            switch (type)
            {
                case ProcFsRequests.Exit:
                    if (index < 0) return 0;
                    s_records[index] = default;
                    while (s_end > 0 && !s_records[s_end - 1].InUse) s_end--;
                    return 0;
                case ProcFsRequests.Fork:
                {
                    int parent = FindPid(news.ParentPid);
                    if (index < 0) index = Free();
                    if (index < 0) return -(long)LinuxErrno.EAGAIN;
                    ref ProcessRecord child = ref s_records[index];
                    child = parent >= 0 ? s_records[parent] : default;
                    child.StartTicks = now;
                    Fill(ref child, in news);
                    return 0;
                }
                case ProcFsRequests.Exec:
                {
                    bool fresh = index < 0;
                    if (fresh) index = Free();
                    if (index < 0) return -(long)LinuxErrno.EAGAIN;
                    ref ProcessRecord record = ref s_records[index];
                    if (fresh) record = new ProcessRecord { StartTicks = now };
                    Fill(ref record, in news);
                    record.ArgumentsStart = news.ArgumentsStart;
                    record.ArgumentsEnd = news.ArgumentsEnd;
                    Span<byte> file = stackalloc byte[FileLimits.PathMax];
                    int length = ReadString(news.Process, news.FileName, file);
                    ProcessFormats.NameOf(file.Slice(0, length), ref record.Name);
                    return 0;
                }
                case ProcFsRequests.SetIds:
                    if (index < 0) return -(long)LinuxErrno.ESRCH;
                    Fill(ref s_records[index], in news);
                    return 0;
                default:
                    return -(long)LinuxErrno.ENOSYS;
            }
        }

        private static void Fill(ref ProcessRecord record, in ProcFsProcess news)
        {
            record.InUse = true;
            record.Endpoint = news.Process;
            record.Pid = news.Pid;
            if (news.ParentPid != 0 || record.ParentPid == 0) record.ParentPid = news.ParentPid;
            record.ProcessGroup = news.ProcessGroup;
            record.Session = news.Session;
            record.Uid = news.Uid;
            record.Gid = news.Gid;
            if (news.Pid > LastPid) LastPid = news.Pid;
        }

        // The lowest free record, which the caller fills at once.
        private static int Free()
        {
            for (int i = 0; i < Capacity; i++)
            {
                if (s_records[i].InUse) continue;
                if (i >= s_end) s_end = i + 1;
                return i;
            }
            return -1;
        }

        // A NUL-ended string of the process's memory into `into`: its length (0 when unreadable).
        private static int ReadString(int endpoint, ulong address, Span<byte> into)
        {
            if (address == 0) return 0;
            // Page by page, so a string near the end of its mapping is still read.
            int length = 0;
            while (length < into.Length)
            {
                int chunk = (int)Math.Min((ulong)(into.Length - length), 4096 - ((address + (ulong)length) & 4095));
                if (new ProcessSlice<Readable>(endpoint, address + (ulong)length, (ulong)chunk).CopyTo(into.Slice(length, chunk)) != 0) return length;
                int end = into.Slice(length, chunk).IndexOf((byte)0);
                if (end >= 0) return length + end;
                length += chunk;
            }
            return length;
        }
    }
}
