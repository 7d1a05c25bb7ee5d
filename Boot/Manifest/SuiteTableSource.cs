using System.Text;

namespace Lunix.Manifest;

/// <summary>
/// The in-guest test runner's table (tests/InGuest/Runner): every suite, whether the test kernel
/// runs it itself, and the labels of the programs the runner asks RS to start for it, in
/// manifest order.
/// </summary>
public static class SuiteTableSource
{
    public static string Write(ProgramManifest manifest)
    {
        var text = new StringBuilder();
        text.AppendLine(GeneratedFile.Banner);
        text.AppendLine("namespace Lunix.Tests.InGuest.Runner");
        text.AppendLine("{");
        text.AppendLine("    internal static partial class SuiteTable");
        text.AppendLine("    {");
        text.AppendLine("        private static Suite[] Create() => new Suite[]");
        text.AppendLine("        {");
        foreach (var suite in manifest.Suites)
        {
            var programs = manifest.ProgramsOf(suite.Name).Select(program => $"\"{program.Name}\"");
            string kernel = suite.Kernel ? "true" : "false";
            text.AppendLine($"            new Suite(\"{suite.Name}\", kernel: {kernel}, new string[] {{ {string.Join(", ", programs)} }}),");
        }
        text.AppendLine("        };");
        text.AppendLine("    }");
        text.AppendLine("}");
        return text.ToString();
    }
}
