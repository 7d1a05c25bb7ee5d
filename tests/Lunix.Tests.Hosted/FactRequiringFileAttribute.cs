using System.IO;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // A test over a file from the machine or the build: skipped, saying why, when the file is absent.
    public sealed class FactRequiringFileAttribute : FactAttribute
    {
        public FactRequiringFileAttribute(string path)
        {
            string resolved = RepositoryPaths.Resolve(path);
            if (!File.Exists(resolved)) Skip = $"{resolved} is absent, so this test cannot run here";
        }
    }

    // The same for a theory.
    public sealed class TheoryRequiringFileAttribute : TheoryAttribute
    {
        public TheoryRequiringFileAttribute(string path)
        {
            string resolved = RepositoryPaths.Resolve(path);
            if (!File.Exists(resolved)) Skip = $"{resolved} is absent, so this test cannot run here";
        }
    }

    internal static class RepositoryPaths
    {
        // Paths not starting with '/' are relative to the repository root (the folder with Lunix.sln).
        public static string Resolve(string path)
        {
            if (Path.IsPathRooted(path)) return path;
            var directory = new DirectoryInfo(System.AppContext.BaseDirectory);
            while (directory != null && !File.Exists(Path.Combine(directory.FullName, "Lunix.sln"))) directory = directory.Parent;
            return Path.Combine(directory?.FullName ?? ".", path);
        }
    }
}
