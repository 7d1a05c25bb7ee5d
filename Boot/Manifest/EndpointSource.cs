using System.Text;

namespace Lunix.Manifest;

/// <summary>
/// The endpoint constants: Lunix.Abi.BootEndpoints for the system image's programs (the other
/// part of that class, Abi/BootEndpoints.cs, holds the kernel's own slots), and
/// Lunix.Tests.InGuest.TestEndpoints for the programs only the test image has. Programs that share
/// a slot (suites that never run together) get one constant each.
/// </summary>
public static class EndpointSource
{
    public static string System(ProgramManifest manifest) =>
        Write("Lunix.Abi", "public static partial class BootEndpoints", manifest.Programs.Where(program => program.Image == ImageKind.System));

    public static string Test(ProgramManifest manifest) =>
        Write("Lunix.Tests.InGuest", "public static class TestEndpoints", manifest.Programs.Where(program => program.Image == ImageKind.Test));

    private static string Write(string ns, string declaration, IEnumerable<ProgramEntry> programs)
    {
        var text = new StringBuilder();
        text.AppendLine(GeneratedFile.Banner);
        text.AppendLine($"namespace {ns}");
        text.AppendLine("{");
        text.AppendLine($"    {declaration}");
        text.AppendLine("    {");
        foreach (var program in programs)
            text.AppendLine($"        public const int {program.Constant} = {program.Slot};     // {program.Name}: {program.Project}");
        text.AppendLine("    }");
        text.AppendLine("}");
        return text.ToString();
    }
}
