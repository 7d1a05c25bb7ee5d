using System.Runtime.InteropServices;
using Lunix.Abi;

namespace Lunix.Manifest;

/// <summary>
/// RS's service table for one image (the boot module "services", MINIX's system.conf compiled):
/// a ServiceTableHeader and one ServiceConfig per program RS starts or manages, in manifest
/// order. The structures are the contract's own (Abi/ServiceConfig.cs, Abi/PrivilegeSet.cs),
/// compiled into this tool, so the bytes are laid out exactly as RS reads them.
/// </summary>
public static class ServiceTableFile
{
    public const string ModuleName = "services";

    /// <summary>Every program of the image but RS itself, which starts first and manages the rest.</summary>
    public static IEnumerable<ProgramEntry> Services(ProgramManifest manifest, ImageKind image) =>
        manifest.InImage(image).Where(program => program.Start != StartKind.First);

    public static byte[] Write(ProgramManifest manifest, ImageKind image)
    {
        var entries = Services(manifest, image).Select(Config).ToArray();
        var header = new ServiceTableHeader
        {
            Magic = ServiceTableHeader.ExpectedMagic, EntrySize = Marshal.SizeOf<ServiceConfig>(), Count = entries.Length,
        };
        var bytes = new List<byte>();
        bytes.AddRange(MemoryMarshal.AsBytes(new ReadOnlySpan<ServiceTableHeader>(ref header)).ToArray());
        bytes.AddRange(MemoryMarshal.AsBytes(entries.AsSpan()).ToArray());
        return bytes.ToArray();
    }

    public static ServiceConfig Config(ProgramEntry program) => new()
    {
        Label = ServiceLabel.From(program.Name),
        Module = ServiceLabel.From(program.Module),
        Slot = program.Slot,
        Priority = program.Priority,
        Start = program.Start switch { StartKind.Kernel => ServiceStart.Kernel, StartKind.Boot => ServiceStart.Boot, _ => ServiceStart.Request },
        Flags = Flags(program),
        PingTicks = program.PingTicks,
        Privileges = Privileges(program),
    };

    private static ServiceFlags Flags(ProgramEntry program) =>
        (program.KeepEndpoint ? ServiceFlags.KeepEndpoint : 0) | (program.Critical ? ServiceFlags.Critical : 0)
        | (program.Managed ? ServiceFlags.Managed : 0) | (program.Daemon ? ServiceFlags.Daemon : 0) | (program.RsControl ? ServiceFlags.Control : 0)
        | (program.PciDevices.Count > 0 && !program.PciOptional ? ServiceFlags.PciDevice : 0);

    public static PrivilegeSet Privileges(ProgramEntry program)
    {
        var set = PrivilegeSet.None();
        set.Traps = program.Traps;
        foreach (var call in program.Calls) set.AllowCall(call);
        if (program.SendToAll) set.AllowEveryTarget();
        foreach (var slot in program.SendTo) set.AllowTarget(slot);
        foreach (var (first, last) in program.Ports) set.AllowPorts(first, last);
        foreach (var line in program.Irqs) set.AllowIrq(line);
        foreach (var (first, last) in program.Memory) set.AllowMemory(first, last);
        set.SignalManager = program.SignalManager;
        return set;
    }
}
