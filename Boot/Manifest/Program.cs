// The manifest tool: reads manifest.toml, checks it, and writes one generated file (or, for an
// image, its three) for the project that runs it. Errors go to stderr in the form
// "path:line: message", which MSBuild shows as build errors.
using Lunix.Manifest;

const string usage =
    "usage: Lunix.Manifest <repository root> <what> <output> [system|test]\n" +
    "  system-endpoints FILE.cs     Lunix.Abi.BootEndpoints' generated part\n" +
    "  test-endpoints FILE.cs       Lunix.Tests.InGuest.TestEndpoints\n" +
    "  boot-table FILE.cs           the kernel's boot table\n" +
    "  suites FILE.cs               the in-guest test runner's suites\n" +
    "  pci-entitlements FILE.cs     the PCI server's table of which driver may reserve which device\n" +
    "  projects FILE                the test image's program projects, one per line (a superset of the system's)\n" +
    "  iso-tree DIR system|test     the image's ISO file tree, from the images built in iso/build/\n" +
    "  sync-solution FILE.sln       add the manifest's programs the solution lacks\n" +
    "  check -                      only check the manifest";

if (args.Length < 3)
{
    Console.Error.WriteLine(usage);
    return 2;
}
string root = args[0], what = args[1], output = args[2];
string manifestPath = Path.GetFullPath(Path.Combine(root, ManifestReader.FileName));
var manifest = ManifestReader.Read(manifestPath, root, out var errors);
// MSBuild's canonical form, so a build shows each as an error at its line.
foreach (var error in errors) Console.Error.WriteLine($"{manifestPath}({error.Line}): error LXM1: {error.Message}");
if (manifest == null) return 1;

switch (what)
{
    case "system-endpoints":
        GeneratedFile.Write(output, EndpointSource.System(manifest));
        return 0;
    case "test-endpoints":
        GeneratedFile.Write(output, EndpointSource.Test(manifest));
        return 0;
    case "boot-table":
        GeneratedFile.Write(output, BootTableSource.Write(manifest));
        return 0;
    case "suites":
        GeneratedFile.Write(output, SuiteTableSource.Write(manifest));
        return 0;
    case "pci-entitlements":
        GeneratedFile.Write(output, PciEntitlementSource.Write(manifest));
        return 0;
    case "projects":
        GeneratedFile.Write(output, ImageProgramList.Write(manifest, ImageKind.Test));
        return 0;
    case "iso-tree" when args.Length == 4 && args[3] is "system" or "test":
        var image = args[3] == "system" ? ImageKind.System : ImageKind.Test;
        if (IsoTree.Write(manifest, image, root, output) is { } missing)
        {
            Console.Error.WriteLine($"{manifestPath}(1): error LXM2: {missing} is missing: a program of the {args[3]} image did not build");
            return 1;
        }
        return 0;
    case "sync-solution":
        var unlisted = SolutionSync.Missing(manifest, File.ReadAllText(Path.Combine(root, output)));
        if (SolutionSync.Add(root, output, unlisted) is { } failure)
        {
            Console.Error.WriteLine($"{manifestPath}(1): error LXM3: {failure}");
            return 1;
        }
        return 0;
    case "check":
        return 0;
    default:
        Console.Error.WriteLine(usage);
        return 2;
}
