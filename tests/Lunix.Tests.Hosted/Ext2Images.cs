using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Lunix.FileSystems.Ext2;

namespace Lunix.Tests.Hosted
{
    // ext2 images made on the host by mke2fs from a tree made here (-d), and the host's tools
    // that judge what the volume code wrote: e2fsck -fn (clean: exit 0) and debugfs.
    public static class Ext2Images
    {
        // A tree with small, empty, sparse and large files, fast and slow symlinks, a hard link,
        // nested directories, a fifo and a directory of many entries.
        public static string MakeTree(string root, int many = 60)
        {
            Directory.CreateDirectory(root);
            File.WriteAllText(Path.Combine(root, "hello.txt"), "hello from the host\n");
            File.WriteAllBytes(Path.Combine(root, "empty"), []);
            var random = new Random(7);
            byte[] large = new byte[300_000];
            random.NextBytes(large);
            File.WriteAllBytes(Path.Combine(root, "large.bin"), large);
            using (var sparse = File.Create(Path.Combine(root, "sparse.bin")))
            {
                sparse.Seek(5 * 1024 * 1024, SeekOrigin.Begin);
                sparse.Write("end of a sparse file\n"u8);
            }
            Directory.CreateDirectory(Path.Combine(root, "sub", "deeper"));
            File.WriteAllText(Path.Combine(root, "sub", "deeper", "note.txt"), "deep note\n");
            File.CreateSymbolicLink(Path.Combine(root, "fast-link"), "hello.txt");
            File.CreateSymbolicLink(Path.Combine(root, "slow-link"), "sub/deeper/" + string.Concat(Enumerable.Repeat("./", 40)) + "note.txt");
            File.CreateSymbolicLink(Path.Combine(root, "sub", "up"), "../hello.txt");
            Run("ln", $"{Path.Combine(root, "hello.txt")} {Path.Combine(root, "sub", "hard.txt")}");
            Run("mkfifo", Path.Combine(root, "fifo"));
            string lots = Path.Combine(root, "many");
            Directory.CreateDirectory(lots);
            for (int i = 0; i < many; i++) File.WriteAllText(Path.Combine(lots, $"entry-with-a-longish-name-{i:D4}"), $"entry {i}\n");
            return root;
        }

        // An image of `megabytes` MiB made by `mke2fs -t ext2 <options> -d <tree>`.
        public static byte[] Make(string work, string name, string options, string tree, int megabytes = 16)
        {
            string image = Path.Combine(work, name);
            File.Delete(image);
            string from = tree == null ? "" : $"-d {tree}";
            Run("mke2fs", $"-q -F {(options.Contains("-t ") ? "" : "-t ext2 ")}{options} {from} {image} {megabytes}M");
            return File.ReadAllBytes(image);
        }

        // e2fsck -fn on the image: its exit code and its output.
        public static (int Code, string Output) Check(string work, byte[] image)
        {
            string path = Path.Combine(work, "check-" + Guid.NewGuid().ToString("N") + ".img");
            File.WriteAllBytes(path, image);
            try
            {
                return Run("e2fsck", $"-fn {path}", allowFailure: true);
            }
            finally
            {
                File.Delete(path);
            }
        }

        // debugfs -R "<request>" on the image: its output.
        public static string Debugfs(string work, byte[] image, string request)
        {
            string path = Path.Combine(work, "debugfs-" + Guid.NewGuid().ToString("N") + ".img");
            File.WriteAllBytes(path, image);
            try
            {
                return Run("debugfs", $"-R \"{request}\" {path}").Output;
            }
            finally
            {
                File.Delete(path);
            }
        }

        // debugfs's cat of `path`: the file's bytes exactly.
        public static byte[] DebugfsBytes(string work, byte[] image, string path)
        {
            string file = Save(work, image);
            string dump = Path.Combine(work, "dump-" + Guid.NewGuid().ToString("N"));
            try
            {
                Run("debugfs", $"-R \"dump {path} {dump}\" {file}");
                return File.ReadAllBytes(dump);
            }
            finally
            {
                File.Delete(file);
                File.Delete(dump);
            }
        }

        // The image in a file of its own under `work`.
        public static string Save(string work, byte[] image)
        {
            string path = Path.Combine(work, "image-" + Guid.NewGuid().ToString("N") + ".img");
            File.WriteAllBytes(path, image);
            return path;
        }

        public static (int Code, string Output) Run(string program, string arguments, bool allowFailure = false)
        {
            var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.Environment["E2FSPROGS_FAKE_TIME"] = null;
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0 && !allowFailure) throw new InvalidOperationException($"{program} {arguments}: exit {process.ExitCode}\n{output}{error.Result}");
            return (process.ExitCode, output + error.Result);
        }
    }

    // An image in memory as the volume's disk; `Writable` false refuses writes as a read-only
    // medium does.
    public sealed class MemoryDisk : IExt2Disk
    {
        public readonly byte[] Image;
        public bool Writable = true;
        public int Reads, Writes;

        public MemoryDisk(byte[] image) => Image = image;

        public long Read(ulong offset, Span<byte> into)
        {
            if (offset % 512 != 0 || into.Length % 512 != 0) return -22;
            if (offset > (ulong)Image.Length || (ulong)into.Length > (ulong)Image.Length - offset) return -5;
            Reads++;
            Image.AsSpan((int)offset, into.Length).CopyTo(into);
            return 0;
        }

        public long Write(ulong offset, ReadOnlySpan<byte> from)
        {
            if (!Writable) return -30;
            if (offset % 512 != 0 || from.Length % 512 != 0) return -22;
            if (offset > (ulong)Image.Length || (ulong)from.Length > (ulong)Image.Length - offset) return -5;
            Writes++;
            from.CopyTo(Image.AsSpan((int)offset));
            return 0;
        }
    }
}
