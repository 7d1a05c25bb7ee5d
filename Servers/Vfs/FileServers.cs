using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Servers.Vfs
{
    // How VFS reaches its file system servers: one SENDREC per FsRequests request (IpcLink), or
    // in the hosted tests a RAM file system in the same process. File systems wait on nobody, so
    // VFS may wait on them.
    public interface IFileServerLink
    {
        // The request in `message` to `server`; the reply in its place. 0, or a negated errno
        // when no reply came.
        long Exchange(int server, ref Message message);
    }

    // The client side of the VFS-to-file-system protocol, and VFS's path buffer: names and paths
    // go to the file systems from here (granted to each once, at its first mount), in four areas:
    // two paths (rename, link and symlink have two) and two last components, and a "." for
    // VFS's own lookups of a directory (CachedWalk).
    public static class FileServers
    {
        public const int PathA = 0, PathB = FileLimits.PathMax;
        public const int NameA = 2 * FileLimits.PathMax, NameB = NameA + FileLimits.NameMax + 1;
        public const int Dot = NameB + FileLimits.NameMax + 1;
        public const int BufferSize = Dot + 1;

        public static readonly byte[] PathBuffer = new byte[BufferSize];
        public static IFileServerLink Link;
        private static readonly bool[] s_cached = new bool[Endpoint.Slots];
        private static readonly bool[] s_blockBacked = new bool[Endpoint.Slots];

        // Where the buffer is, for the grant of it (Lunix's heap never moves an object).
        public static unsafe void* PathBufferAddress
        {
            get { fixed (byte* bytes = PathBuffer) return bytes; }
        }

        // A request and its reply: the reply's Result (-EIO when the server did not answer with
        // an FsReply).
        public static long Call(int server, ref Message message, out FsReply reply)
        {
            if (server == BootEndpoints.ProcFs) ProcessView.Refresh();
            bool cached = IsCached(server);
            Message request = cached ? message : default;
            long sent = Link.Exchange(server, ref message);
            if (sent == 0 && message.Type != FsRequests.Reply) sent = -(long)LinuxErrno.EIO;
            reply = sent == 0 ? message.Payload<FsReply>() : default;
            if (cached) CacheRules.After(server, in request, sent, in reply);
            return sent == 0 ? reply.Result : -(long)LinuxErrno.EIO;
        }

        // Whether VFS keeps the server's names and inodes (NameCache, InodeCache): its mount
        // said that nothing but VFS's requests changes it (FsReplyFlags.OnlyVfsChanges).
        public static bool IsCached(int server) => s_cached[Endpoint.SlotOf(server)];

        public static void SetCached(int server, bool cached)
        {
            if (!cached) CacheRules.ForgetServer(server);
            s_cached[Endpoint.SlotOf(server)] = cached;
        }

        // Whether the server's files live on a block device (its mount named one): every read of
        // them goes through the page cache, where a RAM file system's large reads do not.
        public static bool IsBlockBacked(int server) => s_blockBacked[Endpoint.SlotOf(server)];

        public static void SetBlockBacked(int server, bool blockBacked) => s_blockBacked[Endpoint.SlotOf(server)] = blockBacked;

        public static long Lookup(int server, ulong start, ulong root, int pathOffset, int pathLength, int flags, ref int symlinks, uint uid, uint gid, out FsReply reply,
                                  int caller = Endpoint.None)
        {
            Message message = default;
            message.Type = FsRequests.Lookup;
            ref FsLookup lookup = ref message.Payload<FsLookup>();
            lookup.Start = start;
            lookup.Root = root;
            lookup.PathOffset = pathOffset;
            lookup.PathLength = pathLength;
            lookup.Flags = flags;
            lookup.Symlinks = symlinks;
            lookup.Uid = uid;
            lookup.Gid = gid;
            lookup.Caller = caller;
            long result = Call(server, ref message, out reply);
            symlinks = reply.Symlinks;
            return result;
        }

        public static long Inode(int server, int type, ulong inode, int flags = 0)
        {
            Message message = default;
            message.Type = type;
            message.Payload<FsInode>().Inode = inode;
            message.Payload<FsInode>().Flags = flags;
            return Call(server, ref message, out _);
        }

        public static long Data(int server, int type, ulong inode, ulong position, ulong length, int grant, uint flags, out FsReply reply)
        {
            Message message = default;
            message.Type = type;
            ref FsData data = ref message.Payload<FsData>();
            data.Inode = inode;
            data.Position = position;
            data.Length = length;
            data.Grant = grant;
            data.Flags = flags;
            return Call(server, ref message, out reply);
        }

        // The name at `offset` of the path buffer, `length` bytes, as a span.
        public static System.ReadOnlySpan<byte> Name(int offset, int length) => new System.ReadOnlySpan<byte>(PathBuffer, offset, length);
    }
}
