using System;
using Lunix.Abi.Linux;

namespace Lunix.Servers.Vfs
{
    // The mount table (MINIX's vmnt): each mounted file system's server, root vnode, the vnode it
    // covers (none for "/"), its st_dev, and what /proc/mounts would say of it. Path resolution
    // crosses into a mounted file system at the covered vnode (FsLookupStops.EnterMount) and out of
    // it at its root (LeaveMount).
    public struct Mount
    {
        public bool InUse;
        public int Server;
        public int Root;                    // vnode
        public int Covered;                 // vnode, -1 for "/"
        public ulong Device;
        public int Flags;                   // FsMountFlags
    }

    public static class Mounts
    {
        public const int Capacity = 16;
        // st_dev of the file systems VFS mounts: the unnamed major 0, as Linux gives tmpfs.
        private const uint FirstMinor = 16;
        public static readonly ulong PipeDevice = DeviceNumbers.Make(0, 12);

        private static readonly Mount[] s_mounts = new Mount[Capacity];

        public static ref Mount At(int index) => ref s_mounts[index];

        public static void Reset() => s_mounts.AsSpan().Clear();

        public static int Free()
        {
            for (int i = 0; i < Capacity; i++)
                if (!s_mounts[i].InUse) return i;
            return -1;
        }

        public static ulong DeviceFor(int index) => DeviceNumbers.Make(0, FirstMinor + (uint)index);

        // The mount whose covered vnode is of (server, inode), or -1.
        public static int Covering(int server, ulong inode)
        {
            for (int i = 0; i < Capacity; i++)
            {
                if (!s_mounts[i].InUse || s_mounts[i].Covered < 0) continue;
                ref Vnode covered = ref Vnodes.At(s_mounts[i].Covered);
                if (covered.Server == server && covered.Inode == inode) return i;
            }
            return -1;
        }

        // The mount whose root is (server, inode), or -1.
        public static int RootedAt(int server, ulong inode)
        {
            for (int i = 0; i < Capacity; i++)
            {
                if (!s_mounts[i].InUse) continue;
                ref Vnode root = ref Vnodes.At(s_mounts[i].Root);
                if (root.Server == server && root.Inode == inode) return i;
            }
            return -1;
        }

        // The mount a vnode of `server` with st_dev `device` belongs to, or -1.
        public static int Of(int server, ulong device)
        {
            for (int i = 0; i < Capacity; i++)
                if (s_mounts[i].InUse && s_mounts[i].Server == server && s_mounts[i].Device == device) return i;
            return -1;
        }
    }
}
