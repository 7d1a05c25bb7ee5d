using Lunix.Abi;
using Lunix.Abi.Linux;
using static Lunix.Servers.Vfs.Errors;

namespace Lunix.Servers.Vfs
{
    // PM's news about processes (Abi/PmVfsRequests.cs, MINIX's VFS_PM_*), each answered at once:
    // a fork copies the descriptor table (the open file descriptions shared) and its limit, an
    // exec closes the close-on-exec descriptors, an exit closes everything, new ids and the file
    // limit are noted, and Unpause ends a held call. A process VFS has not heard of gets its record at its first call or news: root's
    // ids, "/" as its root and working directory, and descriptors 0, 1 and 2 on the console.
    public static class ProcessEvents
    {
        public static int ConsoleVnode = -1;
        public static int RootVnode = -1;

        public static long Handle(int type, in PmVfsProcess news)
        {
            switch (type)
            {
                case PmVfsRequests.Fork: return Fork(news.Process, news.Child);
                case PmVfsRequests.Exec:
                {
                    int record = RecordOf(news.Process);
                    if (record < 0) return -ENOMEM;
                    Descriptors.CloseAll(record, onlyCloseOnExec: true);
                    ProcessView.ProgramStarted(record);
                    return 0;
                }
                case PmVfsRequests.Exit:
                {
                    int record = Processes.Find(news.Process);
                    if (record >= 0) Exit(record);
                    return 0;
                }
                case PmVfsRequests.SetIds:
                {
                    int record = RecordOf(news.Process);
                    if (record < 0) return -ENOMEM;
                    ref FileProcess process = ref Processes.At(record);
                    process.Pid = news.Pid;
                    process.ProcessGroup = news.ProcessGroup;
                    process.Session = news.Session;
                    process.CallerFlags = news.CallerFlags;
                    process.Uid = (uint)news.Uid;
                    process.Gid = (uint)news.Gid;
                    Descriptors.Table.SetLimit(record, news.OpenFileLimit);
                    return 0;
                }
                case PmVfsRequests.Sync:
                    return AttributeCalls.Sync(0, 0, all: true);
                case PmVfsRequests.Unpause:
                {
                    int record = Processes.Find(news.Process);
                    return record >= 0 && Suspensions.Interrupt(record) ? 1 : 0;
                }
                default:
                    return -EINVAL;
            }
        }

        // The record of `endpoint`, made on first sight.
        public static int RecordOf(int endpoint)
        {
            int record = Processes.Find(endpoint);
            if (record >= 0) return record;
            record = Processes.Add(endpoint);
            if (record < 0) return -1;
            ref FileProcess process = ref Processes.At(record);
            Descriptors.Table.Clear(record);
            ProcessView.Added(record, endpoint);
            Vnodes.Hold(RootVnode);
            Vnodes.Hold(RootVnode);
            process.RootDirectory = process.WorkingDirectory = RootVnode;
            if (ConsoleVnode >= 0)
            {
                Vnodes.Hold(ConsoleVnode);
                int file = OpenFiles.Open(ConsoleVnode, OpenFlags.ReadWrite);
                if (file < 0) Descriptors.ReleaseVnode(ConsoleVnode);
                else
                {
                    OpenFiles.At(file).Count = 3;
                    ProcessView.Named(file, "/dev/console"u8);
                    for (int fd = 0; fd < 3; fd++) Descriptors.Table.Set(record, fd, file, false);
                }
            }
            return record;
        }

        private static long Fork(int parentEndpoint, int childEndpoint)
        {
            int parent = RecordOf(parentEndpoint);
            if (parent < 0) return -ENOMEM;
            int stale = Processes.Find(childEndpoint);
            if (stale >= 0) Exit(stale);
            int child = Processes.Add(childEndpoint);
            if (child < 0) return -ENOMEM;
            ref FileProcess from = ref Processes.At(parent);
            ref FileProcess to = ref Processes.At(child);
            ProcessView.Forked(parent, child);
            to.Pid = from.Pid;
            to.ProcessGroup = from.ProcessGroup;
            to.Session = from.Session;
            to.CallerFlags = from.CallerFlags;
            to.Uid = from.Uid;
            to.Gid = from.Gid;
            to.Umask = from.Umask;
            to.RootDirectory = from.RootDirectory;
            to.WorkingDirectory = from.WorkingDirectory;
            Vnodes.Hold(to.RootDirectory);
            Vnodes.Hold(to.WorkingDirectory);
            Descriptors.Table.Clear(child);
            Descriptors.Table.SetLimit(child, (ulong)Descriptors.Table.LimitOf(parent));
            for (int fd = Descriptors.Table.NextOpen(parent, 0, false); fd >= 0; fd = Descriptors.Table.NextOpen(parent, fd + 1, false))
            {
                int file = Descriptors.Table.Get(parent, fd);
                OpenFiles.At(file).Count++;
                Descriptors.Table.Set(child, fd, file, Descriptors.Table.IsCloseOnExec(parent, fd));
            }
            return 0;
        }

        private static void Exit(int record)
        {
            ref FileProcess process = ref Processes.At(record);
            if (process.Held == HeldKinds.Driver)
            {
                if (process.DriverGrant >= 0) Lunix.SystemLibrary.GrantTable.Revoke(process.DriverGrant);
                Terminals.Cancel(record);
            }
            if (process.Held == HeldKinds.FifoOpen) Fifos.Abandon(record);
            if (process.Pid != 0 && process.Pid == process.Session) Terminals.SessionEnded(record);
            Descriptors.CloseAll(record, onlyCloseOnExec: false);
            Descriptors.ReleaseVnode(process.WorkingDirectory);
            Descriptors.ReleaseVnode(process.RootDirectory);
            Processes.Remove(record);
        }
    }
}
