using System;
using System.Runtime.InteropServices;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.ProcFs
{
    // VFS's tables as /proc reads them (Abi/ProcView.cs): through the read grants VFS made out at
    // the mount, while VFS waits for this server's answer, so they stand still. The process part
    // is read once per request that needs it.
    public static unsafe class VfsView
    {
        private static int s_processGrant = -1, s_descriptorGrant = -1, s_filePathGrant = -1;
        private static readonly byte[] s_view = new byte[ProcView.TablesBytes];
        private static bool s_fresh;

        public static void Mounted(in FsMount request)
        {
            s_processGrant = request.ProcessViewGrant;
            s_descriptorGrant = request.DescriptorGrant;
            s_filePathGrant = request.FilePathGrant;
        }

        // A new request from VFS: what was read for the last one may have changed.
        public static void Stale() => s_fresh = false;

        private static bool Load()
        {
            if (s_fresh) return true;
            if (s_processGrant < 0) return false;
            if (new GrantedSlice<Readable>(BootEndpoints.Vfs, s_processGrant, 0, (ulong)s_view.Length).CopyTo(s_view) != 0) return false;
            s_fresh = true;
            return true;
        }

        private static Span<ProcViewProcess> Processes =>
            MemoryMarshal.Cast<byte, ProcViewProcess>(s_view.AsSpan(0, ProcView.Processes * sizeof(ProcViewProcess)));

        public static Span<ProcViewMount> Mounts =>
            MemoryMarshal.Cast<byte, ProcViewMount>(s_view.AsSpan(ProcView.Processes * sizeof(ProcViewProcess), ProcView.Mounts * sizeof(ProcViewMount)));

        public static bool LoadMounts() => Load();

        // VFS's record of the process at `endpoint`: its index, or -1 (VFS has not seen it).
        public static int RecordOf(int endpoint)
        {
            if (!Load()) return -1;
            Span<ProcViewProcess> processes = Processes;
            for (int i = 0; i < processes.Length; i++)
                if ((processes[i].Flags & ProcViewFlags.InUse) != 0 && processes[i].Endpoint == endpoint) return i;
            return -1;
        }

        public static ref ProcViewProcess Process(int record) => ref Processes[record];

        // A record's working directory and program, read for the one process asked about.
        public static bool PathsOf(int record, out ProcViewPaths paths)
        {
            paths = default;
            if (s_processGrant < 0 || (uint)record >= ProcView.Processes) return false;
            ulong at = (ulong)ProcView.TablesBytes + (ulong)record * (ulong)sizeof(ProcViewPaths);
            fixed (ProcViewPaths* into = &paths)
                return new GrantedSlice<Readable>(BootEndpoints.Vfs, s_processGrant, at, (ulong)sizeof(ProcViewPaths))
                    .CopyTo(new Span<byte>(into, sizeof(ProcViewPaths))) == 0;
        }

        // The open file description descriptor `fd` of VFS's record names, or -1.
        public static int FileOf(int record, int fd)
        {
            if (s_descriptorGrant < 0 || (uint)fd >= ProcView.DescriptorsPerProcess) return -1;
            Span<byte> slot = stackalloc byte[2];
            ulong at = ((ulong)record * ProcView.DescriptorsPerProcess + (ulong)fd) * 2;
            if (new GrantedSlice<Readable>(BootEndpoints.Vfs, s_descriptorGrant, at, 2).CopyTo(slot) != 0) return -1;
            return (slot[0] | slot[1] << 8) - 1;
        }

        // Every descriptor slot of a record (ushort: description + 1) into `slots`.
        public static bool Descriptors(int record, Span<ushort> slots)
        {
            if (s_descriptorGrant < 0) return false;
            ulong at = (ulong)record * ProcView.DescriptorsPerProcess * 2;
            return new GrantedSlice<Readable>(BootEndpoints.Vfs, s_descriptorGrant, at, (ulong)slots.Length * 2)
                .CopyTo(MemoryMarshal.Cast<ushort, byte>(slots)) == 0;
        }

        // The path an open file description was opened by, into `into`: its length, or -1. VFS
        // keeps an absolute path as the program gave it; ".", ".." and repeated slashes are taken
        // out here, by name (PathNames.Join).
        public static int FilePath(int file, Span<byte> into)
        {
            if (s_filePathGrant < 0 || (uint)file >= ProcView.OpenFiles || into.Length < ProcView.PathBytes) return -1;
            Span<byte> path = stackalloc byte[ProcView.PathBytes];
            if (new GrantedSlice<Readable>(BootEndpoints.Vfs, s_filePathGrant, (ulong)file * ProcView.PathBytes, ProcView.PathBytes).CopyTo(path) != 0) return -1;
            int end = path.IndexOf((byte)0);
            path = path.Slice(0, end < 0 ? path.Length : end);
            if (path.Length > 0 && path[0] == '/') return PathNames.Join("/"u8, path, into.Slice(0, ProcView.PathBytes));
            path.CopyTo(into);
            return path.Length;
        }
    }
}
