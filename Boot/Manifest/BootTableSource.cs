using System.Text;

namespace Lunix.Manifest;

/// <summary>
/// The kernel's boot table (MINIX's table.c): the programs the kernel loads itself, in manifest
/// order, each with its privileges spelled with the contract's constants. The kernel's
/// Kernel/Boot/BootImage.cs loads them; RS, which starts first, lets the others run.
/// </summary>
public static class BootTableSource
{
    public static string Write(ProgramManifest manifest)
    {
        var programs = manifest.Programs.Where(program => program.KernelLoads).ToList();
        var text = new StringBuilder();
        text.AppendLine(GeneratedFile.Banner);
        text.AppendLine("using Lunix.Abi;");
        text.AppendLine();
        text.AppendLine("namespace Lunix.Kernel.Boot");
        text.AppendLine("{");
        text.AppendLine("    internal static partial class BootTable");
        text.AppendLine("    {");
        text.AppendLine("        public static BootProgram[] Programs()");
        text.AppendLine("        {");
        text.AppendLine($"            var programs = new BootProgram[{programs.Count}];");
        for (int i = 0; i < programs.Count; i++)
        {
            var program = programs[i];
            string runs = program.Start == StartKind.First ? "true" : "false";
            string daemon = program.Daemon ? "true" : "false";
            text.AppendLine();
            text.AppendLine($"            // {program.Name}: {program.Project}");
            text.AppendLine($"            programs[{i}] = new BootProgram {{ Module = \"{program.Module}\", Label = \"{program.Name}\", Slot = {program.Slot}, " +
                            $"Priority = {program.Priority}, Daemon = {daemon}, RunsFirst = {runs}, Privileges = PrivilegeSet.None() }};");
            foreach (var statement in PrivilegeStatements(program))
                text.AppendLine($"            programs[{i}].Privileges.{statement};");
        }
        text.AppendLine("            return programs;");
        text.AppendLine("        }");
        text.AppendLine("    }");
        text.AppendLine("}");
        return text.ToString();
    }

    private static IEnumerable<string> PrivilegeStatements(ProgramEntry program)
    {
        foreach (var trap in program.TrapNames) yield return $"AllowTrap(Traps.{trap})";
        foreach (var call in program.CallNames) yield return $"AllowCall(KernelCalls.{call})";
        if (program.SendToAll) yield return "AllowEveryTarget()";
        foreach (var slot in program.SendTo) yield return $"AllowTarget({slot})";
        foreach (var (first, last) in program.Ports) yield return $"AllowPorts(0x{first:X}, 0x{last:X})";
        foreach (var line in program.Irqs) yield return $"AllowIrq({line})";
        foreach (var (first, last) in program.Memory) yield return $"AllowMemory(0x{first:X}UL, 0x{last:X}UL)";
        if (program.SignalManager >= 0) yield return $"SignalManager = {program.SignalManager}";
    }
}
