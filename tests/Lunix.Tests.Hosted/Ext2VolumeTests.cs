using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.FileSystem;
using Lunix.FileSystems.Ext2;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // FileSystems/Ext2's logic (the same source files as the server) on images mke2fs made from a
    // tree on the host, in each layout the server takes (1, 2 and 4 KiB blocks, without the
    // filetype feature, revision 0, 128-byte inodes): every file read back and compared with the
    // host's; then changed through the volume (files, directories, links, symlinks, renames,
    // truncation, holes, attributes) and judged by the host's e2fsck -fn (clean) and debugfs
    // (exactly what was written).
    public sealed class Ext2VolumeTests : IDisposable
    {
        private const ulong Base = 1UL << Ext2Volume.InodeBits;
        private readonly string _work = Path.Combine(Path.GetTempPath(), "lunix-ext2-" + Guid.NewGuid().ToString("N"));
        private readonly string _tree;

        public static TheoryData<string, string> Layouts => new()
        {
            { "1k", "-b 1024" },
            { "2k", "-b 2048" },
            { "4k", "-b 4096" },
            { "nofiletype", "-b 1024 -O ^filetype" },
            { "rev0", "-r 0 -b 1024" },
            { "small-inodes", "-b 4096 -I 128" },
        };

        public Ext2VolumeTests()
        {
            Directory.CreateDirectory(_work);
            _tree = Ext2Images.MakeTree(Path.Combine(_work, "tree"));
        }

        public void Dispose() => Directory.Delete(_work, recursive: true);

        internal static Ext2Volume Open(byte[] image, bool readOnly = false)
        {
            var volume = new Ext2Volume(new MemoryDisk(image), Base) { NowSeconds = (uint)DateTimeOffset.UtcNow.ToUnixTimeSeconds(), NowNanoseconds = 123_456_000 };
            long opened = volume.Open(readOnly);
            Assert.True(opened == 0, $"open: {opened} {volume.Problem} at {volume.ProblemAt}");
            return volume;
        }

        internal static PathLookup Lookup(Ext2Volume volume, string path, int flags = FsLookupFlags.FollowLast)
        {
            byte[] buffer = new byte[FileLimits.PathMax];
            int length = Encoding.UTF8.GetBytes(path, buffer);
            return volume.Lookup(buffer, length, volume.Root, 0, flags, 0, 0, 0);
        }

        internal static uint Local(Ext2Volume volume, string path, int flags = FsLookupFlags.FollowLast)
        {
            PathLookup found = Lookup(volume, path, flags);
            Assert.True(found.Result == 0, $"{path}: {found.Result} {volume.Problem}");
            return volume.Local(found.Inode);
        }

        internal static byte[] ReadAll(Ext2Volume volume, uint number)
        {
            Assert.Equal(0, volume.LoadInode(number, out Ext2Inode inode));
            var bytes = new MemoryStream();
            ulong position = 0;
            while (true)
            {
                long read = volume.ReadRun(ref inode, position, 1 << 20, out ReadOnlySpan<byte> run);
                Assert.True(read >= 0, $"read: {read} {volume.Problem}");
                if (read == 0) break;
                bytes.Write(run);
                position += (ulong)read;
            }
            return bytes.ToArray();
        }

        internal static long Write(Ext2Volume volume, uint number, ulong position, ReadOnlySpan<byte> data)
        {
            long loaded = volume.LoadInode(number, out Ext2Inode inode);
            if (loaded < 0) return loaded;
            int done = 0;
            while (done < data.Length)
            {
                long made = volume.WriteRun(ref inode, position + (ulong)done, (ulong)(data.Length - done), out Span<byte> run);
                if (made < 0) return made;
                data.Slice(done, run.Length).CopyTo(run);
                volume.Wrote(ref inode, position + (ulong)done, (ulong)run.Length);
                done += run.Length;
            }
            long written = volume.WriteInode(in inode);
            return written < 0 ? written : done;
        }

        // Unlink and Rename as VFS follows them: an orphan no program holds is let go at once.
        internal static long Unlink(Ext2Volume volume, uint directory, ReadOnlySpan<byte> name, bool rmdir)
        {
            long result = volume.Unlink(directory, name, rmdir, 0, 0, out uint removed, out bool orphaned);
            if (result == 0 && orphaned) Assert.Equal(0, volume.PutNode(removed));
            return result;
        }

        internal static long Rename(Ext2Volume volume, uint from, ReadOnlySpan<byte> oldName, uint to, ReadOnlySpan<byte> newName)
        {
            long result = volume.Rename(from, oldName, to, newName, 0, 0, 0, out uint replaced, out bool orphaned);
            if (result == 0 && orphaned) Assert.Equal(0, volume.PutNode(replaced));
            return result;
        }

        internal static List<string> List(Ext2Volume volume, uint directory)
        {
            var names = new List<string>();
            byte[] records = new byte[300];
            ulong position = 0;
            while (true)
            {
                long written = volume.ReadDirectory(directory, ref position, records);
                Assert.True(written >= 0, $"getdents: {written} {volume.Problem}");
                if (written == 0) return names;
                for (int at = 0; at < written;)
                {
                    int length = BitConverter.ToUInt16(records, at + 16);
                    int end = Array.IndexOf(records, (byte)0, at + 19);
                    names.Add(Encoding.UTF8.GetString(records, at + 19, end - at - 19));
                    at += length;
                }
            }
        }

        [Theory]
        [MemberData(nameof(Layouts))]
        public void EveryFileReadsAsTheHostWroteIt(string name, string options)
        {
            byte[] image = Ext2Images.Make(_work, name + ".img", options, _tree);
            Ext2Volume volume = Open(image, readOnly: true);
            int files = 0;
            foreach (string path in Directory.EnumerateFileSystemEntries(_tree, "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(_tree, path);
                var info = new FileInfo(path);
                uint number = Local(volume, relative, flags: 0);
                Assert.Equal(0, volume.FillStat(number, 7, out LinuxStat stat));
                if (info.LinkTarget != null)
                {
                    Assert.True(FileModes.IsSymlink(stat.Mode), relative);
                    Assert.Equal(0, volume.LoadInode(number, out Ext2Inode link));
                    long length = volume.ReadLink(ref link, out ReadOnlySpan<byte> target);
                    Assert.True(length > 0, $"{relative}: {length} {volume.Problem}");
                    Assert.Equal(info.LinkTarget, Encoding.UTF8.GetString(target));
                }
                else if (Directory.Exists(path))
                {
                    Assert.True(FileModes.IsDirectory(stat.Mode), relative);
                    var expected = Directory.EnumerateFileSystemEntries(path).Select(Path.GetFileName).Append(".").Append("..").OrderBy(n => n, StringComparer.Ordinal);
                    Assert.Equal(expected, List(volume, number).OrderBy(n => n, StringComparer.Ordinal));
                }
                else if (FileModes.IsRegular(stat.Mode))
                {
                    Assert.Equal(File.ReadAllBytes(path), ReadAll(volume, number));
                    files++;
                }
                else Assert.True(FileModes.IsFifo(stat.Mode), relative);
                Assert.Equal((long)Math.Floor((info.LastWriteTimeUtc - DateTime.UnixEpoch).TotalSeconds), stat.ModifySeconds);
            }
            Assert.True(files > 60);
            // Links: the hard link is the same inode, counted twice; symlinks followed.
            Assert.Equal(Local(volume, "hello.txt"), Local(volume, "sub/hard.txt"));
            Assert.Equal(0, volume.FillStat(Local(volume, "hello.txt"), 7, out LinuxStat hello));
            Assert.Equal(2ul, hello.LinkCount);
            Assert.Equal(Local(volume, "sub/deeper/note.txt"), Local(volume, "slow-link"));
            Assert.Equal(Local(volume, "hello.txt"), Local(volume, "sub/up"));
            Assert.Equal(-(long)LinuxErrno.ENOENT, Lookup(volume, "missing").Result);
            Assert.Equal(-(long)LinuxErrno.ENOTDIR, Lookup(volume, "hello.txt/x").Result);
            Assert.Equal(FsLookupStops.LeaveMount, Lookup(volume, "sub/../..").Result);
            // Sparse: a 5 MiB hole reads as zeros and takes (almost) no blocks.
            Assert.Equal(0, volume.FillStat(Local(volume, "sparse.bin"), 7, out LinuxStat sparse));
            Assert.True(sparse.Blocks < 64, $"{sparse.Blocks} sectors");
        }

        [Theory]
        [MemberData(nameof(Layouts))]
        public void ChangesMadeHereAreCleanAndReadBackByTheHostsTools(string name, string options)
        {
            byte[] image = Ext2Images.Make(_work, name + "-rw.img", options, _tree);
            Ext2Volume volume = Open(image);
            uint root = Ext2Volume.RootInode;
            var random = new Random(11);
            // A new file of 700 KB: direct, single and (1 KiB blocks) double indirect blocks.
            byte[] big = new byte[700_000];
            random.NextBytes(big);
            long made = volume.Create(root, "big.bin"u8, FileModes.Regular | 0x1A4, 0, 0, 0, out _);
            Assert.True(made > 0, $"create: {made} {volume.Problem}");
            Assert.Equal(big.Length, Write(volume, (uint)made, 0, big));
            // A directory with many entries (more than a block), files in it.
            long directory = volume.MakeDirectory(root, "newdir"u8, 0x1ED, 0, 0);
            Assert.True(directory > 0, $"mkdir: {directory} {volume.Problem}");
            for (int i = 0; i < 120; i++)
            {
                long file = volume.Create((uint)directory, Encoding.ASCII.GetBytes($"file-number-{i:D3}"), FileModes.Regular | 0x1A4, 0, 0, 0, out _);
                Assert.True(file > 0, $"create {i}: {file} {volume.Problem}");
                Assert.Equal(6, Write(volume, (uint)file, 0, Encoding.ASCII.GetBytes($"f{i:D3}\n\0").AsSpan(0, 6)));
            }
            // Every other one removed again.
            for (int i = 0; i < 120; i += 2)
                Assert.Equal(0, Unlink(volume, (uint)directory, Encoding.ASCII.GetBytes($"file-number-{i:D3}"), false));
            // Symlinks, fast and slow; a hard link.
            Assert.True(volume.Symlink(root, "new-fast"u8, "big.bin"u8, 0, 0) > 0);
            string slowTarget = "newdir/" + new string('y', 100);
            Assert.True(volume.Symlink(root, "new-slow"u8, Encoding.ASCII.GetBytes(slowTarget), 0, 0) > 0);
            Assert.True(volume.Link((uint)directory, "big-again"u8, (uint)made, 0, 0) > 0);
            // A hole: one byte far out (triple indirect with 1 KiB blocks), in a sparse file.
            long holey = volume.Create(root, "holey"u8, FileModes.Regular | 0x180, 0, 0, 0, out _);
            Assert.Equal(1, Write(volume, (uint)holey, 70_000_000, "!"u8));
            Assert.Equal(3, Write(volume, (uint)holey, 10, "abc"u8));
            // Truncate: shrink the host's large file into its direct blocks, grow a copy, and
            // shrink the holey file to nothing.
            uint large = Local(volume, "large.bin");
            Assert.Equal(0, volume.LoadInode(large, out Ext2Inode largeInode));
            Assert.Equal(0, volume.Truncate(ref largeInode, 5000));
            Assert.Equal(0, volume.LoadInode((uint)holey, out Ext2Inode holeyInode));
            Assert.Equal(0, volume.Truncate(ref holeyInode, 12));
            Assert.Equal(0, volume.LoadInode(Local(volume, "hello.txt"), out Ext2Inode helloInode));
            Assert.Equal(0, volume.Truncate(ref helloInode, 100_000));
            // Renames: a file over another, a directory into another, a directory over an empty one.
            Assert.Equal(0, Rename(volume, root, "empty"u8, (uint)directory, "file-number-001"u8));
            uint sub = Local(volume, "sub");
            Assert.Equal(0, Rename(volume, sub, "deeper"u8, (uint)directory, "moved"u8));
            Assert.True(volume.MakeDirectory(root, "target-dir"u8, 0x1ED, 0, 0) > 0);
            Assert.Equal(0, Rename(volume, (uint)directory, "moved"u8, root, "target-dir"u8));
            Assert.Equal(-(long)LinuxErrno.EINVAL, Rename(volume, root, "newdir"u8, Local(volume, "newdir"), "inside"u8));
            Assert.Equal(-(long)LinuxErrno.ENOTEMPTY, Unlink(volume, root, "newdir"u8, true));
            Assert.True(volume.MakeDirectory(root, "gone"u8, 0x1ED, 0, 0) > 0);
            Assert.Equal(0, Unlink(volume, root, "gone"u8, true));
            // The many-entries directory, emptied and removed.
            uint many = Local(volume, "many");
            foreach (string entry in List(volume, many).Where(n => n != "." && n != ".."))
                Assert.Equal(0, Unlink(volume, many, Encoding.ASCII.GetBytes(entry), false));
            Assert.Equal(0, Unlink(volume, root, "many"u8, true));
            // An open file unlinked is kept, still readable, until PutNode.
            uint kept = Local(volume, "large.bin");
            Assert.Equal(0, volume.Unlink(root, "large.bin"u8, false, 0, 0, out uint removed, out bool keptOrphan));
            Assert.Equal(kept, removed);
            Assert.True(keptOrphan);
            Assert.Equal(5000, ReadAll(volume, kept).Length);
            Assert.Equal(0, volume.PutNode(kept));
            Assert.True(volume.LoadInode(kept, out _) < 0);
            // Attributes.
            var change = new FsAttributes { Which = FsAttributeKinds.Mode | FsAttributeKinds.Owner | FsAttributeKinds.Times, Mode = 0x1C0, Uid = 1234, Gid = 5678,
                                            AccessSeconds = 1_000_000_000, AccessNanoseconds = 5, ModifySeconds = 1_100_000_000, ModifyNanoseconds = 7 };
            Assert.Equal(0, volume.SetAttributes((uint)made, in change, 0, 0));
            // Permissions: a user may not create in root's directory.
            Assert.Equal(-(long)LinuxErrno.EACCES, volume.Create(root, "nope"u8, FileModes.Regular | 0x1A4, 1000, 1000, 0, out _));
            Assert.Equal(0, volume.Unmount());

            var (code, output) = Ext2Images.Check(_work, image);
            Assert.True(code == 0, $"e2fsck -fn: exit {code}\n{output}");
            Assert.Equal(big, Ext2Images.DebugfsBytes(_work, image, "/big.bin"));
            Assert.Equal(big, Ext2Images.DebugfsBytes(_work, image, "/newdir/big-again"));
            byte[] hello = new byte[100_000];
            Encoding.ASCII.GetBytes("hello from the host\n").CopyTo(hello, 0);
            Assert.Equal(hello, Ext2Images.DebugfsBytes(_work, image, "/hello.txt"));
            Assert.Equal(Encoding.ASCII.GetBytes("\0\0\0\0\0\0\0\0\0\0ab"), Ext2Images.DebugfsBytes(_work, image, "/holey"));
            Assert.Equal("f003\n\0"u8.ToArray(), Ext2Images.DebugfsBytes(_work, image, "/newdir/file-number-003"));
            Assert.Equal("deep note\n"u8.ToArray(), Ext2Images.DebugfsBytes(_work, image, "/target-dir/note.txt"));
            Assert.Empty(Ext2Images.DebugfsBytes(_work, image, "/newdir/file-number-001"));
            string stat = Ext2Images.Debugfs(_work, image, "stat /big.bin");
            Assert.Contains("Mode:  0700", stat);
            Assert.Contains("User:  1234", stat);
            Assert.Contains("Group:  5678", stat);
            Assert.Contains("Links: 2", stat);
            Assert.Contains("Size: 700000", stat);
            Assert.Contains("Fast link dest: \"big.bin\"", Ext2Images.Debugfs(_work, image, "stat /new-fast"));
            Assert.Contains(slowTarget, Ext2Images.Debugfs(_work, image, "cat /new-slow"));
            string listing = Ext2Images.Debugfs(_work, image, "ls -l /newdir");
            Assert.DoesNotContain("file-number-000", listing);
            Assert.Contains("file-number-119", listing);
            Assert.DoesNotContain("many", Ext2Images.Debugfs(_work, image, "ls /"));
            // Mounted again: the state was clean, the mount counted.
            Assert.Contains("Filesystem state:         clean", Ext2Images.Run("dumpe2fs", "-h " + Ext2Images.Save(_work, image)).Output);
        }

        [Fact]
        public void UnknownFeaturesAreRefused()
        {
            byte[] ext4 = Ext2Images.Make(_work, "ext4.img", "-O extent", null);
            var volume = new Ext2Volume(new MemoryDisk(ext4), Base);
            Assert.Equal(-(long)LinuxErrno.EINVAL, volume.Open(true));
            Assert.Contains("incompatible", volume.Problem);
            byte[] huge = Ext2Images.Make(_work, "huge.img", "-O huge_file", null);
            volume = new Ext2Volume(new MemoryDisk(huge), Base);
            Assert.Equal(-(long)LinuxErrno.EINVAL, volume.Open(false));
            Assert.Equal(0, volume.Open(true));
            Assert.Equal(-(long)LinuxErrno.EROFS, volume.Create(Ext2Volume.RootInode, "x"u8, FileModes.Regular | 0x1A4, 0, 0, 0, out _));
            byte[] notExt2 = new byte[1 << 20];
            Assert.Equal(-(long)LinuxErrno.EINVAL, new Ext2Volume(new MemoryDisk(notExt2), Base).Open(true));
        }
    }
}
