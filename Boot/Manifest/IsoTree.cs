namespace Lunix.Manifest;

/// <summary>
/// Lays out the file tree of one image's ISO, for grub-mkrescue: the image's kernel (the system
/// kernel, or the test kernel with its ring-0 suites) as boot/kernel.elf with its symbols, GRUB's
/// console font, the vDSO Linux programs get (Boot/Userland/build.sh builds it), every boot module's program and symbol file under boot/programs/, RS's service
/// table, the root file system's archive and the generated grub.cfg. The tree is made afresh, so nothing of an earlier layout
/// (a program since removed from the manifest) stays in it.
/// </summary>
public static class IsoTree
{
    public const string FontFile = "/usr/share/grub/ascii.pf2";

    /// <summary>The kernel image of each boot image, as built into iso/build/.</summary>
    public static string KernelOf(ImageKind image) => image == ImageKind.System ? "kernel" : "kerneltest";

    /// <summary>The files to copy, source (under buildDirectory, or absolute) to path in the tree.</summary>
    public static IEnumerable<(string Source, string Target)> Files(ProgramManifest manifest, ImageKind image, string buildDirectory)
    {
        string kernel = KernelOf(image);
        yield return (Path.Combine(buildDirectory, $"{kernel}.elf"), "boot/kernel.elf");
        yield return (Path.Combine(buildDirectory, $"{kernel}.sym"), "boot/kernel.sym");
        yield return (FontFile, "boot/font.pf2");
        yield return (Path.Combine(buildDirectory, "vdso", "vdso.so"), "boot/vdso.so");
        foreach (var program in manifest.ModulesOf(image))
        {
            yield return (Path.Combine(buildDirectory, $"{program.Module}.elf"), $"boot/programs/{program.Module}.elf");
            yield return (Path.Combine(buildDirectory, $"{program.Module}.sym"), $"boot/programs/{program.Module}.sym");
        }
    }

    /// <summary>Null, or the first file that is missing (a program that did not build).</summary>
    public static string? Write(ProgramManifest manifest, ImageKind image, string repositoryRoot, string root)
    {
        string buildDirectory = Path.Combine(repositoryRoot, "iso", "build");
        var files = Files(manifest, image, buildDirectory).ToList();
        if (files.FirstOrDefault(file => !File.Exists(file.Source)) is { Source: not null } missing) return missing.Source;
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        foreach (var (source, target) in files)
        {
            string destination = Path.Combine(root, target);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(source, destination);
        }
        GeneratedFile.Write(Path.Combine(root, "boot", "grub", "grub.cfg"), GrubConfig.Write(manifest, image));
        GeneratedFile.Write(Path.Combine(root, "boot", $"{ServiceTableFile.ModuleName}.table"), ServiceTableFile.Write(manifest, image));
        GeneratedFile.Write(Path.Combine(root, "boot", $"{RootArchiveFile.ModuleName}.cpio"), RootArchiveFile.Write(repositoryRoot, image));
        return null;
    }
}
