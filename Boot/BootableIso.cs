namespace Lunix.Boot;

/// <summary>What every command that boots checks first: the checkout, its built ISO, and the
/// native tools (QEMU, OVMF) that boot it.</summary>
public static class BootableIso
{
    /// <summary>The ISO's path, or why nothing can boot (ready to print after "lunix-boot: ").</summary>
    public static (string? IsoPath, string? Error) Find()
    {
        if (RepositoryRoot.Find() is not { } root)
            return (null, $"no {RepositoryRoot.MarkerFile} above {Environment.CurrentDirectory} or {AppContext.BaseDirectory}; run from the Lunix checkout");
        var iso = RepositoryRoot.IsoPath(root);
        if (!File.Exists(iso)) return (null, $"{iso} not found; build it with: dotnet build Lunix.sln");
        if (NativeTools.Ensure(root) is { } toolsError) return (null, toolsError);
        return (iso, null);
    }
}
