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

    public static string IsoPath(string root) => Path.Combine(root, "iso", "lunix.iso");

    private static string? FindAbove(string start)
    {
        for (var directory = new DirectoryInfo(start); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, MarkerFile))) return directory.FullName;
        }
        return null;
    }
}
