using System;
using System.Runtime.InteropServices;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Vfs
{
    // What VFS shows the /proc server of its tables (Abi/ProcView.cs): each process's ids, held
    // call, working directory and program, the mount table, and the path each open file
    // description was opened by; granted read-only to ProcFs at its mount, with the descriptor
    // table itself. ProcFs reads them only while VFS waits for its answer, so the ids and held
    // calls are copied in just before each request to it (Refresh), and the paths kept as they
    // change. Paths are absolute and cut at ProcView.PathBytes.
    public static unsafe class ProcessView
    {
        private static MappedTable<byte> s_view, s_paths;
        private static ulong s_descriptors, s_descriptorBytes;
        private static readonly int[] s_grants = { -1, -1, -1 };
        // The program PM last asked to open (ExecOpen), until the process's record has it.
        private static int s_execEndpoint;
        private static bool s_execPending;
        private static int s_openedRecord = -1;     // whose ExecOpen succeeded, until its exec goes through
        private static readonly byte[] s_execPath = new byte[ProcView.PathBytes];
        private static readonly byte[] s_joined = new byte[2 * Lunix.Abi.Linux.FileLimits.PathMax];

        public static bool Start(ulong descriptors, ulong descriptorBytes)
        {
            long view = VirtualMemory.Map((ulong)ProcView.ProcessViewBytes, VmProtection.Writable);
            long paths = VirtualMemory.Map((ulong)ProcView.OpenFiles * ProcView.PathBytes, VmProtection.Writable);
            if (view < 0 || paths < 0) return false;
            s_view = new MappedTable<byte>((ulong)view, ProcView.ProcessViewBytes);
            s_paths = new MappedTable<byte>((ulong)paths, ProcView.OpenFiles * ProcView.PathBytes);
            s_descriptors = descriptors;
            s_descriptorBytes = descriptorBytes;
            return true;
        }

        private static Span<ProcViewProcess> ProcessRows =>
            MemoryMarshal.Cast<byte, ProcViewProcess>(s_view.Slice(0, ProcView.Processes * sizeof(ProcViewProcess)));

        private static Span<ProcViewMount> MountRows =>
            MemoryMarshal.Cast<byte, ProcViewMount>(s_view.Slice(ProcView.Processes * sizeof(ProcViewProcess), ProcView.Mounts * sizeof(ProcViewMount)));

        private static Span<ProcViewPaths> PathRows =>
            MemoryMarshal.Cast<byte, ProcViewPaths>(s_view.Slice(ProcView.TablesBytes, ProcView.Processes * sizeof(ProcViewPaths)));

        // The three read grants for the /proc server's mount (those of an earlier mount revoked).
        public static bool Grant(int server, ref FsMount request)
        {
            for (int i = 0; i < s_grants.Length; i++)
                if (s_grants[i] >= 0) GrantTable.Revoke(s_grants[i]);
            fixed (byte* view = s_view.Slice(0, s_view.Length))
                request.ProcessViewGrant = GrantTable.GrantDirect(server, view, (ulong)s_view.Length, GrantFlags.Read);
            request.DescriptorGrant = GrantTable.GrantDirect(server, (void*)s_descriptors, s_descriptorBytes, GrantFlags.Read);
            fixed (byte* paths = s_paths.Slice(0, s_paths.Length))
                request.FilePathGrant = GrantTable.GrantDirect(server, paths, (ulong)s_paths.Length, GrantFlags.Read);
            s_grants[0] = request.ProcessViewGrant;
            s_grants[1] = request.DescriptorGrant;
            s_grants[2] = request.FilePathGrant;
            return request.ProcessViewGrant >= 0 && request.DescriptorGrant >= 0 && request.FilePathGrant >= 0;
        }

        // Before a request to /proc: each record's endpoint, pid, umask and whether a call waits.
        public static void Refresh()
        {
            Span<ProcViewProcess> rows = ProcessRows;
            for (int record = 0; record < ProcView.Processes && record < Processes.Capacity; record++)
            {
                ref FileProcess process = ref Processes.At(record);
                ref ProcViewProcess row = ref rows[record];
                row.Endpoint = process.Endpoint;
                row.Pid = process.Pid;
                row.Umask = process.Umask;
                row.Flags = !process.InUse ? 0 : process.Held != HeldKinds.None ? ProcViewFlags.InUse | ProcViewFlags.Held : ProcViewFlags.InUse;
            }
        }

        // A new record: "/" as its working directory, and its program if PM just opened one for it.
        public static void Added(int record, int endpoint)
        {
            ref ProcViewPaths row = ref PathRows[record];
            Put(row.WorkingDirectory, "/"u8);
            // PM's start of init opens the program before the process exists (no endpoint yet):
            // the first record made after it is init's.
            bool program = s_execPending && (endpoint == s_execEndpoint || s_execEndpoint == Endpoint.None);
            Put(row.Program, program ? Text(s_execPath) : default);
            if (program) s_execPending = false;
        }

        // A forked record: its parent's paths.
        public static void Forked(int parent, int child)
        {
            Span<ProcViewPaths> rows = PathRows;
            rows[child].WorkingDirectory = rows[parent].WorkingDirectory;
            rows[child].Program = rows[parent].Program;
        }

        public static void SetWorkingDirectory(int record, ReadOnlySpan<byte> path) => Put(PathRows[record].WorkingDirectory, path);

        // PM asks to open `path` (as the process sees it from `record`'s working directory, or
        // "/") as the program of `endpoint`: noted, and the record's once the open succeeded
        // (ProgramOpened) and the exec went through (ProgramStarted: a file that is no program
        // leaves /proc/PID/exe as it was), or when a record is made for it.
        public static void ProgramNamed(int endpoint, int record, ReadOnlySpan<byte> path)
        {
            ReadOnlySpan<byte> start = record >= 0 ? Text(PathRows[record].WorkingDirectory) : "/"u8;
            int length = PathNames.Join(start, path, s_joined);
            s_execEndpoint = endpoint;
            s_execPending = true;
            Put(s_execPath, s_joined.AsSpan(0, length));
        }

        public static void ProgramOpened(int record) => s_openedRecord = record;

        public static void ProgramStarted(int record)
        {
            if (record >= 0 && record == s_openedRecord) Put(PathRows[record].Program, Text(s_execPath));
            s_openedRecord = -1;
        }

        // An open file description's path: `path` as the program gave it, from `directoryFd`'s
        // directory (its own path as opened) or the working directory.
        // An absolute path is kept as given (every open of a benchmark's file is one): ProcFs
        // takes out what PathNames.Join would when the link is read, which few ever are.
        public static void Opened(int file, int record, long directoryFd, ReadOnlySpan<byte> path)
        {
            if (path.Length > 0 && path[0] == '/')
            {
                Put(FilePath(file), path);
                return;
            }
            ReadOnlySpan<byte> start = Text(PathRows[record].WorkingDirectory);
            if (path.Length > 0 && path[0] != '/' && directoryFd != Lunix.Abi.Linux.AtFlags.CurrentDirectory)
            {
                int directory = Descriptors.FileOf(record, directoryFd);
                if (directory >= 0) start = Text(FilePath(directory));
            }
            int length = PathNames.Join(start, path, s_joined);
            Put(FilePath(file), s_joined.AsSpan(0, length));
        }

        // A pipe's ends: "pipe:[N]", N its inode as fstat shows it.
        public static void PipeOpened(int file, ulong inode)
        {
            Span<byte> text = stackalloc byte[32];
            "pipe:["u8.CopyTo(text);
            int at = 6;
            Span<byte> digits = stackalloc byte[20];
            int count = 0;
            do { digits[count++] = (byte)('0' + inode % 10); inode /= 10; } while (inode != 0);
            while (count > 0) text[at++] = digits[--count];
            text[at++] = (byte)']';
            Put(FilePath(file), text.Slice(0, at));
        }

        // The console's description, opened for a process VFS meets first.
        public static void Named(int file, ReadOnlySpan<byte> path) => Put(FilePath(file), path);

        public static void Mounted(int mount, ReadOnlySpan<byte> type, ReadOnlySpan<byte> source, ReadOnlySpan<byte> target, ulong device, bool readOnly)
        {
            ref ProcViewMount row = ref MountRows[mount];
            row.InUse = 1;
            row.ReadOnly = readOnly ? 1 : 0;
            row.Device = device;
            Put(row.Type, type);
            Put(row.Source, source);
            Put(row.Target, target);
        }

        public static void Unmounted(int mount) => MountRows[mount] = default;

        private static Span<byte> FilePath(int file) => s_paths.Slice(file * ProcView.PathBytes, ProcView.PathBytes);

        private static ReadOnlySpan<byte> Text(ReadOnlySpan<byte> field)
        {
            int end = field.IndexOf((byte)0);
            return end < 0 ? field : field.Slice(0, end);
        }

        // `text` into a NUL-ended field, cut to fit (readers stop at the NUL: what follows it
        // is left).
        private static void Put(Span<byte> field, ReadOnlySpan<byte> text)
        {
            int length = Math.Min(text.Length, field.Length - 1);
            text.Slice(0, length).CopyTo(field);
            field[length] = 0;
        }
    }
}
