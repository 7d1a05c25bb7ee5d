using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;
using static Lunix.Servers.Vfs.Errors;

namespace Lunix.Servers.Vfs
{
    // mount and umount2 as far as the mount table goes (MINIX's do_mount, do_umount): a tmpfs
    // (or ramfs) is a new instance of the RAM file system mounted on a directory, a proc the
    // /proc server (one instance, which gets VFS's view of its tables: ProcessView), an iso9660
    // the ISO9660 server reading the block device `source` names through its driver, read-only
    // whatever the flags say (as Linux mounts a write-protected medium), an ext2 the ext2 server
    // on the block device `source` names, read-write unless MS_RDONLY; the root file system is
    // mounted at start (MountRoot). Only root may mount. Each mount shows in /proc/mounts.
    public static unsafe class MountCalls
    {
        private const long ReadOnly = 1, Remount = 32, Bind = 4096, Move = 8192;
        private const int UnmountNoFollow = 8, UnmountExpire = 4;
        private static readonly int[] s_pathGrants = new int[Endpoint.Slots];     // grant + 1, by server slot

        // "/" from `server` (its boot archives unpacked), at VFS's start: 0 or a negated errno.
        public static long MountRoot(int server)
        {
            long mounted = Attach(server, FsMountFlags.BootArchives, -1, Endpoint.None, -1);
            return mounted < 0 ? mounted : 0;
        }

        public static long Mount(int record, ulong source, ulong target, ulong type, long flags)
        {
            if (Processes.At(record).Uid != 0) return -EPERM;
            if ((flags & (Remount | Bind | Move)) != 0) return -EINVAL;
            Span<byte> name = stackalloc byte[16];
            long length = TypeName(record, type, name);
            if (length < 0) return length;
            ReadOnlySpan<byte> kind = name.Slice(0, (int)length);
            bool proc = kind.SequenceEqual("proc"u8), iso = kind.SequenceEqual("iso9660"u8), ext2 = kind.SequenceEqual("ext2"u8);
            if (!kind.SequenceEqual("tmpfs"u8) && !kind.SequenceEqual("ramfs"u8) && !proc && !iso && !ext2) return -ENODEV;
            int blockDriver = Endpoint.None, blockMinor = -1;
            if (iso || ext2)
            {
                long medium = BlockSource(record, source, out blockDriver, out blockMinor);
                if (medium < 0) return medium;
                if (iso) flags |= ReadOnly;
            }
            Span<byte> sourceName = stackalloc byte[ProcView.NameBytes];
            long sourceLength = source == 0 ? 0 : TypeName(record, source, sourceName.Slice(0, ProcView.NameBytes - 1));
            if (sourceLength == -ENODEV) sourceLength = ProcView.NameBytes - 1;            // a long source is cut for /proc/mounts
            if (sourceLength < 0) return sourceLength;
            long resolved = Lookups.Resolve(record, AtFlags.CurrentDirectory, target, FsLookupFlags.FollowLast | FsLookupFlags.Directory | FsLookupFlags.Keep,
                                            false, out Resolved found, out _);
            if (resolved < 0) return resolved;
            int covered = Lookups.Hold(in found);
            if (covered < 0) return covered;
            if (Mounts.RootedAt(found.Server, found.Inode) >= 0 || Vnodes.At(covered).MountedHere != 0)
            {
                Descriptors.ReleaseVnode(covered);
                return -EBUSY;
            }
            int server = proc ? BootEndpoints.ProcFs : iso ? BootEndpoints.Iso9660 : ext2 ? BootEndpoints.Ext2 : BootEndpoints.RamFs;
            long mounted = Attach(server, (flags & ReadOnly) != 0 ? FsMountFlags.ReadOnly : 0, covered, blockDriver, blockMinor);
            if (mounted < 0)
            {
                Descriptors.ReleaseVnode(covered);
                return mounted;
            }
            long targetLength = DirectoryCalls.PathOf(in Processes.At(record), covered);
            ProcessView.Mounted((int)mounted, kind, sourceName.Slice(0, (int)sourceLength), targetLength < 0 ? "?"u8 : DirectoryCalls.LastPath(targetLength),
                                Mounts.At((int)mounted).Device, (flags & ReadOnly) != 0);
            return 0;
        }

