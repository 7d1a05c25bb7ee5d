using System;
using Lunix.Abi.Linux;

namespace Lunix.Servers.Vfs
{
    // A file VFS is using (MINIX's struct vnode): by an open file description, as a process's
    // working or root directory, or as a mount point or mounted root. It names the file system
    // server and the inode there, with what VFS needs without asking (type, size, device). A pipe
    // is a vnode of no server, its data in VFS (Pipes). Vnodes of the same inode are one, so an
    // inode is held (FsLookupFlags.Keep) once, and let go (PutNode) when its last user goes and
    // it has no name left.
    public struct Vnode
    {
        public int Server;                  // the file system's endpoint; 0: a pipe, or free
        public ulong Inode;
        public uint Mode;
        public ulong Size;                  // a regular file's, as its server last said
        public ulong SpecialDevice;         // a device's st_rdev
        public ulong Device;                // st_dev of its file system (pipes: PipeDevice)
        public int Count;                   // users; 0: free
        public int Pipe;                    // a pipe's index in Pipes, else -1
        public int MountedHere;             // the mount covering it, + 1 (0: none)
        public bool Orphaned;               // no name left: PutNode when the last user goes
        public int Next;                    // hash chain, + 1
    }

    public static class Vnodes
    {
        public const int Capacity = 1024;
        private const int Buckets = 256;

        private static readonly Vnode[] s_vnodes = new Vnode[Capacity];
        private static readonly int[] s_buckets = new int[Buckets];     // first vnode + 1

        public static ref Vnode At(int index) => ref s_vnodes[index];

        public static void Reset()
        {
            s_vnodes.AsSpan().Clear();
            s_buckets.AsSpan().Clear();
        }

        // The vnode of (server, inode), one more user: an existing one, or a new one filled from
        // the server's details. -1 when the table is full.
        public static int Get(int server, ulong inode, uint mode, ulong size, ulong specialDevice, ulong device)
        {
            int bucket = (int)(inode % Buckets);
            for (int i = s_buckets[bucket] - 1; i >= 0; i = s_vnodes[i].Next - 1)
            {
                ref Vnode known = ref s_vnodes[i];
                if (known.Server != server || known.Inode != inode) continue;
                known.Count++;
                known.Mode = mode;
                known.Size = size;
                return i;
            }
            int free = Allocate();
            if (free < 0) return -1;
            ref Vnode vnode = ref s_vnodes[free];
            vnode = new Vnode
            {
                Server = server, Inode = inode, Mode = mode, Size = size, SpecialDevice = specialDevice, Device = device,
                Count = 1, Pipe = -1, Next = s_buckets[bucket],
            };
            s_buckets[bucket] = free + 1;
            return free;
        }

        // The vnode of (server, inode) if VFS has one, else -1.
        public static int Find(int server, ulong inode)
        {
            for (int i = s_buckets[(int)(inode % Buckets)] - 1; i >= 0; i = s_vnodes[i].Next - 1)
                if (s_vnodes[i].Server == server && s_vnodes[i].Inode == inode) return i;
            return -1;
        }

        // A vnode of no server (a pipe): -1 when the table is full.
        public static int GetAnonymous(uint mode, int pipe, ulong device)
        {
            int free = Allocate();
            if (free < 0) return -1;
            s_vnodes[free] = new Vnode { Mode = mode, Count = 1, Pipe = pipe, Device = device, Inode = (ulong)pipe + 1 };
            return free;
        }

        public static void Hold(int index) => s_vnodes[index].Count++;

        // One user less; the last one frees the vnode. True when the caller must PutNode it (an
        // orphaned inode the server keeps for VFS).
        public static bool Release(int index, out int server, out ulong inode)
        {
            ref Vnode vnode = ref s_vnodes[index];
            server = vnode.Server;
            inode = vnode.Inode;
            if (--vnode.Count > 0) return false;
            bool putNode = vnode.Orphaned && vnode.Server != 0;
            if (vnode.Server != 0) Unchain(index);
            vnode = default;
            return putNode;
        }

        public static bool IsDirectory(int index) => FileModes.IsDirectory(s_vnodes[index].Mode);

        private static int Allocate()
        {
            for (int i = 0; i < Capacity; i++)
                if (s_vnodes[i].Count == 0) return i;
            return -1;
        }

        private static void Unchain(int index)
        {
            int bucket = (int)(s_vnodes[index].Inode % Buckets);
            if (s_buckets[bucket] == index + 1)
            {
                s_buckets[bucket] = s_vnodes[index].Next;
                return;
            }
            for (int i = s_buckets[bucket] - 1; i >= 0; i = s_vnodes[i].Next - 1)
                if (s_vnodes[i].Next == index + 1)
                {
                    s_vnodes[i].Next = s_vnodes[index].Next;
                    return;
                }
        }
    }
}
