using System.Runtime.CompilerServices;

namespace Lunix.Abi
{
    // What VFS shows the /proc server (Servers/ProcFs) of its own tables, through three read
    // grants it makes out to ProcFs at ProcFs's mount (FsMount's ProcessViewGrant, DescriptorGrant
    // and FilePathGrant). ProcFs reads them while it serves a request of VFS's, when VFS is
    // waiting on it and its tables stand still, so ProcFs never asks VFS anything (VFS waits on
    // it). VFS refreshes the ids and held calls of the process part before each request to
    // ProcFs; the paths are kept as they change.
    //
    //   ProcessViewGrant: ProcViewProcess[Processes], ProcViewMount[Mounts] (the tables, which
    //                     ProcFs reads whole for a request: small), then ProcViewPaths[Processes]
    //                     (read a record at a time).
    //   DescriptorGrant:  ushort[Processes * DescriptorsPerProcess]: for process record r and
    //                     descriptor fd, at r * DescriptorsPerProcess + fd, the open file
    //                     description it names + 1 (0: closed).
    //   FilePathGrant:    ProcViewPath[OpenFiles]: each open file description's path as opened
    //                     (absolute; "pipe:[N]" for a pipe), for /proc/PID/fd's links.
    public static class ProcView
    {
        public const int Processes = Endpoint.Slots;    // VFS's process records, one per endpoint slot
        public const int Mounts = 16;
        public const int OpenFiles = 2048;              // open file descriptions
        public const int DescriptorsPerProcess = 1024;
        public const int PathBytes = 256;               // a path, NUL-ended; a longer one is cut
        public const int NameBytes = 32;

        public static unsafe int TablesBytes => Processes * sizeof(ProcViewProcess) + Mounts * sizeof(ProcViewMount);
        public static unsafe int ProcessViewBytes => TablesBytes + Processes * sizeof(ProcViewPaths);
    }

    public struct ProcViewProcess
    {
        public int Endpoint;
        public int Pid;
        public int Flags;                               // ProcViewFlags
        public uint Umask;
    }

    // A process record's paths, kept apart from the table so that a request reads them only
    // for the process it is about.
    public struct ProcViewPaths
    {
        public ProcViewPath WorkingDirectory;           // absolute, as getcwd would say
        public ProcViewPath Program;                    // the program file it runs (exec's path, absolute)
    }

    public static class ProcViewFlags
    {
        public const int InUse = 1;                     // the record is a process's
        public const int Held = 2;                      // VFS holds a call of it (a read that waits, poll)
    }

    public struct ProcViewMount
    {
        public int InUse;
        public int ReadOnly;
        public ulong Device;                            // its st_dev
        public ProcViewName Type;                       // "ramfs", "tmpfs", "proc"
        public ProcViewName Source;                     // mount's source argument
        public ProcViewPath Target;                     // where it is mounted, absolute
    }

    [InlineArray(ProcView.PathBytes)]
    public struct ProcViewPath
    {
        private byte _first;
    }

    [InlineArray(ProcView.NameBytes)]
    public struct ProcViewName
    {
        private byte _first;
    }
}
