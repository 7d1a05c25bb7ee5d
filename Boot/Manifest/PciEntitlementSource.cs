using System.Text;

namespace Lunix.Manifest;

/// <summary>
/// The PCI server's table of which driver may reserve which devices (MINIX's pci ACLs, which RS
/// hands the pci server from system.conf): one Lunix.Abi.PciEntitlement per pci-devices and
/// pci-classes item of a system-image program, by the program's slot. Test-image programs get
/// none, so a test program asking to reserve a device is refused.
/// </summary>
public static class PciEntitlementSource
{
    public static string Write(ProgramManifest manifest)
    {
        var text = new StringBuilder();
        text.AppendLine(GeneratedFile.Banner);
        text.AppendLine("using Lunix.Abi;");
        text.AppendLine();
        text.AppendLine("namespace Lunix.Drivers.Bus.Pci");
        text.AppendLine("{");
        text.AppendLine("    internal static class PciEntitlements");
        text.AppendLine("    {");
        text.AppendLine("        public static readonly PciEntitlement[] All =");
        text.AppendLine("        {");
        foreach (var program in manifest.Programs.Where(program => program.Image == ImageKind.System))
            foreach (var match in program.PciDevices)
                text.AppendLine($"            new PciEntitlement({program.Slot}, 0x{match.Vendor:X4}, 0x{match.Device:X4}, 0x{match.Class:X6}, 0x{match.ClassMask:X6}),   // {program.Name}");
        text.AppendLine("        };");
        text.AppendLine("    }");
        text.AppendLine("}");
        return text.ToString();
    }
}
