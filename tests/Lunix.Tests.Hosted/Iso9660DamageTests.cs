using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.FileSystem;
using Lunix.FileSystems.Iso9660;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // Media the volume must not trust: records and entries changed on purpose (multi-extent
    // files, interleaving, continuation loops, cycles, both-endian fields that disagree), and a
    // seeded campaign of randomly damaged copies, each walked whole: every answer is right or a
    // clear error (a negated errno, with the problem named), never an exception, never a hang.
    public sealed class Iso9660DamageTests : IClassFixture<IsoImages>
    {
        private const ulong Base = 1UL << IsoVolume.InodeBits;
        private readonly IsoImages _images;

        public Iso9660DamageTests(IsoImages images) => _images = images;

        private static void Both32(byte[] image, int at, uint value)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(at), value);
            BinaryPrimitives.WriteUInt32BigEndian(image.AsSpan(at + 4), value);
        }

        private static PathLookup Lookup(IsoVolume volume, string path, int flags = FsLookupFlags.FollowLast)
        {
            byte[] buffer = new byte[FileLimits.PathMax];
            int length = Encoding.UTF8.GetBytes(path, buffer);
            return volume.Lookup(buffer, length, volume.Root, 0, flags, 0, 0, 0);
        }

        private static int RecordOf(IsoVolume volume, string path) => (int)(Lookup(volume, path).Inode - volume.InodeBase);

        [Fact]
        public void AMultiExtentFileIsReadAcrossItsExtents()
        {
            // xorriso makes multi-extent files only past 4 GiB: the single file's record is split
            // here into three (1 MiB, 1 MiB, the rest), the first two flagged multi-extent.
            byte[] image = (byte[])_images.Single.Clone();
            IsoVolume clean = Iso9660VolumeTests.Open(image, Base);
            int at = RecordOf(clean, "large.bin");
            byte[] record = image.AsSpan(at, image[at]).ToArray();
            uint extent = BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(2));
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(record.AsSpan(10));
            Assert.True(at % 2048 + 3 * record.Length <= 2048, "no room for three records in the block");
            for (int piece = 0; piece < 3; piece++)
            {
                int to = at + piece * record.Length;
                record.CopyTo(image, to);
                Both32(image, to + 2, extent + (uint)piece * 512);
                Both32(image, to + 10, piece < 2 ? 1u << 20 : size - (2u << 20));
                image[to + 25] = (byte)(piece < 2 ? DirectoryRecord.MultiExtent : 0);
            }
            IsoVolume volume = Iso9660VolumeTests.Open(image, Base);
            PathLookup found = Lookup(volume, "large.bin");
            Assert.Equal(0, found.Result);
            Assert.Equal(0, volume.Attributes(found.Inode, out IsoEntry entry));
            Assert.True(entry.MultiExtent);
            Assert.Equal((ulong)size, entry.Size);
            byte[] bytes = Iso9660VolumeTests.ReadAll(volume, found.Inode, size);
            Assert.True(System.IO.File.ReadAllBytes(System.IO.Path.Combine(_images.Source, "large.bin")).AsSpan().SequenceEqual(bytes));
            // Listed once, not once per extent.
            Assert.Single(Iso9660VolumeTests.VolumeTree(volume));
            // A chain whose last record is missing is refused.
            image[at + 2 * record.Length + 25] = DirectoryRecord.MultiExtent;
            var broken = new IsoVolume(new ImageMedium(image), Base);
            Assert.Equal(0, broken.Open());
            Assert.Equal(-(long)LinuxErrno.EIO, Lookup(broken, "large.bin").Result);
            Assert.Contains("multi-extent", broken.Problem);
        }

        [Fact]
        public void AnInterleavedFileIsRefused()
        {
            byte[] image = (byte[])_images.Plain.Clone();
            int at = RecordOf(Iso9660VolumeTests.Open(image, Base), "a.txt");
            image[at + 26] = 1;                                         // file unit size
            IsoVolume volume = Iso9660VolumeTests.Open(image, Base);
            PathLookup found = Lookup(volume, "a.txt");
            Assert.Equal(0, found.Result);
            Assert.Equal(-(long)LinuxErrno.EIO, volume.ReadRun(found.Inode, 0, 100, out _));
            Assert.Contains("interleaved", volume.Problem);
        }

        [Fact]
        public void AContinuationAreaThatContinuesItselfIsCut()
        {
            byte[] image = (byte[])_images.RockRidge.Clone();
            IsoVolume clean = Iso9660VolumeTests.Open(image, Base);
            int root = (int)(clean.Root - clean.InodeBase);
            // The root's "." record has a CE entry; its area becomes one CE pointing at itself.
            int ce = image.AsSpan(root, image[root]).IndexOf("CE"u8);
            Assert.True(ce > 0, "the root's \".\" record has no CE entry");
            ce += root;
            uint block = BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(ce + 4));
            uint offset = BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(ce + 12));
            Both32(image, ce + 20, 28);
            int area = (int)(block * 2048 + offset);
            "CE"u8.CopyTo(image.AsSpan(area));
            image[area + 2] = 28;
            image[area + 3] = 1;
            Both32(image, area + 4, block);
            Both32(image, area + 12, offset);
            Both32(image, area + 20, 28);
            var volume = new IsoVolume(new ImageMedium(image), Base);
            Assert.Equal(-(long)LinuxErrno.EIO, volume.Open());
            Assert.Contains("CE", volume.Problem);
        }

        [Fact]
        public void ADirectoryThatContainsItsParentIsACycle()
        {
            byte[] image = (byte[])_images.Plain.Clone();
            IsoVolume clean = Iso9660VolumeTests.Open(image, Base);
            int root = (int)(clean.Root - clean.InodeBase);
            // Find the "SUB" record in the root and point it at the root's own extent.
            int at = root + image.AsSpan(root, 2048).IndexOf("SUB"u8) - 33;
            Both32(image, at + 2, (uint)(root / 2048));
            IsoVolume volume = Iso9660VolumeTests.Open(image, Base);
            Assert.Equal(-(long)LinuxErrno.EIO, Lookup(volume, "sub/readme.txt").Result);
            Assert.Contains("cycle", volume.Problem);
        }

        [Fact]
        public void BothEndianHalvesThatDisagreeAreDamage()
        {
            byte[] image = (byte[])_images.Plain.Clone();
            int at = RecordOf(Iso9660VolumeTests.Open(image, Base), "a.txt");
            image[at + 17] ^= 0x40;                                     // the size's big-endian half
            IsoVolume volume = Iso9660VolumeTests.Open(image, Base);
            Assert.Equal(-(long)LinuxErrno.EIO, Lookup(volume, "a.txt").Result);
            Assert.Contains("both-endian", volume.Problem);
        }

        // The campaign: LUNIX_ISO_SEED and LUNIX_ISO_COPIES choose another run (README.md).
        [Fact]
        public void RandomlyDamagedCopiesReadRightOrFailClearly()
        {
            int seed = int.TryParse(Environment.GetEnvironmentVariable("LUNIX_ISO_SEED"), out int s) ? s : 1;
            int copies = int.TryParse(Environment.GetEnvironmentVariable("LUNIX_ISO_COPIES"), out int c) ? c : 1000;
            byte[] pristine = _images.Small;
            IsoVolume clean = Iso9660VolumeTests.Open(pristine, Base);
            var good = Iso9660VolumeTests.VolumeTree(clean);
            // The metadata: the descriptors, path tables, directories and continuation areas xorriso
            // writes before the first file's data.
            int metadataEnd = (int)good.Values.Where(file => FileModes.IsRegular(file.Entry.Mode) && file.Entry.Size > 0).Min(file => file.Entry.DataBlock) * 2048;
            int metadataStart = VolumeDescriptors.First * 2048;
            var outcomes = new int[3];                                  // opened and walked clean, with errors, refused at open
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
                        int at = random.Next(metadataStart, metadataEnd);
                        image[at] = random.Next(3) switch
                        {
                            0 => (byte)(image[at] ^ (1 << random.Next(8))),
                            1 => (byte)random.Next(256),
                            _ => random.Next(2) == 0 ? (byte)0 : (byte)0xFF,
                        };
                    }
                    try
                    {
                        outcomes[Walk(image, good)]++;
                    }
                    catch (Exception e) when (e is not Xunit.Sdk.XunitException)
                    {
                        throw new InvalidOperationException($"seed {seed}, copy {copy}: {e}");
                    }
                    catch (Xunit.Sdk.XunitException e)
                    {
                        throw new InvalidOperationException($"seed {seed}, copy {copy}: {e.Message}");
                    }
                }
            });
            // About 10 ms a copy here: 50 ms a copy and a minute more is a hang, not a slow machine.
            int limit = 60 + copies / 20;
            Assert.True(campaign.Wait(TimeSpan.FromSeconds(limit)), $"seed {seed}: the campaign did not end in {limit} s (a hang)");
            // Most damage lands somewhere a walk notices or in a field nobody reads; both happen.
            Assert.True(outcomes[0] > 0 && outcomes[1] + outcomes[2] > copies / 10, $"outcomes {string.Join('/', outcomes)}");
        }

        // One damaged copy walked whole: every directory listed, every entry looked up by its path,
        // stat'ed, read (a file whose record is unchanged must give the clean bytes) or its link
        // read. 0: no error met; 1: clear errors met; 2: refused at open.
        private static int Walk(byte[] image, Dictionary<string, Iso9660VolumeTests.VolumeFile> good)
        {
            var volume = new IsoVolume(new ImageMedium(image), Base);
            long opened = volume.Open();
            if (opened != 0)
            {
                Clear(volume, opened);
                return 2;
            }
            bool errors = false;
            var seen = new HashSet<ulong>();
            var pending = new Stack<(ulong Inode, string Path, int Depth)>();
            pending.Push((volume.Root, "", 0));
            byte[] dirents = new byte[512];
            int entries = 0;
            while (pending.Count > 0)
            {
                var (directory, path, depth) = pending.Pop();
                if (!seen.Add(directory) || depth > 40) continue;       // a cycle the volume cannot see: cut here
                ulong position = 0;
                for (int calls = 0; calls < 10_000; calls++)
                {
                    long written = volume.ReadDirectory(directory, ref position, dirents);
                    if (written < 0) { Clear(volume, written); errors = true; }
                    if (written <= 0) break;
                }
                ulong offset = 0;
                while (entries++ < 20_000)
                {
                    long found = volume.NextEntry(directory, ref offset, out IsoEntry entry);
                    if (found < 0) { Clear(volume, found); errors = true; }
                    if (found <= 0) break;
                    string name = Encoding.UTF8.GetString(volume.Name(in entry));
                    string full = path.Length == 0 ? name : path + "/" + name;
                    if (entry.Directory) pending.Push((entry.Inode, full, depth + 1));
                    errors |= Check(volume, entry, full, good);
                }
            }
            return errors ? 1 : 0;
        }

        private static bool Check(IsoVolume volume, IsoEntry entry, string path, Dictionary<string, Iso9660VolumeTests.VolumeFile> good)
        {
            bool errors = false;
            long stat = volume.FillStat(entry.Inode, 0, out _);
            if (stat < 0) { Clear(volume, stat); errors = true; }
            if (path.Length < 1000 && !path.Contains('\0'))
            {
                PathLookup found = Lookup(volume, path, flags: 0);
                if (found.Result < 0) { Clear(volume, found.Result); errors = true; }
            }
            if (FileModes.IsSymlink(entry.Mode))
            {
                long link = volume.ReadLink(entry.Inode, out _);
                if (link < 0) { Clear(volume, link); errors = true; }
            }
            if (!FileModes.IsRegular(entry.Mode) || entry.Directory) return errors;
            var bytes = new List<byte>();
            ulong position = 0;
            while (position < 8 << 20)
            {
                long read = volume.ReadRun(entry.Inode, position, 65536, out ReadOnlySpan<byte> run);
                if (read < 0) { Clear(volume, read); return true; }
                if (read == 0) break;
                if (position < 1 << 20) bytes.AddRange(run.ToArray());
                position += (ulong)read;
            }
            // Data blocks are never damaged here: the same file at the same place with the same
            // size reads the same bytes.
            if (good.TryGetValue(path, out var clean) && clean.Entry.DataBlock == entry.DataBlock && clean.Entry.Size == entry.Size
                && !entry.MultiExtent && FileModes.IsRegular(clean.Entry.Mode))
                Assert.True(clean.Bytes.AsSpan().SequenceEqual(bytes.ToArray()), $"{path}: wrong bytes from an undamaged extent");
            return errors;
        }

        // A failure must be an errno; EIO must name its problem.
        private static void Clear(IsoVolume volume, long error)
        {
            Assert.True(error < 0 && error > -4096, $"not an errno: {error}");
            if (error == -(long)LinuxErrno.EIO) Assert.False(string.IsNullOrEmpty(volume.Problem), "EIO without a problem named");
        }
    }
}
