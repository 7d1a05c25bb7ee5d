using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using Lunix.FileSystems.Iso9660;

namespace Lunix.Tests.Hosted
{
    // ISO images made on the host by xorriso from a tree made here, once per test class: Rock
    // Ridge with Joliet beside it, Rock Ridge with deep directories relocated (RE/CL/PL), Joliet
    // alone, and plain ECMA-119. The tree has long names, modes, owners, symlinks (relative,
    // absolute, dangling), hard links, a path of 12 levels and over 255 bytes, empty, small and
    // large files, a fifo and a device.
    public sealed class IsoImages : IDisposable
    {
        public readonly string Source;
        public readonly byte[] RockRidge, Relocated, Joliet, Plain, Single, Small;
        public readonly string PlainSource;
        private readonly string _work;

        public const string LongName = "a_name_much_longer_than_any_that_ecma_119_allows_with_UPPER_and_lower_case_letters_and.several.dots.in.it_reaching_well_past_one_hundred_and_fifty_bytes_so_that_only_rock_ridge_NM_entries_can_hold_it_whole_0123456789_abcdefghijklmnopqrstuvwxyz";

        public IsoImages()
        {
            _work = Path.Combine(Path.GetTempPath(), "lunix-iso-" + Guid.NewGuid().ToString("N"));
            Source = Path.Combine(_work, "tree");
            MakeTree(Source, largeSize: 3 * 1024 * 1024 + 1234, many: 150);
            RockRidge = Make("rr.iso", "-rockridge on -joliet on -hardlinks on", Source);
            Relocated = Make("deep.iso", "-compliance deep_paths_off -rr_reloc_dir rr_moved -rockridge on -hardlinks on", Source);
            Joliet = Make("joliet.iso", "-rockridge off -joliet on", JolietTree());
            PlainSource = Path.Combine(_work, "plain");
            Directory.CreateDirectory(Path.Combine(PlainSource, "sub"));
            File.WriteAllText(Path.Combine(PlainSource, "a.txt"), "plain a\n");
            File.WriteAllText(Path.Combine(PlainSource, "sub", "readme.txt"), "plain readme\n");
            File.WriteAllText(Path.Combine(PlainSource, "noext"), "no extension\n");
            Plain = Make("plain.iso", "-rockridge off -joliet off", PlainSource);
            string single = Path.Combine(_work, "single");
            Directory.CreateDirectory(single);
            File.Copy(Path.Combine(Source, "large.bin"), Path.Combine(single, "large.bin"));
            Single = Make("single.iso", "-rockridge off -joliet off", single);
            // The corruption campaign's image: the same kinds of entries, small enough to copy
            // and walk a thousand times (deep directories relocated, Joliet beside Rock Ridge).
            string small = Path.Combine(_work, "small");
            MakeTree(small, largeSize: 70_000, many: 40);
            Small = Make("small.iso", "-compliance deep_paths_off -rr_reloc_dir rr_moved -rockridge on -joliet on -hardlinks on", small);
        }

        public void Dispose() => Directory.Delete(_work, recursive: true);

