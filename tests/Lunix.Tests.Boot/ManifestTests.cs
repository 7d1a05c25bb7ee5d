using System.Runtime.InteropServices;
using Lunix.Abi;
using Lunix.Boot;
using Lunix.Manifest;

namespace Lunix.Tests.Boot;

/// <summary>
/// The repository's manifest against the repository: every program project is declared in it
/// and in the solution, every declared project exists there, and what the tool generates says
/// what the manifest says. No QEMU needed.
/// </summary>
public sealed class ManifestTests
{
    private static readonly string Root = RepositoryRoot.Find() ?? throw new InvalidOperationException("no checkout");

    private static ProgramManifest Read()
    {
        var manifest = ManifestReader.Read(Path.Combine(Root, ManifestReader.FileName), Root, out var errors);
        Assert.True(manifest != null, string.Join("\n", errors.Select(error => $"manifest.toml:{error.Line}: {error.Message}")));
        return manifest!;
    }

    /// <summary>Every project that builds a ring-3 program (it imports Program.targets), relative to the root.</summary>
    private static List<string> ProgramProjects() =>
        Directory.EnumerateFiles(Root, "*.csproj", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Where(path => File.ReadAllText(path).Contains("SystemLibrary/Program.targets", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/')).Order().ToList();


    [Fact]
    public void EveryProgramProjectIsInTheManifest()
    {
        var declared = Read().Programs.Select(program => program.Project).ToHashSet();
        var missing = ProgramProjects().Where(project => !declared.Contains(project)).ToList();
        Assert.True(missing.Count == 0, $"program projects not in manifest.toml: {string.Join(", ", missing)}");
    }

    // The build adds what is missing (SolutionSync); a solution that still lacks one was not built.
    [Fact]
    public void EveryProgramOfTheManifestIsInTheSolution()
    {
        var missing = SolutionSync.Missing(Read(), File.ReadAllText(Path.Combine(Root, RepositoryRoot.MarkerFile)));
        Assert.True(missing.Count == 0, $"manifest programs not in Lunix.sln: {string.Join(", ", missing)}");
    }

    [Fact]
    public void ASolutionLackingAProgramIsFound()
    {
        string solution = File.ReadAllText(Path.Combine(Root, RepositoryRoot.MarkerFile)).Replace("Drivers\\Hello\\Hello.csproj", "Drivers\\Gone\\Gone.csproj");
        Assert.Equal(["Drivers/Hello/Hello.csproj"], SolutionSync.Missing(Read(), solution));
    }

    [Fact]
    public void TheKernelLoadsOnlyWhatItMust()
    {
        var loaded = Read().Programs.Where(program => program.KernelLoads).Select(program => program.Name).ToList();
        Assert.Equal(["rs", "ds", "vm", "ramfs", "procfs", "vfs", "pm", "init"], loaded);
    }

    // The kernel knows no suite, no test program and no test endpoint: no string in its sources
    // is one's name, and it never names TestEndpoints.
    [Fact]
    public void TheKernelNamesNoSuiteAndNoTestProgram()
    {
        var manifest = Read();
        var names = manifest.Suites.Select(suite => suite.Name)
            .Concat(manifest.Programs.Where(program => program.Image == ImageKind.Test).SelectMany(program => new[] { program.Name, program.Module })).ToHashSet();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "Kernel"), "*.cs", SearchOption.AllDirectories).Where(file => !file.Contains("/obj/")))
        {
            string text = File.ReadAllText(file);
            Assert.DoesNotContain("TestEndpoints", text);
            foreach (System.Text.RegularExpressions.Match literal in System.Text.RegularExpressions.Regex.Matches(text, "\"([^\"\\\\]*)\""))
                Assert.False(names.Contains(literal.Groups[1].Value), $"{Path.GetRelativePath(Root, file)} names \"{literal.Groups[1].Value}\", a suite or test program");
        }
    }

    [Fact]
    public void EverySuiteStartsProgramsOrIsTheTestKernels()
    {
        var manifest = Read();
        foreach (var suite in manifest.Suites)
            Assert.True(suite.Kernel != manifest.ProgramsOf(suite.Name).Any(), $"suite {suite.Name}: a kernel suite starts no program, any other one does");
    }

    [Fact]
    public void TheServiceTableIsLaidOutAsRsReadsIt()
    {
        var manifest = Read();
        var bytes = ServiceTableFile.Write(manifest, ImageKind.Test);
        var header = MemoryMarshal.Read<ServiceTableHeader>(bytes);
        Assert.Equal(ServiceTableHeader.ExpectedMagic, header.Magic);
        Assert.Equal(Marshal.SizeOf<ServiceConfig>(), header.EntrySize);
        // RS's own reader (ServiceTableHeader.Read) takes the bytes the tool wrote, and refuses
        // a table cut short or larger than its capacity.
        Assert.Equal(0, ServiceTableHeader.Read(bytes, 64, out var view));
        var entries = view.ToArray();
        Assert.NotEqual(0, ServiceTableHeader.Read(bytes.AsSpan(0, bytes.Length - 1), 64, out _));
        Assert.NotEqual(0, ServiceTableHeader.Read(bytes, header.Count - 1, out _));
        var services = ServiceTableFile.Services(manifest, ImageKind.Test).ToList();
        Assert.Equal(services.Count, header.Count);
        Assert.Equal(services.Count, entries.Length);
        Assert.DoesNotContain(entries, entry => entry.Label.Equals(ServiceLabel.From("rs")));

        var ping = entries.Single(entry => entry.Label.Equals(ServiceLabel.From("ping")));
        Assert.Equal(ServiceStart.Request, ping.Start);
        Assert.True(ping.Privileges.MayCall(KernelCalls.DevIo) && !ping.Privileges.MayCall(KernelCalls.PrivCtl));
        Assert.Equal(1u << 8, ping.Privileges.Irqs);
        Assert.Equal(1, ping.Privileges.PortRangeCount);

        var hello = entries.Single(entry => entry.Label.Equals(ServiceLabel.From("hello")));
        Assert.Equal(ServiceStart.Boot, hello.Start);
        Assert.Equal(ServiceFlags.Managed | ServiceFlags.KeepEndpoint | ServiceFlags.Daemon, hello.Flags);
        Assert.Equal(manifest.Programs.Single(program => program.Name == "rs").Slot, hello.Privileges.SignalManager);
        Assert.Equal(PrivilegeSet.EveryTarget, hello.Privileges.TargetCount);

        var copierB = entries.Single(entry => entry.Label.Equals(ServiceLabel.From("copierb")));
        Assert.True(copierB.Module.Equals(ServiceLabel.From("copier")), "copierb runs copiera's program, module copier");
    }

