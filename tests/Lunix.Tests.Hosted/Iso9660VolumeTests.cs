using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.FileSystem;
using Lunix.FileSystems.Iso9660;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // FileSystems/Iso9660's on-disk logic (the same source files as the server) reading images
    // xorriso made from a tree on the host: every file's name, type, mode, owners, links, size,
    // time, target and bytes compared with the host's; lookups with symlinks, "..", mount points;
    // directory records as getdents64 gives them; Joliet and plain names.
    public sealed class Iso9660VolumeTests : IClassFixture<IsoImages>
    {
        private const ulong Base = 3UL << IsoVolume.InodeBits;
        private readonly IsoImages _images;

        public Iso9660VolumeTests(IsoImages images) => _images = images;

        internal static IsoVolume Open(byte[] image, ulong inodeBase = Base)
        {
            var volume = new IsoVolume(new ImageMedium(image), inodeBase);
            long opened = volume.Open();
            Assert.True(opened == 0, $"open: {opened} {volume.Problem} at {volume.ProblemAt}");
            return volume;
        }

        // What the host says of each path under `root`: type, mode, owners, links, size, mtime, target.
        private sealed record HostFile(char Type, uint Mode, uint Uid, uint Gid, uint Links, long Size, long Seconds, string Target);

        private static Dictionary<string, HostFile> HostTree(string root)
        {
            var start = new ProcessStartInfo("find", $"{root} -mindepth 1 -printf \"%P\\t%y\\t%m\\t%U\\t%G\\t%n\\t%s\\t%T@\\t%l\\n\"") { RedirectStandardOutput = true };
            using var find = Process.Start(start)!;
            string output = find.StandardOutput.ReadToEnd();
            find.WaitForExit();
            var files = new Dictionary<string, HostFile>();
            foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] f = line.Split('\t');
                files[f[0]] = new HostFile(f[1][0], Convert.ToUInt32(f[2], 8), uint.Parse(f[3]), uint.Parse(f[4]), uint.Parse(f[5]), long.Parse(f[6]),
                                           (long)Math.Floor(double.Parse(f[7], System.Globalization.CultureInfo.InvariantCulture)), f[8]);
            }
            return files;
        }

        // Every entry of the volume by path: its details, its target, and a regular file's bytes.
        internal sealed record VolumeFile(IsoEntry Entry, string Target, byte[] Bytes);

        internal static Dictionary<string, VolumeFile> VolumeTree(IsoVolume volume)
        {
            var files = new Dictionary<string, VolumeFile>();
            var pending = new Stack<(ulong Inode, string Path)>();
            pending.Push((volume.Root, ""));
            while (pending.Count > 0)
            {
                var (directory, path) = pending.Pop();
                ulong offset = 0;
                while (true)
                {
                    long found = volume.NextEntry(directory, ref offset, out IsoEntry entry);
                    Assert.True(found >= 0, $"listing /{path}: {found} {volume.Problem}");
                    if (found == 0) break;
                    string name = Encoding.UTF8.GetString(volume.Name(in entry));
                    string target = Encoding.UTF8.GetString(volume.LinkTarget(in entry));
                    string full = path.Length == 0 ? name : path + "/" + name;
                    Assert.False(files.ContainsKey(full), $"{full} listed twice");
                    byte[] bytes = FileModes.IsRegular(entry.Mode) ? ReadAll(volume, entry.Inode, entry.Size) : [];
                    files[full] = new VolumeFile(entry, target, bytes);
                    if (entry.Directory) pending.Push((entry.Inode, full));
                }
            }
            return files;
        }

        internal static byte[] ReadAll(IsoVolume volume, ulong inode, ulong size)
        {
            var bytes = new MemoryStream();
            ulong position = 0;
            while (true)
            {
                long read = volume.ReadRun(inode, position, 100_000, out ReadOnlySpan<byte> run);
                Assert.True(read >= 0, $"read {inode:x} at {position}: {read} {volume.Problem}");
                if (read == 0) break;
                bytes.Write(run);
                position += (ulong)read;
            }
            Assert.Equal(size, position);
            return bytes.ToArray();
        }

        private static uint TypeOf(char type) => type switch
        {
            'f' => FileModes.Regular, 'd' => FileModes.Directory, 'l' => FileModes.Symlink, 'p' => FileModes.Fifo,
            'c' => FileModes.CharDevice, _ => 0,
        };

        private void CompareWithHost(Dictionary<string, VolumeFile> volume, string source, bool owners)
        {
            var host = HostTree(source);
            Assert.Equal(host.Keys.Order(StringComparer.Ordinal), volume.Keys.Order(StringComparer.Ordinal));
            foreach (var (path, expected) in host)
            {
                var (entry, target, bytes) = volume[path];
                Assert.True((TypeOf(expected.Type) | expected.Mode) == entry.Mode, $"{path}: mode {Convert.ToString(entry.Mode, 8)}, host {Convert.ToString(expected.Mode, 8)}");
                if (owners)
                {
                    Assert.True(expected.Uid == entry.Uid && expected.Gid == entry.Gid, $"{path}: owner {entry.Uid}:{entry.Gid}");
                    Assert.Equal(expected.Seconds, entry.ModifySeconds);
                }
                if (expected.Type != 'd') Assert.True(expected.Links == entry.Links, $"{path}: {entry.Links} links, host {expected.Links}");
                if (expected.Type == 'l') Assert.Equal(expected.Target, target);
                if (expected.Type == 'f')
                {
                    Assert.Equal((ulong)expected.Size, entry.Size);
                    Assert.True(File.ReadAllBytes(Path.Combine(source, path)).AsSpan().SequenceEqual(bytes), $"{path}: bytes differ");
                }
                if (expected.Type == 'c') Assert.Equal(DeviceNumbers.Make(1, 3), entry.SpecialDevice);
            }
        }

        [Fact]
        public void RockRidgeTreeIsTheHostsTree()
        {
            IsoVolume volume = Open(_images.RockRidge);
            Assert.Equal(IsoVolume.Naming.RockRidge, volume.Names);
            CompareWithHost(VolumeTree(volume), _images.Source, owners: true);
        }

        [Fact]
        public void RelocatedDeepDirectoriesAppearWhereTheyWereMade()
        {
            IsoVolume volume = Open(_images.Relocated);
            var tree = VolumeTree(volume);
            // The relocation directory and what was moved into it are hidden (xorriso marks both
            // RE); the moved directories are shown at their CL placeholders.
            Assert.True(_images.Relocated.AsSpan().IndexOf("RR_MOVED"u8) > 0, "xorriso relocated nothing");
            Assert.DoesNotContain(tree.Keys, path => path.StartsWith("rr_moved", StringComparison.Ordinal));
            CompareWithHost(tree, _images.Source, owners: true);
            // The relocated directory's ".." is its real parent (PL), not rr_moved.
            string deep = string.Join('/', Enumerable.Range(1, 12).Select(level => $"level{level:D2}_with_a_name_of_some_length"));
            PathLookup up = Lookup(volume, deep + "/..");
            PathLookup parent = Lookup(volume, deep[..deep.LastIndexOf('/')]);
            Assert.Equal(0, up.Result);
            Assert.Equal(parent.Inode, up.Inode);
        }

        [Fact]
        public void JolietNamesAreUsedWithoutRockRidge()
        {
            IsoVolume volume = Open(_images.Joliet);
            Assert.Equal(IsoVolume.Naming.Joliet, volume.Names);
            var tree = VolumeTree(volume);
            string[] expected = ["Mixed Case Directory", "Mixed Case Directory/inner", "Mixed Case Directory/inner/Ünïcödé naïve café.txt",
                                 "Mixed Case Directory/data.bin", "Readme.Text", "a name with spaces and.two.dots", "empty"];
            Assert.Equal(expected.Order(StringComparer.Ordinal), tree.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(_images.Source)!, "joliet", "Mixed Case Directory", "data.bin")),
                         tree["Mixed Case Directory/data.bin"].Bytes);
            Assert.Equal("unicode\n", Encoding.UTF8.GetString(tree["Mixed Case Directory/inner/Ünïcödé naïve café.txt"].Bytes));
            Assert.Equal(FileModes.Regular | 0x16Du, tree["Readme.Text"].Entry.Mode);
            Assert.Equal(FileModes.Directory | 0x16Du, tree["Mixed Case Directory"].Entry.Mode);
        }

        [Fact]
        public void PlainNamesAreLowerCaseWithoutTheirVersion()
        {
            IsoVolume volume = Open(_images.Plain);
            Assert.Equal(IsoVolume.Naming.Plain, volume.Names);
            var tree = VolumeTree(volume);
            Assert.Equal(new[] { "a.txt", "noext", "sub", "sub/readme.txt" }, tree.Keys.Order(StringComparer.Ordinal));
            Assert.Equal("plain readme\n", Encoding.ASCII.GetString(tree["sub/readme.txt"].Bytes));
        }

        [Theory]
        [InlineData("A.TXT;1", "a.txt")]
        [InlineData("NOEXT.;1", "noext")]
        [InlineData("FILE;2", "file.2")]
        [InlineData("DIR", "dir")]
        public void PlainNamesMapAsLinuxDoes(string recorded, string shown)
        {
            Span<byte> into = stackalloc byte[64];
            int length = IsoNames.Plain(Encoding.ASCII.GetBytes(recorded), into);
            Assert.Equal(shown, Encoding.ASCII.GetString(into[..length]));
        }

        private static PathLookup Lookup(IsoVolume volume, string path, int flags = FsLookupFlags.FollowLast, ulong root = 0, ulong start = 0, uint uid = 0)
        {
            byte[] buffer = new byte[FileLimits.PathMax];
            int length = Encoding.UTF8.GetBytes(path, buffer);
            PathLookup result = volume.Lookup(buffer, length, start == 0 ? volume.Root : start, root, flags, 0, uid, uid);
            return result;
        }

        [Fact]
        public void LookupFollowsSymlinksAndStopsWhereVfsGoesOn()
        {
            IsoVolume volume = Open(_images.RockRidge);
            PathLookup hello = Lookup(volume, "hello.txt");
            Assert.Equal(0, hello.Result);
            Assert.Equal(hello.Inode, Lookup(volume, "links/relative").Inode);
            Assert.Equal(hello.Inode, Lookup(volume, "links/dotted").Inode);
            Assert.Equal(hello.Inode, Lookup(volume, "links/todir/../hello.txt").Inode);
            Assert.Equal(-(long)LinuxErrno.ENOENT, Lookup(volume, "links/dangling").Result);
            Assert.Equal(0, Lookup(volume, "links/dangling", flags: 0).Result);                     // lstat
            Assert.Equal(-(long)LinuxErrno.ENOTDIR, Lookup(volume, "hello.txt/").Result);
            Assert.Equal(-(long)LinuxErrno.ENOENT, Lookup(volume, "no/such").Result);
            Assert.Equal(0, Lookup(volume, IsoImages.LongName).Result);

            // An absolute link with the process's root elsewhere goes back to VFS whole.
            PathLookup absolute = Lookup(volume, "links/absolute");
            Assert.Equal(FsLookupStops.Symlink, absolute.Result);
            Assert.Equal(11, absolute.RestEnd - absolute.RestStart);
            // With the process's root here, it is followed from that root.
            Assert.Equal(-(long)LinuxErrno.ENOENT, Lookup(volume, "links/absolute", root: volume.Root).Result);
            // ".." at the root leaves the volume.
            PathLookup leave = Lookup(volume, "modes/../../x");
            Assert.Equal(FsLookupStops.LeaveMount, leave.Result);
            Assert.Equal(volume.Root, leave.Inode);
            // A mount point stops the walk with the rest of the path.
            PathLookup modes = Lookup(volume, "modes");
            Assert.Equal(0, volume.SetMountPoint(modes.Inode, on: true));
            PathLookup enter = Lookup(volume, "modes/script");
            Assert.Equal(FsLookupStops.EnterMount, enter.Result);
            Assert.Equal(modes.Inode, enter.Inode);
            Assert.Equal(0, volume.SetMountPoint(modes.Inode, on: false));
            Assert.Equal(0, Lookup(volume, "modes/script").Result);
            // Search permission: a user may not go through modes/sticky's parent if it had none;
            // 1777 lets anyone through.
            Assert.Equal(0, Lookup(volume, "modes/sticky/.", uid: 1234).Result);
            // Deep paths, longer than 255 bytes, and a symlink climbing out of them.
            string deep = string.Join('/', Enumerable.Range(1, 12).Select(level => $"level{level:D2}_with_a_name_of_some_length"));
            Assert.True(deep.Length > 255);
            Assert.Equal(0, Lookup(volume, deep + "/bottom.txt").Result);
            Assert.Equal(Lookup(volume, string.Join('/', deep.Split('/')[..8])).Inode, Lookup(volume, deep + "/up").Inode);
        }

        [Fact]
        public void ReadDirectoryGivesLinuxDirentRecords()
        {
            IsoVolume volume = Open(_images.RockRidge);
            ulong many = Lookup(volume, "many").Inode;
            var names = new List<string>();
            ulong position = 0;
            byte[] buffer = new byte[1024];
            while (true)
            {
                long written = volume.ReadDirectory(many, ref position, buffer);
                Assert.True(written >= 0, $"getdents: {written}");
                if (written == 0) break;
                for (int at = 0; at < written;)
                {
                    int record = BitConverter.ToUInt16(buffer, at + 16);
                    Assert.Equal(0, record % 8);
                    int end = Array.IndexOf(buffer, (byte)0, at + LinuxDirent64.HeaderSize);
                    names.Add(Encoding.UTF8.GetString(buffer, at + LinuxDirent64.HeaderSize, end - at - LinuxDirent64.HeaderSize));
                    at += record;
                }
            }
            Assert.Equal(152, names.Count);
            Assert.Equal(".", names[0]);
            Assert.Equal("..", names[1]);
            Assert.Equal(Enumerable.Range(0, 150).Select(i => $"file_number_{i:D3}_of_many.txt"), names.Skip(2).Order(StringComparer.Ordinal));
            position = 0;
            Assert.Equal(-(long)LinuxErrno.EINVAL, volume.ReadDirectory(many, ref position, new byte[8]));
        }

        [Fact]
        public void StatAndStatfsDescribeTheVolume()
        {
            IsoVolume volume = Open(_images.RockRidge);
            PathLookup group = Lookup(volume, "modes/group");
            Assert.Equal(0, volume.FillStat(group.Inode, 0x0B00, out LinuxStat stat));
            Assert.Equal(FileModes.Regular | 0x1A0u, stat.Mode);
            Assert.Equal(1000u, stat.Uid);
            Assert.Equal(2000u, stat.Gid);
            Assert.Equal(group.Inode, stat.Inode);
            Assert.Equal(0x0B00ul, stat.Device);
            PathLookup link = Lookup(volume, "links/long", flags: 0);
            Assert.Equal(0, volume.FillStat(link.Inode, 0, out stat));
            Assert.Equal(403, stat.FileSize);
            Assert.Equal(403, volume.ReadLink(link.Inode, out ReadOnlySpan<byte> target));
            Assert.Equal(string.Join('/', new string('x', 200), new string('y', 200), "z"), Encoding.ASCII.GetString(target));
            volume.FillStatfs(0x0B00, out LinuxStatfs statfs);
            Assert.Equal(IsoVolume.SuperMagic, statfs.Type);
            Assert.Equal(1, statfs.Flags);
            Assert.Equal(BitConverter.ToUInt32(_images.RockRidge, 16 * 2048 + 80), statfs.Blocks);     // the primary's volume space size
        }

        [Fact]
        public void TwoVolumesKeepTheirInodesApart()
        {
            IsoVolume first = Open(_images.RockRidge, 1UL << IsoVolume.InodeBits);
            IsoVolume second = Open(_images.RockRidge, 2UL << IsoVolume.InodeBits);
            Assert.NotEqual(first.Root, second.Root);
            Assert.False(first.Owns(second.Root));
            Assert.Equal(-(long)LinuxErrno.EINVAL, first.Attributes(second.Root, out _));
        }

        [Fact]
        public void AMediumWithoutAVolumeIsRefusedAsNoIso9660()
        {
            var volume = new IsoVolume(new ImageMedium(new byte[64 * 2048]), Base);
            Assert.Equal(-(long)LinuxErrno.EINVAL, volume.Open());
            Assert.Contains("CD001", volume.Problem ?? "");
            var tooShort = new IsoVolume(new ImageMedium(new byte[4 * 2048]), Base);
            Assert.Equal(-(long)LinuxErrno.EIO, tooShort.Open());
        }
    }
}
