using System;
namespace Lunix.Servers.Vfs
{
    // An open file description (MINIX's filp, Linux's struct file): what open() made, shared by
    // the descriptors dup() and fork() make of it: the position and the status flags (O_APPEND,
    // O_NONBLOCK...) are the same for all of them.
    public struct OpenFile
    {
        public int Vnode;
        public int Count;                   // descriptors referring to it; 0: free
        public long Position;
        public int Flags;                   // open()'s flags, less O_CREAT, O_EXCL, O_TRUNC, O_CLOEXEC
    }

    public static class OpenFiles
    {
        public const int Capacity = 2048;
        private static readonly OpenFile[] s_files = new OpenFile[Capacity];
        private static int s_searchFrom;

        public static ref OpenFile At(int index) => ref s_files[index];

        public static void Reset()
        {
            s_files.AsSpan().Clear();
            s_searchFrom = 0;
        }

        // A new description of `vnode` with one reference; -1 when the table is full (ENFILE).
        public static int Open(int vnode, int flags)
        {
            for (int n = 0; n < Capacity; n++)
            {
                int i = (s_searchFrom + n) % Capacity;
                if (s_files[i].Count != 0) continue;
                s_files[i] = new OpenFile { Vnode = vnode, Count = 1, Flags = flags };
                s_searchFrom = i + 1;
                return i;
            }
            return -1;
        }

        public static bool IsReadable(int index) => (s_files[index].Flags & Lunix.Abi.Linux.OpenFlags.AccessMode) != Lunix.Abi.Linux.OpenFlags.WriteOnly;
        public static bool IsWritable(int index) => (s_files[index].Flags & Lunix.Abi.Linux.OpenFlags.AccessMode) != Lunix.Abi.Linux.OpenFlags.ReadOnly;
    }
}
