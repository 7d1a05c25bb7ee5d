using System;
using Lunix.Abi.Linux;

namespace Lunix.FileSystem
{
    // The directories of a volume VFS has marked as mount points (REQ_MOUNTPOINT): a lookup that
    // reaches one stops there. Sixteen at most per volume.
    public sealed class MountPoints
    {
        private const int Capacity = 16;
        private readonly ulong[] _inodes = new ulong[Capacity];

        // `inode` becomes (on) or stops being a mount point: 0, or -ENOSPC when full.
        public long Set(ulong inode, bool on)
        {
            int free = -1;
            for (int i = 0; i < Capacity; i++)
            {
                if (_inodes[i] == inode)
                {
                    if (!on) _inodes[i] = 0;
                    return 0;
                }
                if (_inodes[i] == 0 && free < 0) free = i;
            }
            if (!on) return 0;
            if (free < 0) return -(long)LinuxErrno.ENOSPC;
            _inodes[free] = inode;
            return 0;
        }

        // None: a new volume in the slot.
        public void Clear() => _inodes.AsSpan().Clear();

        public bool Contains(ulong inode)
        {
            foreach (ulong point in _inodes)
                if (point == inode) return true;
            return false;
        }
    }
}
