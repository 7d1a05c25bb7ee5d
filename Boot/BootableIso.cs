using Lunix.Manifest;

namespace Lunix.Boot;

/// <summary>What every command that boots checks first: the checkout, its built ISO, and the
/// native tools (QEMU, OVMF) that boot it.</summary>
public static class BootableIso
{
    /// <summary>The image's ISO path, or null after saying on stderr why nothing can boot.</summary>
    public static string? FindOrExplain(ImageKind image)
    {
        if (Problem(image, out var iso) is { } error)
        {
            Console.Error.WriteLine($"lunix-boot: {error}");
            return null;
        }
        return iso;
    }

    private static string? Problem(ImageKind image, out string iso)
    {
        iso = "";
        if (RepositoryRoot.Find() is not { } root)
            return $"no {RepositoryRoot.MarkerFile} above {Environment.CurrentDirectory} or {AppContext.BaseDirectory}; run from the Lunix checkout";
        iso = RepositoryRoot.IsoPath(root, image);
        if (!File.Exists(iso)) return $"{iso} not found; build it with: dotnet build Lunix.sln";
        return NativeTools.Ensure(root);
    }
}
