using Lunix.Boot;
using Lunix.Manifest;

namespace Lunix.Tests.Boot;

/// <summary>
/// What each image holds, read from the trees the build made its ISOs of (iso/root-system,
/// iso/root-test): the system image exactly the manifest's system programs and the system kernel,
/// without a single test program or ring-0 suite; the test image everything. No QEMU needed.
/// </summary>
[Collection(BiosBootCollection.Name)]
public sealed class ImageContentsTests(QemuFixture qemu)
{
    private ProgramManifest Manifest => qemu.Manifest ?? throw new InvalidOperationException(qemu.Problem);

    private string Tree(ImageKind image) => Path.Combine(qemu.Root, "iso", image == ImageKind.System ? "root-system" : "root-test");

    /// <summary>The module names grub.cfg loads programs as (their .elf files).</summary>
    private List<string> GrubModules(ImageKind image) =>
        File.ReadAllLines(Path.Combine(Tree(image), "boot", "grub", "grub.cfg"))
            .Select(line => line.Trim().Split(' '))
            .Where(words => words is ["module2", var file, _] && file.StartsWith("/boot/programs/", StringComparison.Ordinal) && file.EndsWith(".elf", StringComparison.Ordinal))
            .Select(words => words[2]).ToList();

    [Fact]
    public void TheSystemImageHoldsItsProgramsAndNoTestProgram()
    {
        var expected = Manifest.Programs.Where(program => program.Image == ImageKind.System).Select(program => program.Module).Distinct().Order();
        Assert.Equal(expected, GrubModules(ImageKind.System).Order());
        var testOnly = Manifest.Programs.Where(program => program.Image == ImageKind.Test).Select(program => program.Module).ToHashSet();
        testOnly.ExceptWith(expected);
        foreach (var file in Directory.EnumerateFiles(Tree(ImageKind.System), "*", SearchOption.AllDirectories))
            Assert.DoesNotContain(Path.GetFileNameWithoutExtension(file), testOnly);
    }

    [Fact]
    public void TheTestImageHoldsEveryProgram()
    {
        var expected = Manifest.Programs.Select(program => program.Module).Distinct().Order();
        Assert.Equal(expected, GrubModules(ImageKind.Test).Order());
    }

    [Fact]
    public void OnlyTheTestKernelHasRingZeroSuites()
    {
        static bool HasSuites(string tree) => File.ReadLines(Path.Combine(tree, "boot", "kernel.sym")).Any(line => line.EndsWith(" lunix_kernel_suite", StringComparison.Ordinal));
        Assert.False(HasSuites(Tree(ImageKind.System)));
        Assert.True(HasSuites(Tree(ImageKind.Test)));
    }

    [Fact]
    public void EachImageCarriesRsServiceTable()
    {
        foreach (var image in new[] { ImageKind.System, ImageKind.Test })
        {
            var table = File.ReadAllBytes(Path.Combine(Tree(image), "boot", "services.table"));
            Assert.Equal(ServiceTableFile.Write(Manifest, image), table);
        }
    }
}