        public static long Unmount(int record, ulong target, int flags)
        {
            if (Processes.At(record).Uid != 0) return -EPERM;
            if ((flags & ~(1 | 2 | UnmountExpire | UnmountNoFollow)) != 0) return -EINVAL;
            int lookup = (flags & UnmountNoFollow) != 0 ? 0 : FsLookupFlags.FollowLast;
            long resolved = Lookups.Resolve(record, AtFlags.CurrentDirectory, target, lookup, false, out Resolved found, out _);
            if (resolved < 0) return resolved;
            int m = Mounts.RootedAt(found.Server, found.Inode);
            if (m < 0) return -EINVAL;
            ref Mount mount = ref Mounts.At(m);
            if (mount.Covered < 0) return -EBUSY;                       // "/"
            for (int v = 0; v < Vnodes.Capacity; v++)
            {
                ref Vnode vnode = ref Vnodes.At(v);
                if (vnode.Count > 0 && vnode.Server == mount.Server && vnode.Device == mount.Device && (v != mount.Root || vnode.Count > 1)) return -EBUSY;
            }
            for (int other = 0; other < Mounts.Capacity; other++)
                if (Mounts.At(other).InUse && Mounts.At(other).Covered >= 0 && Vnodes.At(Mounts.At(other).Covered).Device == mount.Device
                    && Vnodes.At(Mounts.At(other).Covered).Server == mount.Server) return -EBUSY;
            long result = FileServers.Inode(mount.Server, FsRequests.Unmount, Vnodes.At(mount.Root).Inode);
            if (result < 0) return result;
            ref Vnode covered = ref Vnodes.At(mount.Covered);
            FileServers.Inode(covered.Server, FsRequests.MountPoint, covered.Inode, 0);
            covered.MountedHere = 0;
            int coveredIndex = mount.Covered;
            Vnodes.Release(mount.Root, out _, out _);
            mount = default;
            ProcessView.Unmounted(m);
            Descriptors.ReleaseVnode(coveredIndex);
            return 0;
        }

        // A new instance of `server` mounted on `covered` (-1: as "/"): the mount's index.
        // The block device a device-backed file system is mounted from: `source` resolved to a
        // block special file, and the driver and minor serving it. ENOTBLK for anything else.
        private static long BlockSource(int record, ulong source, out int driver, out int minor)
        {
            driver = Endpoint.None;
            minor = -1;
            if (source == 0) return -ENOTBLK;
            long resolved = Lookups.Resolve(record, AtFlags.CurrentDirectory, source, FsLookupFlags.FollowLast, false, out Resolved found, out _);
            if (resolved < 0) return resolved;
            return FileModes.IsBlockDevice(found.Mode) ? BlockDevices.Medium(found.SpecialDevice, out driver, out minor) : -ENOTBLK;
        }

        private static long Attach(int server, int flags, int covered, int blockDriver, int blockMinor)
        {
            int m = Mounts.Free();
            if (m < 0) return -ENOMEM;
            int pathGrant = PathGrantFor(server);
            if (pathGrant < 0) return -ENOMEM;
            ulong device = Mounts.DeviceFor(m);
            Message message = default;
            message.Type = FsRequests.Mount;
            ref FsMount request = ref message.Payload<FsMount>();
            request.Device = device;
            request.Flags = flags;
            request.PathGrant = pathGrant;
            request.ProcessViewGrant = request.DescriptorGrant = request.FilePathGrant = -1;
            request.BlockDriver = blockDriver;
            request.BlockMinor = blockMinor;
            if (server == BootEndpoints.ProcFs && !ProcessView.Grant(server, ref request)) return -ENOMEM;
            long result = FileServers.Call(server, ref message, out FsReply reply);
            if (result < 0) return result;
            FileServers.SetCached(server, (reply.Flags & FsReplyFlags.OnlyVfsChanges) != 0);
            FileServers.SetBlockBacked(server, blockDriver != Endpoint.None);
            int root = Vnodes.Get(server, reply.Inode, reply.Mode, reply.Size, 0, device);
            if (root < 0)
            {
                FileServers.Inode(server, FsRequests.Unmount, reply.Inode);
                return -ENFILE;
            }
            if (covered >= 0)
            {
                ref Vnode under = ref Vnodes.At(covered);
                FileServers.Inode(under.Server, FsRequests.MountPoint, under.Inode, 1);
                under.MountedHere = m + 1;
            }
            Mounts.At(m) = new Mount { InUse = true, Server = server, Root = root, Covered = covered, Device = device, Flags = flags };
            return m;
        }

        // The grant of VFS's path buffer to a file system server, made at its first mount.
        private static int PathGrantFor(int server)
        {
            int slot = Endpoint.SlotOf(server);
            if (s_pathGrants[slot] == 0)
            {
                int grant = GrantTable.GrantDirect(server, FileServers.PathBufferAddress, FileServers.BufferSize, GrantFlags.Read | GrantFlags.Write);
                if (grant < 0) return grant;
                s_pathGrants[slot] = grant + 1;
            }
            return s_pathGrants[slot] - 1;
        }

        private static long TypeName(int record, ulong type, Span<byte> name)
        {
            if (type == 0) return -EINVAL;
            int endpoint = Processes.At(record).Endpoint;
            for (int i = 0; i < name.Length; i++)
            {
                if (new ProcessSlice<Readable>(endpoint, type + (ulong)i, 1).CopyTo(name.Slice(i, 1)) != 0) return -EFAULT;
                if (name[i] == 0) return i;
            }
            return -ENODEV;
        }
    }
}
