using System;
using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Servers.ProcFs
{
    // /proc's tree: which names each directory has (fixed files, a directory per process, a link
    // per open descriptor), path lookup through it (VFS's FsRequests.Lookup), and what a link
    // points at. Links to a path elsewhere (cwd, exe, fd) send the lookup back to VFS with the
    // path in their place, as a symlink to an absolute path does; /proc/self becomes the
    // caller's pid in place.
    public static class ProcTree
    {
        private static readonly string[] RootNames = { "self", "mounts", "meminfo", "uptime", "cpuinfo", "stat", "loadavg", "filesystems" };
        private static readonly int[] RootKinds =
        {
            ProcInodes.Self, ProcInodes.Mounts, ProcInodes.Meminfo, ProcInodes.Uptime, ProcInodes.Cpuinfo, ProcInodes.Stat,
            ProcInodes.Loadavg, ProcInodes.Filesystems,
        };
        private static readonly string[] ProcessNames = { "stat", "status", "cmdline", "comm", "exe", "cwd", "root", "fd", "mounts", "maps", "statm" };
        private static readonly int[] ProcessKinds =
        {
            ProcInodes.ProcessStat, ProcInodes.ProcessStatus, ProcInodes.ProcessCmdline, ProcInodes.ProcessComm, ProcInodes.ProcessExe,
            ProcInodes.ProcessCwd, ProcInodes.ProcessRoot, ProcInodes.ProcessFdDirectory, ProcInodes.ProcessMounts,
            ProcInodes.ProcessMaps, ProcInodes.ProcessStatm,
        };

        public static readonly ulong RootInode = ProcInodes.Make(0, ProcInodes.Root);

        // Does the inode name something that is there now (its process alive, its descriptor open)?
        public static bool Exists(ulong inode)
        {
            int pid = ProcInodes.Pid(inode), kind = ProcInodes.Kind(inode);
            if (pid == 0) return kind >= ProcInodes.Root && kind <= ProcInodes.Filesystems && kind != ProcInodes.Self;
            int process = ProcessTable.FindPid(pid);
            if (process < 0) return false;
            if (kind == ProcInodes.Self) return true;
            if (kind == ProcInodes.ProcessFd) return DescriptorOpen(process, ProcInodes.Index(inode));
            return kind >= ProcInodes.ProcessDirectory && kind <= ProcInodes.ProcessStatm;
        }

        private static bool DescriptorOpen(int process, int fd)
        {
            int record = VfsView.RecordOf(ProcessTable.At(process).Endpoint);
            return record >= 0 && VfsView.FileOf(record, fd) >= 0;
        }

        // The directory an inode is in (for ".."), RootInode for the top.
        private static ulong Parent(ulong inode)
        {
            int pid = ProcInodes.Pid(inode), kind = ProcInodes.Kind(inode);
            if (pid == 0 || kind == ProcInodes.Self || kind == ProcInodes.ProcessDirectory) return RootInode;
            if (kind == ProcInodes.ProcessFd) return ProcInodes.Make(pid, ProcInodes.ProcessFdDirectory);
            return ProcInodes.Make(pid, ProcInodes.ProcessDirectory);
        }

        // `name` in directory `directory`: the inode, or 0. `callerPid` for "self".
        public static ulong Find(ulong directory, ReadOnlySpan<byte> name, int callerPid)
        {
            int pid = ProcInodes.Pid(directory), kind = ProcInodes.Kind(directory);
            switch (kind)
            {
                case ProcInodes.Root:
                    for (int i = 0; i < RootNames.Length; i++)
                        if (Is(name, RootNames[i]))
                            return RootKinds[i] == ProcInodes.Self ? (ProcessTable.FindPid(callerPid) >= 0 ? ProcInodes.Make(callerPid, ProcInodes.Self) : 0)
                                 : ProcInodes.Make(0, RootKinds[i]);
                    int asPid = Number(name);
                    return asPid > 0 && ProcessTable.FindPid(asPid) >= 0 ? ProcInodes.Make(asPid, ProcInodes.ProcessDirectory) : 0;
                case ProcInodes.ProcessDirectory:
                    if (ProcessTable.FindPid(pid) < 0) return 0;
                    for (int i = 0; i < ProcessNames.Length; i++)
                        if (Is(name, ProcessNames[i])) return ProcInodes.Make(pid, ProcessKinds[i]);
                    return 0;
                case ProcInodes.ProcessFdDirectory:
                    int process = ProcessTable.FindPid(pid);
                    int fd = Number(name);
                    return process >= 0 && fd >= 0 && fd < ProcView.DescriptorsPerProcess && DescriptorOpen(process, fd)
                        ? ProcInodes.Make(pid, ProcInodes.ProcessFd, fd) : 0;
                default:
                    return 0;
            }
        }

        // A link's contents into `into`: the length, or a negated errno.
        public static int LinkTarget(ulong inode, Span<byte> into)
        {
            int pid = ProcInodes.Pid(inode), kind = ProcInodes.Kind(inode);
            var text = new ProcText(into);
            if (kind == ProcInodes.Self)
            {
                text.Number(pid);
                return text.Length;
            }
            if (kind == ProcInodes.ProcessRoot)
            {
                text.Char('/');
                return text.Length;
            }
            int process = ProcessTable.FindPid(pid);
            if (process < 0) return -(int)LinuxErrno.ENOENT;
            int record = VfsView.RecordOf(ProcessTable.At(process).Endpoint);
            if (record < 0) return -(int)LinuxErrno.ENOENT;
            switch (kind)
            {
                case ProcInodes.ProcessCwd:
                case ProcInodes.ProcessExe:
                    if (!VfsView.PathsOf(record, out ProcViewPaths paths)) return -(int)LinuxErrno.ENOENT;
                    if (kind == ProcInodes.ProcessCwd) text.Bytes(paths.WorkingDirectory);
                    else text.Bytes(paths.Program);
                    break;
                case ProcInodes.ProcessFd:
                    int file = VfsView.FileOf(record, ProcInodes.Index(inode));
                    if (file < 0) return -(int)LinuxErrno.ENOENT;
                    return VfsView.FilePath(file, into);
                default:
                    return -(int)LinuxErrno.EINVAL;
            }
            return text.Length == 0 ? -(int)LinuxErrno.ENOENT : text.Length;
        }

        // How a lookup ended: Result 0 (Inode found), a negated errno, or an FsLookupStops code
        // with the rest of the path (Rest, RestLength) for VFS.
        public ref struct Walk
        {
            public long Result;
            public ulong Inode;
            public int Symlinks;
            public int RestLength;
        }

        // Resolves `path` (this server's copy, which it may rewrite; `scratch` as large) from
        // `start`. The rest handed back to VFS is left at the start of `path`.
        public static Walk Lookup(Span<byte> path, int length, Span<byte> scratch, ulong start, int flags, int symlinks, int callerPid)
        {
            Walk walk = default;
            walk.Symlinks = symlinks;
            ulong here = start;
            int at = 0;
            while (true)
            {
                while (at < length && path[at] == '/') at++;
                if (at >= length)
                {
                    if ((flags & FsLookupFlags.Directory) != 0 && !ProcInodes.IsDirectory(ProcInodes.Kind(here)))
                    {
                        walk.Result = -(long)LinuxErrno.ENOTDIR;
                        return walk;
                    }
                    walk.Inode = here;
                    return walk;
                }
                if (!ProcInodes.IsDirectory(ProcInodes.Kind(here)))
                {
                    walk.Result = -(long)LinuxErrno.ENOTDIR;
                    return walk;
                }
                int end = at;
                while (end < length && path[end] != '/') end++;
                ReadOnlySpan<byte> name = path.Slice(at, end - at);
                if (name.Length > FileLimits.NameMax)
                {
                    walk.Result = -(long)LinuxErrno.ENAMETOOLONG;
                    return walk;
                }
                bool last = true;
                for (int i = end; i < length; i++)
                    if (path[i] != '/') { last = false; break; }
                bool trailingSlash = end < length;
                if (Is(name, "."))
                {
                    at = end;
                    continue;
                }
                if (Is(name, ".."))
                {
                    if (here == RootInode)
                    {
                        // Out of /proc: VFS goes on from where it is mounted, with "..".
                        walk.RestLength = length - at;
                        path.Slice(at, walk.RestLength).CopyTo(scratch);
                        scratch.Slice(0, walk.RestLength).CopyTo(path);
                        walk.Inode = RootInode;
                        walk.Result = FsLookupStops.LeaveMount;
                        return walk;
                    }
                    here = Parent(here);
                    at = end;
                    continue;
                }
                ulong found = Find(here, name, callerPid);
                if (found == 0)
                {
                    walk.Result = -(long)LinuxErrno.ENOENT;
                    return walk;
                }
                int kind = ProcInodes.Kind(found);
                bool follow = ProcInodes.IsLink(kind) && (!last || trailingSlash || (flags & FsLookupFlags.FollowLast) != 0);
                if (!follow)
                {
                    here = found;
                    at = end;
                    continue;
                }
                if (++walk.Symlinks > FileLimits.SymlinkMax)
                {
                    walk.Result = -(long)LinuxErrno.ELOOP;
                    return walk;
                }
                int targetLength = LinkTarget(found, scratch);
                if (targetLength < 0)
                {
                    walk.Result = targetLength;
                    return walk;
                }
                int restLength = length - end;
                if (targetLength + restLength >= FileLimits.PathMax)
                {
                    walk.Result = -(long)LinuxErrno.ENAMETOOLONG;
                    return walk;
                }
                path.Slice(end, restLength).CopyTo(scratch.Slice(targetLength));
                if (targetLength > 0 && scratch[0] == '/')
                {
                    // Elsewhere in the tree: VFS goes on from the process's root.
                    scratch.Slice(0, targetLength + restLength).CopyTo(path);
                    walk.RestLength = targetLength + restLength;
                    walk.Result = FsLookupStops.Symlink;
                    return walk;
                }
                if (kind != ProcInodes.Self)
                {
                    walk.Result = -(long)LinuxErrno.ENOENT;          // "pipe:[N]": nothing to go on to by name
                    return walk;
                }
                // self's pid, in place of "self", from the same directory.
                scratch.Slice(0, targetLength + restLength).CopyTo(path.Slice(at));
                length = at + targetLength + restLength;
            }
        }

        // Entry `index` of a directory (0 ".", 1 "..", then its names): false past the end.
        // `next` is the index to go on from.
        public static bool Entry(ulong directory, int index, Span<byte> name, out int nameLength, out ulong inode, out int next, Span<ushort> descriptors)
        {
            int pid = ProcInodes.Pid(directory), kind = ProcInodes.Kind(directory);
            nameLength = 0;
            inode = 0;
            next = index + 1;
            var text = new ProcText(name);
            if (index == 0 || index == 1)
            {
                text.Text(index == 0 ? "." : "..");
                nameLength = text.Length;
                inode = index == 0 ? directory : Parent(directory);
                return true;
            }
            switch (kind)
            {
                case ProcInodes.Root:
                {
                    int fixedIndex = index - 2;
                    if (fixedIndex < RootNames.Length)
                    {
                        text.Text(RootNames[fixedIndex]);
                        nameLength = text.Length;
                        inode = ProcInodes.Make(0, RootKinds[fixedIndex]);
                        return true;
                    }
                    int process = ProcessTable.Next(fixedIndex - RootNames.Length);
                    if (process < 0) return false;
                    text.Number(ProcessTable.At(process).Pid);
                    nameLength = text.Length;
                    inode = ProcInodes.Make(ProcessTable.At(process).Pid, ProcInodes.ProcessDirectory);
                    next = 2 + RootNames.Length + process + 1;
                    return true;
                }
                case ProcInodes.ProcessDirectory:
                    if (index - 2 >= ProcessNames.Length) return false;
                    text.Text(ProcessNames[index - 2]);
                    nameLength = text.Length;
                    inode = ProcInodes.Make(pid, ProcessKinds[index - 2]);
                    return true;
                case ProcInodes.ProcessFdDirectory:
                    for (int fd = index - 2; fd < descriptors.Length; fd++)
                    {
                        if (descriptors[fd] == 0) continue;
                        text.Number(fd);
                        nameLength = text.Length;
                        inode = ProcInodes.Make(pid, ProcInodes.ProcessFd, fd);
                        next = fd + 3;
                        return true;
                    }
                    return false;
                default:
                    return false;
            }
        }

        private static bool Is(ReadOnlySpan<byte> name, string text)
        {
            if (name.Length != text.Length) return false;
            for (int i = 0; i < name.Length; i++)
                if (name[i] != text[i]) return false;
            return true;
        }

        // A decimal number without sign or leading zero, or -1.
        private static int Number(ReadOnlySpan<byte> name)
        {
            if (name.IsEmpty || name.Length > 9 || (name[0] == '0' && name.Length > 1)) return -1;
            int value = 0;
            foreach (byte b in name)
            {
                if (b < '0' || b > '9') return -1;
                value = value * 10 + (b - '0');
            }
            return value;
        }
    }
}
