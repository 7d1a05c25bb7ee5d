using System;
using Lunix.Abi.Linux;

namespace Lunix.Servers.RamFs
{
    // Every inode of the server's instances, by number (1 and up; st_ino), in memory mapped once at
    // start: rows are reached by reference and never move. Free rows are on a list.
    public sealed unsafe class InodeTable
    {
        public const int Capacity = 16384;
        private readonly Inode* _rows;
        private uint _freeList;
        private uint _neverUsed = 1;

        public InodeTable(IMemorySource memory)
        {
            _rows = (Inode*)memory.Map((ulong)(Capacity + 1) * (ulong)sizeof(Inode));
        }

        public bool IsReady => _rows != null;
        public int InUse { get; private set; }

        public ref Inode this[uint number] => ref _rows[number];

        public bool IsValid(ulong number) => number > 0 && number < _neverUsed && _rows[number].Mode != 0;

        // A fresh inode of `mode`, its times `now`; 0 when the table is full.
        public uint Allocate(uint mode, uint uid, uint gid, ushort instance, in FileTime now)
        {
            uint number = _freeList;
            if (number != 0) _freeList = _rows[number].NextFree;
            else if (_neverUsed <= Capacity) number = _neverUsed++;
            else return 0;
            ref Inode inode = ref _rows[number];
            inode = default;
            inode.Mode = mode;
            inode.Uid = uid;
            inode.Gid = gid;
            inode.Instance = instance;
            inode.AccessSeconds = inode.ModifySeconds = inode.ChangeSeconds = now.Seconds;
            inode.AccessNanoseconds = inode.ModifyNanoseconds = inode.ChangeNanoseconds = now.Nanoseconds;
            InUse++;
            return number;
        }

        // The row back on the free list; its data must have been freed (FileData.Truncate).
        public void Free(uint number)
        {
            _rows[number] = default;
            _rows[number].NextFree = _freeList;
            _freeList = number;
            InUse--;
        }
    }

    // A file time: seconds and nanoseconds.
    public readonly struct FileTime
    {
        public readonly long Seconds;
        public readonly int Nanoseconds;

        public FileTime(long seconds, int nanoseconds)
        {
            Seconds = seconds;
            Nanoseconds = nanoseconds;
        }
    }
}
