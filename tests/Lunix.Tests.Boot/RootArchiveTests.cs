using System;
using System.IO;
using System.Text;
using Lunix.Manifest;
using Lunix.Servers.RamFs;
using Xunit;

namespace Lunix.Tests.Boot
{
    // The root file system's archive round trip: the build's newc writer (Boot/Manifest) and the
    // reader the servers run (CpioArchive), on a tree with a file, a program, a link and nested
    // directories; and the reader on damaged archives.
    public sealed class RootArchiveTests : IDisposable
    {
        private readonly string _root = Directory.CreateTempSubdirectory("lunix-rootfs").FullName;

        public void Dispose() => Directory.Delete(_root, recursive: true);

        private byte[] Archive()
        {
            string tree = Path.Combine(_root, "Boot", "RootFs");
            Directory.CreateDirectory(Path.Combine(tree, "etc"));
            Directory.CreateDirectory(Path.Combine(tree, "proc"));
            File.WriteAllText(Path.Combine(tree, "proc", ".gitkeep"), "");
            File.WriteAllText(Path.Combine(tree, "etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\n");
            string bin = Path.Combine(_root, "iso", "build", "userland", "bin");
            Directory.CreateDirectory(bin);
            File.WriteAllBytes(Path.Combine(bin, "busybox"), new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 1, 2, 3 });
            File.SetUnixFileMode(Path.Combine(bin, "busybox"), (UnixFileMode)0x1ED);
            File.CreateSymbolicLink(Path.Combine(bin, "sh"), "busybox");
            string posix = Path.Combine(_root, "iso", "build", "posix");
            Directory.CreateDirectory(posix);
            File.WriteAllText(Path.Combine(posix, "files"), "x");
            return RootArchiveFile.Write(_root, ImageKind.Test);
        }

        // An entry as the tests look at it (CpioArchive.Entry is a ref struct over the archive).
        private readonly record struct Found(uint Mode, int DataOffset, int DataLength);

        private static string Text(byte[] archive, Found entry) => Encoding.ASCII.GetString(archive, entry.DataOffset, entry.DataLength);

        // The entry named `path` (leading "/" or not), walking the archive as RamFs's unpack does.
        private static bool Find(ReadOnlySpan<byte> archive, string path, out Found found)
        {
            var reader = new CpioArchive(archive);
            byte[] wanted = Encoding.ASCII.GetBytes(path.TrimStart('/'));
            int at = 0;
            found = default;
            while (true)
            {
                int next = at;
                if (!reader.Next(ref next, out CpioArchive.Entry entry)) return false;
                at = next;
                if (entry.Name.SequenceEqual(wanted))
                {
                    found = new Found(entry.Mode, entry.DataOffset, entry.DataLength);
                    return true;
                }
            }
        }

        [Fact]
        public void WhatTheBuildPacksTheServersFind()
        {
            byte[] archive = Archive();
            Assert.True(Find(archive, "/etc/passwd", out var passwd));
            Assert.Equal(0x81A4u, passwd.Mode);
            Assert.Equal("root:x:0:0:root:/root:/bin/sh\n", Text(archive, passwd));
            Assert.True(Find(archive, "/bin/busybox", out var busybox));
            Assert.Equal(0x81EDu, busybox.Mode);
            Assert.Equal(7, busybox.DataLength);
            Assert.True(Find(archive, "bin/sh", out var link));
            Assert.Equal(0xA1FFu, link.Mode);
            Assert.Equal("busybox", Text(archive, link));
            Assert.True(Find(archive, "/proc", out var proc));
            Assert.Equal(0x41EDu, proc.Mode);
            Assert.False(Find(archive, "/proc/.gitkeep", out _));
            Assert.True(Find(archive, "/tests", out _));
            Assert.True(Find(archive, "/tests/posix/files", out _));
            Assert.False(Find(archive, "/etc/shadow", out _));
        }

        [Fact]
        public void TheSystemImageHasNoTests() =>
            Assert.False(Find(ArchiveOf(ImageKind.System), "/tests/posix/files", out _));

        private byte[] ArchiveOf(ImageKind image)
        {
            Archive();
            return RootArchiveFile.Write(_root, image);
        }

        [Fact]
        public void TheSameTreeGivesTheSameBytes() => Assert.Equal(Archive(), RootArchiveFile.Write(_root, ImageKind.Test));

        [Fact]
        public void DamagedArchivesYieldNothingAndNeverReadPastTheirEnd()
        {
            byte[] archive = Archive();
            for (int length = 0; length < archive.Length; length += 7)
                Find(archive.AsSpan(0, length), "/tests/posix/files", out _);
            var random = new Random(15);
            for (int round = 0; round < 2000; round++)
            {
                byte[] damaged = (byte[])archive.Clone();
                damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
                if (Find(damaged, "/tests/posix/files", out var entry))
                    Assert.InRange(entry.DataOffset + entry.DataLength, 0, damaged.Length);
            }
        }
    }
}
