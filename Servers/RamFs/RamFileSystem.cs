using System;
using Lunix.Abi.Linux;

namespace Lunix.Servers.RamFs
{
    // The RAM file system's state and operations, apart from the messages (RamFs.cs): the inode
    // table, the pages, and the mounted instances (the root file system, and each tmpfs or ramfs
    // VFS mounts), each with its root directory and st_dev. Operations take names and paths as
    // spans and answer 0, a count or an inode number, or a negated Linux errno, as the protocol's
    // replies do; the hosted tests run them over memory of the host's.
    public sealed partial class RamFileSystem
    {
        public const int MaxInstances = 16;

        public readonly InodeTable Inodes;
        public readonly PagePool Pages;
        public readonly FileData Data;
        private readonly Instance[] _instances = new Instance[MaxInstances];

        private struct Instance
        {
            public bool InUse;
            public bool ReadOnly;
            public uint Root;
            public ulong Device;
        }

        public RamFileSystem(IMemorySource memory)
        {
            Inodes = new InodeTable(memory);
            Pages = new PagePool(memory);
            Data = new FileData(Pages, memory);
        }

        public Directory Directories => new Directory(Data);

        // A new instance whose inodes report st_dev `device`: its root directory's number, or a
        // negated errno (-ENOSPC: no room for another).
        public long Mount(ulong device, bool readOnly, in FileTime now)
        {
            for (int i = 0; i < MaxInstances; i++)
            {
                if (_instances[i].InUse) continue;
                uint root = Inodes.Allocate(FileModes.Directory | 0x1FF | FileModes.Sticky, 0, 0, (ushort)i, now);
                if (root == 0) return -(long)LinuxErrno.ENOSPC;
                Inodes[root].Links = 2;
                Inodes[root].Parent = root;
                _instances[i] = new Instance { InUse = true, ReadOnly = readOnly, Root = root, Device = device };
                return root;
            }
            return -(long)LinuxErrno.ENOSPC;
        }

        // The instance whose root is `root` ends, every inode of it freed.
        public long Unmount(ulong root)
        {
            if (!Inodes.IsValid(root)) return -(long)LinuxErrno.EINVAL;
            int instance = Inodes[(uint)root].Instance;
            if (!_instances[instance].InUse || _instances[instance].Root != root) return -(long)LinuxErrno.EINVAL;
            for (uint number = 1; number <= InodeTable.Capacity; number++)
            {
                if (!Inodes.IsValid(number) || Inodes[number].Instance != instance) continue;
                Data.Release(ref Inodes[number]);
                Inodes.Free(number);
            }
            _instances[instance] = default;
            return 0;
        }

        public ulong DeviceOf(uint inode) => _instances[Inodes[inode].Instance].Device;
        public uint RootOf(uint inode) => _instances[Inodes[inode].Instance].Root;
        private bool IsReadOnly(uint inode) => _instances[Inodes[inode].Instance].ReadOnly;

        // MINIX's forbidden(): may `uid`/`gid` read, write or search (execute) the inode? Root may
        // do all but execute a file no one may execute.
        public static bool MayAccess(ref Inode inode, uint uid, uint gid, int want)
        {
            uint mode = inode.Mode;
            if (uid == 0)
                return (want & AccessModes.Execute) == 0 || FileModes.IsDirectory(mode) || (mode & 0x49) != 0;
            int bits = (int)(uid == inode.Uid ? mode >> 6 : gid == inode.Gid ? mode >> 3 : mode) & 7;
            return (bits & want) == want;
        }

        // After a change of an inode's data: modification and change times now.
        public static void Modified(ref Inode inode, in FileTime now)
        {
            inode.ModifySeconds = inode.ChangeSeconds = now.Seconds;
            inode.ModifyNanoseconds = inode.ChangeNanoseconds = now.Nanoseconds;
        }

        public static void Changed(ref Inode inode, in FileTime now)
        {
            inode.ChangeSeconds = now.Seconds;
            inode.ChangeNanoseconds = now.Nanoseconds;
        }

        // An inode let go of: freed if it has no name left and VFS does not hold it.
        public void Release(uint number)
        {
            ref Inode inode = ref Inodes[number];
            if (inode.Links > 0 || inode.Held) return;
            Data.Release(ref inode);
            Inodes.Free(number);
        }

        // PutNode: VFS no longer holds the inode.
        public long PutNode(ulong number)
        {
            if (!Inodes.IsValid(number)) return -(long)LinuxErrno.EINVAL;
            Inodes[(uint)number].Held = false;
            Release((uint)number);
            return 0;
        }

        public long SetMountPoint(ulong number, bool mounted)
        {
            if (!Inodes.IsValid(number)) return -(long)LinuxErrno.EINVAL;
            Inodes[(uint)number].MountPoint = mounted;
            return 0;
        }
    }
}
