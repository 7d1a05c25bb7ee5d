namespace Lunix.Manifest;

/// <summary>The boot images a program belongs to: "system" ones are in both, "test" ones only in the test image.</summary>
public enum ImageKind { System, Test }

/// <summary>Who starts a program and when (manifest key `start`).</summary>
public enum StartKind { First, Kernel, Boot, Request }

/// <summary>One program of the manifest ([programs.NAME]), resolved: names turned into slots and numbers.</summary>
public sealed record ProgramEntry
{
    public required string Name { get; init; }          // its label: RS, DS, reports
    public required string Constant { get; init; }      // its endpoint constant's name
    public required string Project { get; init; }       // repository-relative .csproj path
    public required string Module { get; init; }        // the project's ImageName: its boot module and .elf/.sym files
    public required ImageKind Image { get; init; }
    public required int Slot { get; init; }
    public required int Priority { get; init; }
    public required StartKind Start { get; init; }
    public bool Daemon { get; init; }
    public bool Managed { get; init; }
    public bool KeepEndpoint { get; init; }
    public bool Critical { get; init; }
    public int PingTicks { get; init; }
    public bool RsControl { get; init; }
    public IReadOnlyList<string> Suites { get; init; } = [];
    public uint Traps { get; init; }                    // bit (1 << Traps.X)
    public IReadOnlyList<string> TrapNames { get; init; } = [];   // Lunix.Abi.Traps constant names, for generated source
    public IReadOnlyList<string> CallNames { get; init; } = [];   // Lunix.Abi.KernelCalls constant names
    public IReadOnlyList<int> Calls { get; init; } = [];
    public bool SendToAll { get; init; }
    public IReadOnlyList<int> SendTo { get; init; } = [];          // slots
    public IReadOnlyList<(ushort First, ushort Last)> Ports { get; init; } = [];
    public IReadOnlyList<int> Irqs { get; init; } = [];
    public IReadOnlyList<PciMatch> PciDevices { get; init; } = [];   // pci-devices and pci-classes: what it may reserve
    public bool PciOptional { get; init; }              // pci-optional: started whether or not such a device is present
    public IReadOnlyList<(ulong First, ulong Last)> Memory { get; init; } = [];   // physical; (PrivilegeSet.Framebuffer, same): the boot framebuffer
    public int SignalManager { get; init; } = -1;       // a slot, or -1: none
    public required int Line { get; init; }             // of its [programs.NAME] header, for messages

    public bool InImage(ImageKind image) => Image == ImageKind.System || image == ImageKind.Test;

    /// <summary>Loaded by the kernel (its boot table) rather than by RS (its service table).</summary>
    public bool KernelLoads => Start is StartKind.First or StartKind.Kernel;
}

/// <summary>A PCI function a driver may reserve: ids (0xFFFF: any) and a class code compared under ClassMask.</summary>
public sealed record PciMatch(ushort Vendor, ushort Device, int Class, int ClassMask);

/// <summary>A problem in the manifest, at a line of manifest.toml.</summary>
public sealed record ManifestError(int Line, string Message);

/// <summary>One in-guest suite ([suites.NAME]).</summary>
public sealed record SuiteEntry(string Name, string About, bool Kernel, string Options, int Line);

/// <summary>The whole manifest, checked: programs in file order (the order they start in) and suites.</summary>
public sealed class ProgramManifest(IReadOnlyList<ProgramEntry> programs, IReadOnlyList<SuiteEntry> suites)
{
    public IReadOnlyList<ProgramEntry> Programs { get; } = programs;
    public IReadOnlyList<SuiteEntry> Suites { get; } = suites;

    public IEnumerable<ProgramEntry> InImage(ImageKind image) => Programs.Where(program => program.InImage(image));

    /// <summary>The programs a suite starts, in manifest order.</summary>
    public IEnumerable<ProgramEntry> ProgramsOf(string suite) => Programs.Where(program => program.Suites.Contains(suite));

    /// <summary>One program per boot module of the image: the modules grub.cfg loads and the ISO holds.</summary>
    public IEnumerable<ProgramEntry> ModulesOf(ImageKind image) =>
        InImage(image).GroupBy(program => program.Module).Select(group => group.First());
}
