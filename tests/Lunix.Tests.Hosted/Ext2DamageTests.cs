using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading.Tasks;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.FileSystem;
using Lunix.FileSystems.Ext2;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // Volumes the server must not trust: a seeded campaign of randomly damaged copies of a small
    // image (superblock, group descriptors, bitmaps, inode table, directories), each mounted
    // read-write, walked whole and then written to: every answer is right or a clear error (a
    // negated errno; EIO with the problem named), never an exception, never a hang.
    public sealed class Ext2DamageTests : IDisposable
    {
        private const ulong Base = 1UL << Ext2Volume.InodeBits;
        private readonly string _work = Path.Combine(Path.GetTempPath(), "lunix-ext2-damage-" + Guid.NewGuid().ToString("N"));

        public Ext2DamageTests() => Directory.CreateDirectory(_work);

        public void Dispose() => Directory.Delete(_work, recursive: true);

        // The campaign: LUNIX_EXT2_SEED and LUNIX_EXT2_COPIES choose another run (README.md).
        [Fact]
        public void RandomlyDamagedCopiesReadRightOrFailClearly()
        {
            int seed = int.TryParse(Environment.GetEnvironmentVariable("LUNIX_EXT2_SEED"), out int s) ? s : 1;
            int copies = int.TryParse(Environment.GetEnvironmentVariable("LUNIX_EXT2_COPIES"), out int c) ? c : 1000;
            string tree = Ext2Images.MakeTree(Path.Combine(_work, "tree"), many: 30);
            File.Delete(Path.Combine(tree, "sparse.bin"));
            byte[] pristine = Ext2Images.Make(_work, "small.img", "-b 1024 -N 128", tree, megabytes: 1);
            List<(int Start, int Length)> metadata = Metadata(pristine);
            var outcomes = new int[3];                                  // walked clean, with errors, refused at open
            Task campaign = Task.Run(() =>
            {
                var random = new Random(seed);
                byte[] image = new byte[pristine.Length];
                for (int copy = 0; copy < copies; copy++)
                {
                    pristine.CopyTo(image, 0);
                    int flips = random.Next(1, 9);
                    for (int i = 0; i < flips; i++)
                    {
                        var (start, length) = metadata[random.Next(metadata.Count)];
                        int at = start + random.Next(length);
                        image[at] = random.Next(3) switch
                        {
                            0 => (byte)(image[at] ^ (1 << random.Next(8))),
                            1 => (byte)random.Next(256),
                            _ => random.Next(2) == 0 ? (byte)0 : (byte)0xFF,
                        };
                    }
                    try
                    {
                        outcomes[Walk(image)]++;
                    }
                    catch (Exception e)
                    {
                        throw new InvalidOperationException($"seed {seed}, copy {copy}: {e}");
                    }
                }
            });
            int limit = 60 + copies / 20;
            Assert.True(campaign.Wait(TimeSpan.FromSeconds(limit)), $"seed {seed}: the campaign did not end in {limit} s (a hang)");
            if (campaign.IsFaulted) throw campaign.Exception!.InnerException!;
            Assert.True(outcomes[0] > 0 && outcomes[1] + outcomes[2] > copies / 10, $"outcomes {string.Join('/', outcomes)}");
        }

        // Where damage is read: the superblock's fields, the first group descriptor, the bitmaps,
        // the inodes in use, and every directory's blocks (found by the volume code itself).
        private static List<(int Start, int Length)> Metadata(byte[] image)
        {
            int table = BitConverter.ToInt32(image, 2048 + 8) * 1024;
            var ranges = new List<(int, int)>
            {
                (1024, 104), (2048, 32), (BitConverter.ToInt32(image, 2048) * 1024, 64), (BitConverter.ToInt32(image, 2048 + 4) * 1024, 16),
                (table, 60 * 256),
            };
            Ext2Volume volume = Ext2VolumeTests.Open((byte[])image.Clone(), readOnly: true);
            var pending = new Stack<uint>();
            pending.Push(Ext2Volume.RootInode);
            while (pending.Count > 0)
            {
                Assert.Equal(0, volume.LoadInode(pending.Pop(), out Ext2Inode directory));
                for (ulong block = 0; block < directory.Size / 1024; block++)
                {
                    Assert.Equal(0, volume.Map(ref directory, block, false, out uint physical));
                    ranges.Add(((int)physical * 1024, 1024));
                }
                ulong position = 0;
                while (volume.NextEntry(ref directory, ref position, out DirectoryEntry entry) > 0)
                    if (entry.FileType == 2 && !volume.EntryName(in entry).SequenceEqual("."u8) && !volume.EntryName(in entry).SequenceEqual(".."u8))
                        pending.Push(entry.Inode);
            }
            return ranges;
        }

        // One damaged copy mounted, walked and changed. 0: no error met; 1: clear errors; 2: refused.
        private static int Walk(byte[] image)
        {
            var volume = new Ext2Volume(new MemoryDisk(image), Base) { NowSeconds = 1_700_000_000 };
            long opened = volume.Open(false);
            if (opened != 0)
            {
                Clear(volume, opened);
                return 2;
            }
            bool errors = false;
            var seen = new HashSet<uint>();
            var pending = new Stack<(uint Inode, string Path, int Depth)>();
            pending.Push((Ext2Volume.RootInode, "", 0));
            byte[] dirents = new byte[512];
            byte[] path = new byte[FileLimits.PathMax];
            while (pending.Count > 0)
            {
                var (directory, name, depth) = pending.Pop();
                if (!seen.Add(directory) || depth > 20 || seen.Count > 500) continue;
                ulong position = 0;
                for (int calls = 0; calls < 1000; calls++)
                {
                    long written = volume.ReadDirectory(directory, ref position, dirents);
                    if (written < 0) { errors |= Clear(volume, written); break; }
                    if (written == 0) break;
                    for (int at = 0; at < written;)
                    {
                        uint inode = BitConverter.ToUInt32(dirents, at);
                        int length = BitConverter.ToUInt16(dirents, at + 16);
                        int end = Array.IndexOf(dirents, (byte)0, at + 19);
                        string entry = Encoding.Latin1.GetString(dirents, at + 19, end - at - 19);
                        at += length;
                        if (entry is "." or "..") continue;
                        string full = name.Length == 0 ? entry : name + "/" + entry;
                        int pathLength = Encoding.Latin1.GetBytes(full, path);
                        PathLookup found = volume.Lookup(path, pathLength, volume.Root, 0, 0, 0, 0, 0);
                        if (found.Result < 0 && found.Result > -1000) { errors |= Clear(volume, found.Result); continue; }
                        errors |= Check(volume, inode, ref pending, full, depth);
                    }
                }
            }
            errors |= Change(volume);
            long unmounted = volume.Unmount();
            if (unmounted < 0) errors |= Clear(volume, unmounted);
            return errors ? 1 : 0;
        }

        private static bool Check(Ext2Volume volume, uint inode, ref Stack<(uint, string, int)> pending, string path, int depth)
        {
            long stat = volume.FillStat(inode, 0, out LinuxStat details);
            if (stat < 0) return Clear(volume, stat);
            if (FileModes.IsDirectory(details.Mode))
            {
                pending.Push((inode, path, depth + 1));
                return false;
            }
            long loaded = volume.LoadInode(inode, out Ext2Inode record);
            if (loaded < 0) return Clear(volume, loaded);
            if (FileModes.IsSymlink(record.Mode))
            {
                long link = volume.ReadLink(ref record, out _);
                return link < 0 && Clear(volume, link);
            }
            if (!FileModes.IsRegular(record.Mode)) return false;
            ulong position = 0;
            while (position < 1 << 20)
            {
                long read = volume.ReadRun(ref record, position, 65536, out _);
                if (read < 0) return Clear(volume, read);
                if (read == 0) break;
                position += (ulong)read;
            }
            return false;
        }

        // Writes on the damaged volume: a new file with data, a directory, a rename, a removal,
        // a truncation. Each may fail, clearly.
        private static bool Change(Ext2Volume volume)
        {
            bool errors = false;
            uint root = Ext2Volume.RootInode;
            long made = volume.Create(root, "new-file"u8, FileModes.Regular | 0x1A4, 0, 0, 0, out _);
            if (made < 0) errors |= Clear(volume, made);
            else
            {
                long written = Ext2VolumeTests.Write(volume, (uint)made, 0, new byte[20_000]);
                if (written < 0) errors |= Clear(volume, written);
            }
            long directory = volume.MakeDirectory(root, "new-dir"u8, 0x1ED, 0, 0);
            if (directory < 0) errors |= Clear(volume, directory);
            long renamed = volume.Rename(root, "hello.txt"u8, directory > 0 ? (uint)directory : root, "renamed"u8, 0, 0, 0, out uint replaced, out bool orphaned);
            if (renamed < 0) errors |= Clear(volume, renamed);
            else if (orphaned) errors |= Clear(volume, Math.Min(0, volume.PutNode(replaced)));
            long removed = volume.Unlink(root, "large.bin"u8, false, 0, 0, out uint gone, out bool left);
            if (removed < 0) errors |= Clear(volume, removed);
            else if (left) errors |= Clear(volume, Math.Min(0, volume.PutNode(gone)));
            PathLookup hard = Ext2VolumeTests.Lookup(volume, "sub/hard.txt", 0);
            if (hard.Result < 0) return errors | Clear(volume, hard.Result);
            long loaded = volume.LoadInode(volume.Local(hard.Inode), out Ext2Inode inode);
            if (loaded < 0) return errors | Clear(volume, loaded);
            if (FileModes.IsRegular(inode.Mode))
            {
                long cut = volume.Truncate(ref inode, 3);
                if (cut < 0) errors |= Clear(volume, cut);
            }
            return errors;
        }

        // A failure must be an errno; EIO must name its problem. True: an error was met.
        private static bool Clear(Ext2Volume volume, long error)
        {
            if (error == 0) return false;
            Assert.True(error < 0 && error > -4096, $"not an errno: {error}");
            if (error == -(long)LinuxErrno.EIO) Assert.False(string.IsNullOrEmpty(volume.Problem), "EIO without a problem named");
            return true;
        }
    }
}