        private static void MakeTree(string root, int largeSize, int many)
        {
            Directory.CreateDirectory(root);
            File.WriteAllText(Path.Combine(root, "hello.txt"), "hello from the host\n");
            File.WriteAllBytes(Path.Combine(root, "empty"), []);
            var random = new Random(7);
            byte[] large = new byte[largeSize];
            random.NextBytes(large);
            File.WriteAllBytes(Path.Combine(root, "large.bin"), large);
            File.WriteAllText(Path.Combine(root, LongName), "long name\n");
            string modes = Path.Combine(root, "modes");
            Directory.CreateDirectory(modes);
            foreach (var (name, mode) in new[] { ("private", "600"), ("script", "755"), ("setuid", "4755"), ("group", "640") })
            {
                File.WriteAllText(Path.Combine(modes, name), name + "\n");
                Run("chmod", $"{mode} {Path.Combine(modes, name)}");
            }
            Run("chown", $"1000:2000 {Path.Combine(modes, "group")}");
            Directory.CreateDirectory(Path.Combine(modes, "sticky"));
            Run("chmod", $"1777 {Path.Combine(modes, "sticky")}");
            string links = Path.Combine(root, "links");
            Directory.CreateDirectory(links);
            File.CreateSymbolicLink(Path.Combine(links, "relative"), "../hello.txt");
            File.CreateSymbolicLink(Path.Combine(links, "absolute"), "/etc/passwd");
            File.CreateSymbolicLink(Path.Combine(links, "dangling"), "no/such/file");
            File.CreateSymbolicLink(Path.Combine(links, "dotted"), "./../links/./relative");
            File.CreateSymbolicLink(Path.Combine(links, "todir"), "../modes");
            File.CreateSymbolicLink(Path.Combine(links, "long"), string.Join('/', new string('x', 200), new string('y', 200), "z"));
            // A 255-byte component fills more than one SL entry: its text is CONTINUEd.
            File.CreateSymbolicLink(Path.Combine(links, "split"), new string('s', 255) + "/" + new string('t', 255) + "/end");
            File.WriteAllText(Path.Combine(links, "original"), "linked twice\n");
            Run("ln", $"{Path.Combine(links, "original")} {Path.Combine(links, "hardlink")}");
            Run("mkfifo", Path.Combine(links, "fifo"));
            Run("mknod", $"{Path.Combine(links, "null")} c 1 3");
            string deep = root;
            for (int level = 1; level <= 12; level++) deep = Path.Combine(deep, $"level{level:D2}_with_a_name_of_some_length");
            Directory.CreateDirectory(deep);
            File.WriteAllText(Path.Combine(deep, "bottom.txt"), "twelve levels down\n");
            File.CreateSymbolicLink(Path.Combine(deep, "up"), "../../../..");
            Directory.CreateDirectory(Path.Combine(root, "emptydir"));
            string manyFiles = Path.Combine(root, "many");
            Directory.CreateDirectory(manyFiles);
            for (int i = 0; i < many; i++) File.WriteAllText(Path.Combine(manyFiles, $"file_number_{i:D3}_of_many.txt"), $"file {i}\n");
        }

        // Joliet keeps names to 64 UCS-2 characters: a tree of its own with names that fit.
        private string JolietTree()
        {
            string root = Path.Combine(_work, "joliet");
            Directory.CreateDirectory(Path.Combine(root, "Mixed Case Directory", "inner"));
            File.WriteAllText(Path.Combine(root, "Mixed Case Directory", "inner", "Ünïcödé naïve café.txt"), "unicode\n");
            File.WriteAllText(Path.Combine(root, "Readme.Text"), "joliet readme\n");
            File.WriteAllText(Path.Combine(root, "a name with spaces and.two.dots"), "spaces\n");
            File.WriteAllBytes(Path.Combine(root, "empty"), []);
            byte[] data = new byte[300_000];
            new Random(3).NextBytes(data);
            File.WriteAllBytes(Path.Combine(root, "Mixed Case Directory", "data.bin"), data);
            return root;
        }

        private byte[] Make(string name, string options, string source)
        {
            string image = Path.Combine(_work, name);
            Run("xorriso", $"-outdev {image} {options} -map {source} /");
            return File.ReadAllBytes(image);
        }

        private static void Run(string program, string arguments)
        {
            var start = new ProcessStartInfo(program, arguments) { RedirectStandardError = true, RedirectStandardOutput = true };
            using var process = Process.Start(start)!;
            string errors = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {arguments} failed: {errors}");
        }
    }

    // An image in memory as the volume's medium; reads past its end fail with EIO as a device's do.
    public sealed class ImageMedium : IBlockMedium
    {
        private readonly byte[] _image;
        public int Reads;

        public ImageMedium(byte[] image) => _image = image;

        public long ReadBlocks(ulong block, Span<byte> into)
        {
            Reads++;
            if (into.Length % IsoBlocks.Size != 0) return -22;
            ulong start = block * IsoBlocks.Size;
            if (block >= (ulong)_image.Length / IsoBlocks.Size || (ulong)into.Length > (ulong)_image.Length - start) return -5;
            _image.AsSpan((int)start, into.Length).CopyTo(into);
            return 0;
        }
    }
}
