using System.Text.RegularExpressions;
using Lunix.Boot;

namespace Lunix.Tests.Boot;

/// <summary>
/// The dependency rules of docs/architecture.md's map, checked on every project's references:
/// ring-3 programs never see the kernel, the kernel never sees a program or a test, nothing but
/// tests and the Boot tool sees tests. No QEMU needed.
/// </summary>
public sealed partial class ProjectLayoutTests
{
    private static readonly string Root = RepositoryRoot.Find() ?? throw new InvalidOperationException("no checkout");

    /// <summary>Folder prefix -> the folder prefixes its projects may reference (the manifest tool's build order aside).</summary>
    private static readonly (string Folder, string[] MayUse)[] Rules =
    [
        ("Libs/CoreLib/", []),
        ("Abi/", ["Libs/CoreLib/"]),
        ("Libs/", ["Libs/", "Abi/"]),
        ("Arch.X86/", ["Libs/CoreLib/", "Abi/"]),
        ("Kernel/", ["Libs/CoreLib/", "Libs/Options/", "Libs/Elf/", "Libs/Fonts/", "Arch.X86/", "Abi/"]),
        ("Servers/", ["Libs/", "Abi/"]),
        ("Drivers/", ["Libs/", "Abi/"]),
        ("FileSystems/", ["Libs/", "Abi/"]),
        ("tests/InGuest/Kernel/", ["Kernel/", "tests/InGuest/Tap/"]),
        ("tests/InGuest/", ["Libs/", "Abi/", "tests/InGuest/Library/", "tests/InGuest/Tap/"]),
        ("tests/Posix/", []),
        ("Boot/Manifest/", []),
        ("Boot/", ["Boot/Manifest/", "Kernel/", "tests/InGuest/Kernel/", "tests/Posix/"]),
        ("tests/", ["Boot/", "Kernel/", "Servers/", "tests/Posix/"]),
    ];

    public static TheoryData<string> Projects()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(Root, "*.csproj", SearchOption.AllDirectories).Order())
        {
            var relative = Path.GetRelativePath(Root, path).Replace('\\', '/');
            if (!relative.Contains("/obj/") && !relative.Contains("/bin/")) data.Add(relative);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void ReferencesFollowTheMap(string project)
    {
        var rule = Rules.FirstOrDefault(rule => project.StartsWith(rule.Folder, StringComparison.Ordinal));
        Assert.True(rule.Folder != null, $"{project} is in no folder of the map (docs/architecture.md)");
        string directory = Path.GetDirectoryName(Path.Combine(Root, project))!;
        foreach (Match match in Reference().Matches(File.ReadAllText(Path.Combine(Root, project))))
        {
            string target = match.Groups[1].Value;
            if (target.StartsWith('@')) continue;                   // the Boot tool's references from the manifest
            string full = Path.GetFullPath(target.Replace("$(LunixRoot)", Root + "/"), directory);
            string used = Path.GetRelativePath(Root, full).Replace('\\', '/');
            if (used == "Boot/Manifest/Manifest.csproj") continue;   // build order for generated sources, everywhere
            Assert.True(rule.MayUse.Any(folder => used.StartsWith(folder, StringComparison.Ordinal)),
                        $"{project} references {used}; {rule.Folder} may use only {string.Join(", ", rule.MayUse)}");
        }
    }

    [GeneratedRegex("<ProjectReference Include=\"([^\"]+)\"")]
    private static partial Regex Reference();
}
