using System;
using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Servers.Vfs
{
    // What each request to a cached file system does to VFS's caches (NameCache, InodeCache). A
    // cached file system changes only when VFS asks it to, so every change passes here: each
    // request that may change a name or an inode drops what it may change, whatever its result
    // (dropping is always safe), and the answers of lookups and creates are remembered. A request
    // this does not know, or one that got no answer, drops all of the server's entries.
    public static class CacheRules
    {
        public static void After(int server, in Message request, long sent, in FsReply reply)
        {
            if (sent != 0)
            {
                ForgetServer(server);
                return;
            }
            switch (request.Type)
            {
                case FsRequests.Lookup:
                    // The inode a lookup answers, held for VFS when asked with Keep.
                    if (reply.Result == 0) InodeCache.Remember(server, in reply, (request.Payload<FsLookup>().Flags & FsLookupFlags.Keep) != 0);
                    return;
                case FsRequests.Read:
                case FsRequests.ReadLink:
                case FsRequests.ReadDirectory:
                case FsRequests.Stat:
                case FsRequests.StatFs:
                case FsRequests.Sync:
                case FsRequests.GrantFile:
                case FsRequests.ReleaseGrant:
                    return;
                case FsRequests.Write:
                case FsRequests.Truncate:
                    InodeCache.ContentsChanged(server, request.Payload<FsData>().Inode);
                    return;
                case FsRequests.SetAttributes:
                    InodeCache.Forget(server, request.Payload<FsAttributes>().Inode);
                    return;
                case FsRequests.MountPoint:
                case FsRequests.PutNode:
                    InodeCache.Forget(server, request.Payload<FsInode>().Inode);
                    return;
                case FsRequests.Create:
                case FsRequests.MakeDirectory:
                case FsRequests.Symlink:
                case FsRequests.Link:
                    Made(server, in request.Payload<FsCreate>(), request.Type, in reply);
                    return;
                case FsRequests.Unlink:
                {
                    ref readonly FsCreate unlink = ref request.Payload<FsCreate>();
                    NameCache.Forget(server, unlink.Directory, FileServers.Name(unlink.NameOffset, unlink.NameLength));
                    InodeCache.ContentsChanged(server, unlink.Directory);
                    if (reply.Inode == 0) return;
                    InodeCache.Forget(server, reply.Inode);
                    // A file's other names (hard links) still lead to it; a directory's number may
                    // come back as another, with other names in it.
                    if ((unlink.Flags & FsCreateFlags.RemoveDirectory) != 0) NameCache.ForgetInode(server, reply.Inode);
                    return;
                }
                case FsRequests.Rename:
                {
                    ref readonly FsRename rename = ref request.Payload<FsRename>();
                    NameCache.Forget(server, rename.OldDirectory, FileServers.Name(rename.OldOffset, rename.OldLength));
                    NameCache.Forget(server, rename.NewDirectory, FileServers.Name(rename.NewOffset, rename.NewLength));
                    // The replaced target (a directory, maybe) goes with every name in it and of
                    // it. The moved inode's change time and, for a directory, the link counts of
                    // both parents change too; the reply does not name the moved inode.
                    if (reply.Inode != 0) NameCache.ForgetInode(server, reply.Inode);
                    InodeCache.ForgetServer(server);
                    return;
                }
                default:
                    ForgetServer(server);
                    return;
            }
        }

        // Create, mkdir, symlink, link: the directory changed, the new name leads to the reply's
        // inode (whose number may have been another file's), which the server now holds for VFS;
        // an existing name answered to open(O_CREAT) is held too. A new name changes no path
        // that resolved before; a request that failed changed nothing.
        private static void Made(int server, in FsCreate create, int type, in FsReply reply)
        {
            ReadOnlySpan<byte> name = FileServers.Name(create.NameOffset, create.NameLength);
            InodeCache.ContentsChanged(server, create.Directory);
            if (type == FsRequests.Link) InodeCache.StatChanged(server, create.Inode);
            bool answered = reply.Result == 0 || (reply.Result == -(long)LinuxErrno.EEXIST && (create.Flags & FsCreateFlags.OpenExisting) != 0);
            if (!answered || reply.Inode == 0) return;
            if (reply.Result == 0) InodeCache.ContentsChanged(server, reply.Inode);     // no struct stat of a number's last file
            int slot = InodeCache.Remember(server, in reply, held: true);
            NameCache.Add(server, create.Directory, name, reply.Inode, slot);
        }

        // Everything of the server (its requests unknown or unanswered, or it is no longer cached).
        public static void ForgetServer(int server)
        {
            NameCache.ForgetServer(server);
            InodeCache.ForgetServer(server);
        }
    }
}