    [Fact]
    public void TheSystemImagesTableHasNoTestProgram()
    {
        var manifest = Read();
        var system = ServiceTableFile.Services(manifest, ImageKind.System).Select(program => program.Name).ToList();
        Assert.Equal(["ds", "hello", "pci", "vm", "tty", "ata", "filter", "ahci", "usb", "ramfs", "procfs", "iso9660", "ext2", "vfs", "pm", "init"], system);
    }

    // The AHCI, ATA and USB drivers' pci-classes: RS's table marks them PCI drivers (started only
    // when their device is there), the PCI server's table entitles the AHCI driver's slot to class
    // 01.06.01, the ATA driver's to 01.01 (any programming interface), the USB driver's to
    // 0c.03.20 (EHCI) and 0c.03.30 (xHCI), the terminal driver's to 03.00 (the display, whose mode it sets) without
    // making it a PCI driver (pci-optional: it starts with no display too), and nobody else to
    // anything, and the PCI server may make the PRIVCTL calls that hand a device over.
    [Fact]
    public void PciDriversAreMarkedAndEntitled()
    {
        var manifest = Read();
        var ahci = manifest.Programs.Single(program => program.Name == "ahci");
        Assert.Equal([new PciMatch(0xFFFF, 0xFFFF, 0x010601, 0xFFFFFF)], ahci.PciDevices);
        var ata = manifest.Programs.Single(program => program.Name == "ata");
        Assert.Equal([new PciMatch(0xFFFF, 0xFFFF, 0x010100, 0xFFFF00)], ata.PciDevices);
        var usb = manifest.Programs.Single(program => program.Name == "usb");
        Assert.Equal([new PciMatch(0xFFFF, 0xFFFF, 0x0C0320, 0xFFFFFF), new PciMatch(0xFFFF, 0xFFFF, 0x0C0330, 0xFFFFFF)], usb.PciDevices);
        var tty = manifest.Programs.Single(program => program.Name == "tty");
        Assert.Equal([new PciMatch(0xFFFF, 0xFFFF, 0x030000, 0xFFFF00)], tty.PciDevices);
        Assert.True(tty.PciOptional);
        var entries = ServiceTableFile.Services(manifest, ImageKind.Test).Select(ServiceTableFile.Config).ToList();
        var drivers = new[] { ServiceLabel.From("ahci"), ServiceLabel.From("ata"), ServiceLabel.From("usb") };
        Assert.All(drivers, label => Assert.True((entries.Single(entry => entry.Label.Equals(label)).Flags & ServiceFlags.PciDevice) != 0));
        Assert.All(entries.Where(entry => !drivers.Contains(entry.Label)), entry => Assert.Equal(ServiceFlags.None, entry.Flags & ServiceFlags.PciDevice));
        string table = PciEntitlementSource.Write(manifest);
        Assert.Contains($"new PciEntitlement({ahci.Slot}, 0xFFFF, 0xFFFF, 0x010601, 0xFFFFFF),   // ahci", table);
        Assert.Contains($"new PciEntitlement({ata.Slot}, 0xFFFF, 0xFFFF, 0x010100, 0xFFFF00),   // ata", table);
        Assert.Contains($"new PciEntitlement({usb.Slot}, 0xFFFF, 0xFFFF, 0x0C0320, 0xFFFFFF),   // usb", table);
        Assert.Contains($"new PciEntitlement({usb.Slot}, 0xFFFF, 0xFFFF, 0x0C0330, 0xFFFFFF),   // usb", table);
        Assert.Contains($"new PciEntitlement({tty.Slot}, 0xFFFF, 0xFFFF, 0x030000, 0xFFFF00),   // tty", table);
        Assert.Equal(5, table.Split('\n').Count(line => line.Contains("new PciEntitlement(")));
        Assert.Contains("privctl", manifest.Programs.Single(program => program.Name == "pci").CallNames.Select(name => name.ToLowerInvariant()));
    }

    [Fact]
    public void GeneratedEndpointConstantsMatchTheManifest()
    {
        var manifest = Read();
        string system = EndpointSource.System(manifest);
        Assert.Contains("public const int Rs = 12;", system);
        Assert.Contains("public const int Hello = 16;", system);
        Assert.DoesNotContain("Ping", system);
        string test = EndpointSource.Test(manifest);
        Assert.Contains("public const int HelloNew = 18;", test);
        Assert.Contains("public const int CopierB = 11;", test);
        Assert.DoesNotContain(" Rs ", test);
    }
}
