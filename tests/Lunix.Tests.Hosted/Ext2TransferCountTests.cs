using System;
using System.IO;
using System.Text;
using Lunix.Abi.Linux;
using Lunix.FileSystems.Ext2;
using Xunit;
using Xunit.Abstractions;

namespace Lunix.Tests.Hosted
{
    // What the ext2 server asks of the device for the bench's file creation (posixbench's
    // ext2_create_1000_files on the same volume: 64 MiB, 4 KiB blocks, a 16 MiB file): 1,000 files
    // of 512 bytes in a new directory, then a flush. The dirty blocks go back in runs and the
    // metadata stays cached: about a hundred transfers, not one or more a file.
    public sealed class Ext2TransferCountTests(ITestOutputHelper output) : IDisposable
    {
        private readonly string _work = Directory.CreateTempSubdirectory("lunix-ext2count-").FullName;

        public void Dispose() => Directory.Delete(_work, recursive: true);

        [Fact]
        public void AThousandSmallFilesGoToTheDeviceInAboutAHundredTransfers()
        {
            string tree = Directory.CreateDirectory(Path.Combine(_work, "tree")).FullName;
            File.WriteAllBytes(Path.Combine(tree, "big"), new byte[16 << 20]);
            var disk = new MemoryDisk(Ext2Images.Make(_work, "bench.img", "-b 4096", tree, 64));
            var volume = new Ext2Volume(disk, 1UL << Ext2Volume.InodeBits) { NowSeconds = 1, NowNanoseconds = 2 };
            Assert.Equal(0, volume.Open(false));
            long small = volume.MakeDirectory(Ext2Volume.RootInode, "small"u8, FileModes.Directory | 0x1ED, 0, 0);
            Assert.True(small > 0);
            int reads = disk.Reads, writes = disk.Writes;
            var data = new byte[512];
            for (int i = 0; i < 1000; i++)
            {
                long file = volume.Create((uint)small, Encoding.ASCII.GetBytes(i.ToString()), FileModes.Regular | 0x1A4, 0, 0, 0, out _);
                Assert.True(file > 0, $"file {i}: {file}");
                Assert.Equal(512, Ext2VolumeTests.Write(volume, (uint)file, 0, data));
                Assert.Equal(0, volume.PutNode((uint)file));
            }
            Assert.Equal(0, volume.Flush());
            output.WriteLine($"{disk.Reads - reads} reads, {disk.Writes - writes} writes");
            Assert.InRange(disk.Writes - writes, 1, 128);
            Assert.InRange(disk.Reads - reads, 0, 80);
            Assert.Equal(0, Ext2Images.Check(_work, disk.Image).Code);
        }
    }
}
