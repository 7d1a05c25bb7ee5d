using System;
using System.Runtime.InteropServices;
using System.Text;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.Boot;
using Lunix.Servers.RamFs;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // The RAM file system's logic (Servers/RamFs, the same source files) on the host's memory:
    // names and lookups with symlinks, file bytes across pages and holes, removal of held inodes,
    // rename's rules, directory records, and unpacking a cpio archive over the root.
    public sealed unsafe class RamFileSystemTests : IDisposable
    {
        private sealed class HostMemory : IMemorySource
        {
            public ulong Map(ulong length) => (ulong)NativeMemory.AllocZeroed((nuint)length);
            public void Unmap(ulong address, ulong length) => NativeMemory.Free((void*)address);
        }

        private static readonly FileTime Now = new(1_700_000_000, 5);
        private readonly RamFileSystem _fs = new(new HostMemory());
        private readonly uint _root;
        private readonly byte[] _path = new byte[FileLimits.PathMax];

        public RamFileSystemTests()
        {
            _root = (uint)_fs.Mount(0x15, readOnly: false, Now);
        }

        public void Dispose() { }

        private static byte[] Name(string text) => Encoding.ASCII.GetBytes(text);

        private LookupResult Lookup(string path, int flags = FsLookupFlags.FollowLast, ulong start = 0)
        {
            Array.Clear(_path);
            int length = Encoding.ASCII.GetBytes(path, _path);
            return _fs.Lookup(_path, length, start == 0 ? _root : start, _root, flags, 0, 0, 0);
        }

        private uint File(string name, uint directory = 0)
        {
            long made = _fs.Create(directory == 0 ? _root : directory, Name(name), FileModes.Regular | 0x1A4, 0, 0, 0, 0, Now, out _);
            Assert.True(made > 0, $"create {name}: {made}");
            return (uint)made;
        }

        private uint Directory(string name, uint parent = 0)
        {
            long made = _fs.MakeDirectory(parent == 0 ? _root : parent, Name(name), 0x1ED, 0, 0, Now);
            Assert.True(made > 0, $"mkdir {name}: {made}");
            return (uint)made;
        }

        private long Write(uint inode, ulong position, ReadOnlySpan<byte> bytes) => _fs.WriteAll(ref _fs.Inodes[inode], position, bytes);

        private byte[] Read(uint inode, ulong position, int length)
        {
            var into = new byte[length];
            int done = 0;
            while (done < length)
            {
                ReadOnlySpan<byte> run = _fs.Data.ReadRun(ref _fs.Inodes[inode], position + (ulong)done, (ulong)(length - done));
                if (run.IsEmpty) break;
                run.CopyTo(into.AsSpan(done));
                done += run.Length;
            }
            return into[..done];
        }

        [Fact]
        public void NamesAreFoundThroughDirectoriesAndSymlinks()
        {
            uint etc = Directory("etc");
            uint passwd = File("passwd", etc);
            Assert.True(_fs.Symlink(_root, Name("link"), Name("etc/passwd"), 0, 0, Now) > 0);
            Assert.True(_fs.Symlink(_root, Name("loop"), Name("loop"), 0, 0, Now) > 0);
            Assert.Equal((0L, passwd), (Lookup("/etc/passwd").Result, Lookup("/etc/passwd").Inode));
            Assert.Equal(passwd, Lookup("link").Inode);
            Assert.NotEqual(passwd, Lookup("link", flags: 0).Inode);                 // not followed at the end
            Assert.Equal(-(long)LinuxErrno.ENOENT, Lookup("etc/shadow").Result);
            Assert.Equal(-(long)LinuxErrno.ENOTDIR, Lookup("etc/passwd/x").Result);
            Assert.Equal(-(long)LinuxErrno.ELOOP, Lookup("loop").Result);
            Assert.Equal(_root, Lookup("etc/../etc/./..").Inode);
            Assert.Equal(-(long)LinuxErrno.EEXIST, _fs.Create(etc, Name("passwd"), FileModes.Regular | 0x1A4, 0, 0, 0, 0, Now, out uint existing));
            Assert.Equal(passwd, existing);
        }

        // The page limit (half the machine's memory in the server) refuses what would pass it
        // with ENOSPC, keeps what was written, and gives the room back when a file shrinks.
        [Fact]
        public void FileDataStopsAtThePageLimitWithEnospc()
        {
            uint file = File("limited");
            long inUse = _fs.Pages.PagesInUse;
            _fs.Pages.Limit = inUse + 300;
            var bytes = new byte[2 << 20];
            new Random(3).NextBytes(bytes);
            long written = Write(file, 0, bytes);
            Assert.True(written > 0 && written <= 300 * 4096, $"wrote {written}");
            Assert.Equal(-(long)LinuxErrno.ENOSPC, Write(file, (ulong)written, bytes.AsSpan(0, 8192)));
            Assert.Equal(bytes.AsSpan(0, (int)written).ToArray(), Read(file, 0, (int)written));
            Assert.Equal(0, _fs.Data.Truncate(ref _fs.Inodes[file], 0));
            Assert.Equal(inUse, _fs.Pages.PagesInUse);
            Assert.Equal(8192, Write(file, 0, bytes.AsSpan(0, 8192)));
        }

        [Fact]
        public void FileBytesCrossPagesAndHolesReadAsZeros()
        {
            uint file = File("data");
            var pattern = new byte[10000];
            for (int i = 0; i < pattern.Length; i++) pattern[i] = (byte)(i * 7);
            Assert.Equal(pattern.Length, Write(file, 0, pattern));
            Assert.Equal(pattern, Read(file, 0, pattern.Length));
            Assert.Equal(3, Write(file, 3 * 4096 * 1024 + 5, "end"u8));                // far past the end: a hole
            Assert.Equal(3UL * 4096 * 1024 + 8, _fs.Inodes[file].Size);
            Assert.All(Read(file, 20000, 4096), b => Assert.Equal(0, b));
            Assert.Equal("end"u8.ToArray(), Read(file, 3 * 4096 * 1024 + 5, 3));
            Assert.Equal(0, _fs.Data.Truncate(ref _fs.Inodes[file], 100));
            Assert.Equal(100UL, _fs.Inodes[file].Size);
            Assert.Equal(0, _fs.Data.Truncate(ref _fs.Inodes[file], 5000));
            Assert.Equal(pattern[..100], Read(file, 0, 100));
            Assert.All(Read(file, 100, 4900), b => Assert.Equal(0, b));               // grown with zeros, not the old bytes
        }

        [Fact]
        public void AHeldInodeOutlivesItsLastName()
        {
            uint file = File("doomed");
            _fs.Inodes[file].Held = true;
            Assert.Equal(0, _fs.Unlink(_root, Name("doomed"), 0, 0, 0, Now, out uint removed, out bool orphaned));
            Assert.Equal((file, true), (removed, orphaned));
            Assert.True(_fs.Inodes.IsValid(file));
            Assert.Equal(0, _fs.PutNode(file));
            Assert.False(_fs.Inodes.IsValid(file));
            Assert.Equal(-(long)LinuxErrno.ENOENT, Lookup("doomed").Result);
        }

        [Fact]
        public void RenameFollowsLinuxsRules()
        {
            uint a = Directory("a");
            uint b = Directory("b");
            File("inside", b);
            File("f");
            Assert.Equal(-(long)LinuxErrno.ENOTEMPTY, _fs.Rename(_root, Name("a"), _root, Name("b"), 0, 0, 0, Now, out _, out _));
            Assert.Equal(-(long)LinuxErrno.EINVAL, _fs.Rename(_root, Name("a"), a, Name("sub"), 0, 0, 0, Now, out _, out _));
            Assert.Equal(-(long)LinuxErrno.EISDIR, _fs.Rename(_root, Name("f"), _root, Name("a"), 0, 0, 0, Now, out _, out _));
            Assert.Equal(-(long)LinuxErrno.ENOTDIR, _fs.Rename(_root, Name("a"), _root, Name("f"), 0, 0, 0, Now, out _, out _));
            Assert.Equal(-(long)LinuxErrno.EEXIST, _fs.Rename(_root, Name("f"), _root, Name("f"), FsCreateFlags.NoReplace, 0, 0, Now, out _, out _));
            Assert.Equal(0, _fs.Rename(_root, Name("b"), a, Name("b2"), 0, 0, 0, Now, out _, out _));
            Assert.Equal(0L, Lookup("a/b2/inside").Result);
            Assert.Equal(a, Lookup("a/b2/..").Inode);                                   // ".." moved with it
            Assert.Equal(-(long)LinuxErrno.ENOENT, Lookup("b").Result);
        }

        [Fact]
        public void DirectoryRecordsAreLinuxDirent64s()
        {
            File("one");
            Directory("two");
            var names = new System.Collections.Generic.List<(string, byte)>();
            ulong position = 0;
            var buffer = new byte[64];                                                  // a record or two at a time
            while (true)
            {
                long written = _fs.ReadDirectory(_root, ref position, buffer);
                Assert.True(written >= 0, $"getdents: {written}");
                if (written == 0) break;
                for (int at = 0; at < written;)
                {
                    int length = BitConverter.ToUInt16(buffer, at + 16);
                    Assert.Equal(0, length % 8);
                    int end = Array.IndexOf(buffer, (byte)0, at + LinuxDirent64.HeaderSize);
                    names.Add((Encoding.ASCII.GetString(buffer, at + LinuxDirent64.HeaderSize, end - at - LinuxDirent64.HeaderSize), buffer[at + 18]));
                    at += length;
                }
            }
            Assert.Equal(new[] { (".", DirentTypes.Directory), ("..", DirentTypes.Directory), ("one", DirentTypes.Regular), ("two", DirentTypes.Directory) },
                         names.ToArray());
            ulong start = 0;
            Assert.Equal(-(long)LinuxErrno.EINVAL, _fs.ReadDirectory(_root, ref start, new byte[8]));   // no room for one record
        }

        [Fact]
        public void AnArchiveIsUnpackedOverTheRoot()
        {
            File("replaced");
            Write(Lookup("replaced").Inode, 0, "old contents"u8);
            var archive = new NewcArchive();
            archive.AddDirectory("bin", 0x1ED);
            archive.AddFile("bin/tool", 0x1ED, "#!tool"u8.ToArray());
            archive.AddFile("replaced", 0x1A4, "new"u8.ToArray());
            archive.AddCharacterDevice("null", 0x1B6, 1, 3);
            byte[] bytes = archive.Finish();
            fixed (byte* pinned = bytes)
            {
                int unpacked = _fs.Unpack(new ReadOnlySpan<byte>(pinned, bytes.Length), _root, Now, out int failed);
                Assert.Equal((4, 0), (unpacked, failed));
                uint tool = Lookup("bin/tool").Inode;
                Assert.Equal(FileModes.Regular | 0x1ED, _fs.Inodes[tool].Mode);
                Assert.Equal("#!tool"u8.ToArray(), Read(tool, 0, 6));
                Assert.Equal("new"u8.ToArray(), Read(Lookup("replaced").Inode, 0, 20));
                uint device = Lookup("null").Inode;
                Assert.Equal(FileModes.CharDevice | 0x1B6, _fs.Inodes[device].Mode);
                Assert.Equal(DeviceNumbers.Make(1, 3), _fs.Inodes[device].SpecialDevice);
            }
        }
    }
}
