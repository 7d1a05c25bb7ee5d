using Lunix.Abi;
using Lunix.Abi.Linux;
using static Lunix.Servers.Vfs.Errors;

namespace Lunix.Servers.Vfs
{
    // Descriptors and what they name: the per-process tables (DescriptorTable), and letting go of
    // an open file description when its last descriptor closes: a pipe end closed (its other side
    // woken: EOF, EPIPE), a terminal's driver told, the vnode released (PutNode for an orphan).
    public static class Descriptors
    {
        public static DescriptorTable Table;

        // The open file description of the caller's `fd`, or -1.
        public static int FileOf(int record, long fd) => Table.Get(record, fd);

        public static long Close(int record, long fd)
        {
            int file = Table.Remove(record, fd);
            if (file < 0) return -EBADF;
            ReleaseFile(file);
            return 0;
        }

        // One descriptor less for `file`; the last one closes it.
        public static void ReleaseFile(int file)
        {
            ref OpenFile open = ref OpenFiles.At(file);
            if (--open.Count > 0) return;
            int vnode = open.Vnode;
            int flags = open.Flags;
            open = default;
            ref Vnode node = ref Vnodes.At(vnode);
            if (node.Pipe >= 0 && Pipes.CloseEnd(node.Pipe, vnode, flags)) node.Pipe = -1;
            else if (FileModes.IsDevice(node.Mode))
            {
                if (FileModes.IsCharDevice(node.Mode)) CharDevices.Close(node.SpecialDevice);
                else if ((flags & OpenFlags.Path) == 0) BlockDevices.Close(node.SpecialDevice, flags);
            }
            ReleaseVnode(vnode);
        }

        // One user less of a vnode; an orphaned inode's last user lets its server free it.
        public static void ReleaseVnode(int vnode)
        {
            if (vnode < 0) return;
            if (Vnodes.Release(vnode, out int server, out ulong inode)) FileServers.Inode(server, FsRequests.PutNode, inode);
        }

        // After an Unlink or Rename that left `inode` of `server` with no name: a vnode in use
        // keeps it until its last user goes; with none, the server may free it now.
        public static void Orphaned(int server, ulong inode)
        {
            int vnode = Vnodes.Find(server, inode);
            if (vnode >= 0 && Vnodes.At(vnode).Count > 0) Vnodes.At(vnode).Orphaned = true;
            else FileServers.Inode(server, FsRequests.PutNode, inode);
        }

        // Every descriptor of a process closed (exit), or only its close-on-exec ones (exec).
        public static void CloseAll(int record, bool onlyCloseOnExec)
        {
            for (int fd = Table.NextOpen(record, 0, onlyCloseOnExec); fd >= 0; fd = Table.NextOpen(record, fd + 1, onlyCloseOnExec))
                Close(record, fd);
        }

        // The vnode a descriptor names, for the *at calls and fchdir; -EBADF.
        public static int VnodeOf(int record, long fd)
        {
            int file = FileOf(record, fd);
            return file < 0 ? (int)-EBADF : OpenFiles.At(file).Vnode;
        }
    }
}
