using Lunix.Manifest;

namespace Lunix.Boot;

/// <summary>Finds the checkout this tool belongs to, so it works from any directory.</summary>
public static class RepositoryRoot
{
    public const string MarkerFile = "Lunix.sln";

    /// <summary>
    /// The nearest directory holding Lunix.sln above the current directory, else above this
    /// assembly (which sits in Boot/bin/... of the checkout). Null when neither is inside one.
    /// </summary>
    public static string? Find() =>
        FindAbove(Environment.CurrentDirectory) ?? FindAbove(AppContext.BaseDirectory);

    /// <summary>Where the build puts an image's ISO: iso/lunix.iso, iso/lunix-test.iso.</summary>
    public static string IsoPath(string root, ImageKind image) =>
        Path.Combine(root, "iso", image == ImageKind.System ? "lunix.iso" : "lunix-test.iso");

    /// <summary>The checkout's manifest, read and checked, or null after the reason on stderr.</summary>
    public static ProgramManifest? ReadManifest(string root)
    {
        string path = Path.Combine(root, ManifestReader.FileName);
        var manifest = ManifestReader.Read(path, root, out var errors);
        foreach (var error in errors) Console.Error.WriteLine($"lunix-boot: {path}:{error.Line}: {error.Message}");
        return manifest;
    }

    private static string? FindAbove(string start)
    {
        for (var directory = new DirectoryInfo(start); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, MarkerFile))) return directory.FullName;
        }
        return null;
    }
}
