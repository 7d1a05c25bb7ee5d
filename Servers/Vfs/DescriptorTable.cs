using Lunix.Abi.Linux;

namespace Lunix.Servers.Vfs
{
    // Every process's file descriptors (MINIX's fp_filp): for each process record, OpenMax slots
    // naming an open file description (its index + 1; 0: closed), and the close-on-exec flags as
    // a bitmap. The slots live in memory VFS maps at start (MappedTable), touched only as
    // descriptors are used. Numbers are handed out lowest first, as POSIX wants, and below the
    // process's RLIMIT_NOFILE soft limit (PM's, told with its news; at most OpenMax): descriptors
    // already open above a lowered limit stay open, as on Linux.
    public sealed class DescriptorTable
    {
        public const int OpenMax = 1024;                 // Linux's default RLIMIT_NOFILE
        private const int Words = OpenMax / 64;

        private readonly MappedTable<ushort> _slots;
        private readonly ulong[] _closeOnExec;
        private readonly int[] _lowestFree;              // no open descriptor below it
        private readonly int[] _end;                     // no open descriptor at or above it
        private readonly int[] _limit;                   // no new descriptor at or above it

        public DescriptorTable(MappedTable<ushort> slots, int processes)
        {
            _slots = slots;
            _closeOnExec = new ulong[processes * Words];
            _lowestFree = new int[processes];
            _end = new int[processes];
            _limit = new int[processes];
        }

        // The first descriptor number the process may not have a new descriptor at.
        public int LimitOf(int process) => _limit[process];

        // RLIMIT_NOFILE's soft limit as PM says; past OpenMax, OpenMax.
        public void SetLimit(int process, ulong softLimit) => _limit[process] = softLimit < OpenMax ? (int)softLimit : OpenMax;

        // The open file description of `fd`, or -1 (EBADF).
        public int Get(int process, long fd)
        {
            if ((ulong)fd >= OpenMax) return -1;
            return _slots[process * OpenMax + (int)fd] - 1;
        }

        // The lowest closed descriptor at or above `minimum` and below the limit now naming
        // `file`: the number, or -EMFILE.
        public int Install(int process, int minimum, int file, bool closeOnExec)
        {
            int start = minimum > _lowestFree[process] ? minimum : _lowestFree[process];
            for (int fd = start; fd < _limit[process]; fd++)
            {
                if (_slots[process * OpenMax + fd] != 0) continue;
                Set(process, fd, file, closeOnExec);
                if (fd == _lowestFree[process]) _lowestFree[process] = fd + 1;
                return fd;
            }
            return -(int)LinuxErrno.EMFILE;
        }

        // `fd` names `file` (the caller closed what it named before).
        public void Set(int process, int fd, int file, bool closeOnExec)
        {
            _slots[process * OpenMax + fd] = (ushort)(file + 1);
            SetCloseOnExec(process, fd, closeOnExec);
            if (fd >= _end[process]) _end[process] = fd + 1;
        }

        // `fd` closed: the description it named, or -1 if it was not open.
        public int Remove(int process, long fd)
        {
            int file = Get(process, fd);
            if (file < 0) return -1;
            _slots[process * OpenMax + (int)fd] = 0;
            SetCloseOnExec(process, (int)fd, false);
            if (fd < _lowestFree[process]) _lowestFree[process] = (int)fd;
            if (fd + 1 == _end[process])
            {
                int end = (int)fd;
                while (end > 0 && _slots[process * OpenMax + end - 1] == 0) end--;
                _end[process] = end;
            }
            return file;
        }

        public bool IsCloseOnExec(int process, int fd) => (_closeOnExec[process * Words + fd / 64] & (1UL << (fd % 64))) != 0;

        public void SetCloseOnExec(int process, int fd, bool on)
        {
            ref ulong word = ref _closeOnExec[process * Words + fd / 64];
            if (on) word |= 1UL << (fd % 64);
            else word &= ~(1UL << (fd % 64));
        }

        // The next open descriptor at or after `fd` whose close-on-exec flag is set (or any open
        // one, with `any`), or -1. Only up to the highest open one: fork, exec and exit walk a
        // process's descriptors, and a walk of all 1,024 cost each fork thousands of instructions.
        public int NextOpen(int process, int fd, bool onlyCloseOnExec)
        {
            for (int end = _end[process]; fd < end; fd++)
            {
                if (onlyCloseOnExec && (_closeOnExec[process * Words + fd / 64] >> (fd % 64)) == 0)
                {
                    fd = (fd / 64 + 1) * 64 - 1;            // nothing more in this word
                    continue;
                }
                if (_slots[process * OpenMax + fd] != 0 && (!onlyCloseOnExec || IsCloseOnExec(process, fd))) return fd;
            }
            return -1;
        }

        // A fresh, empty table for the process record, with Linux's default limit.
        public void Clear(int process)
        {
            _slots.Slice(process * OpenMax, _end[process]).Clear();
            for (int w = 0; w < Words; w++) _closeOnExec[process * Words + w] = 0;
            _lowestFree[process] = 0;
            _end[process] = 0;
            _limit[process] = OpenMax;
        }
    }
}
