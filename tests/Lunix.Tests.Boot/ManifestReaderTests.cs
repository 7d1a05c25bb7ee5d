using Lunix.Abi;
using Lunix.Manifest;

namespace Lunix.Tests.Boot;

/// <summary>
/// The manifest reader on small manifests written for each case: what it accepts, and that every
/// mistake is an error naming its line. No QEMU needed.
/// </summary>
public sealed class ManifestReaderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("lunix-manifest-").FullName;

    private const string Rs = """
        [programs.rs]
        project = "Rs/Rs.csproj"
        image = "system"
        endpoint = 12
        priority = 1
        start = "first"
        daemon = true
        traps = ["receive", "sendrec"]
        calls = ["exit", "loadprogram"]
        send-to = ["all"]
        signal-manager = "rs"

        """;

    public ManifestReaderTests()
    {
        Project("Rs/Rs.csproj", "rs");
        Project("Echo/Echo.csproj", "echo");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Project(string path, string imageName)
    {
        string file = Path.Combine(_root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, $"<Project><PropertyGroup><ImageName>{imageName}</ImageName></PropertyGroup></Project>");
    }

    private (ProgramManifest? Manifest, List<ManifestError> Errors) Read(string text)
    {
        File.WriteAllText(Path.Combine(_root, ManifestReader.FileName), text);
        var manifest = ManifestReader.Read(Path.Combine(_root, ManifestReader.FileName), _root, out var errors);
        return (manifest, errors);
    }

    private void Refused(string text, int line, string words)
    {
        var (manifest, errors) = Read(text);
        Assert.Null(manifest);
        Assert.Contains(errors, error => error.Line == line && error.Message.Contains(words, StringComparison.Ordinal));
    }

    [Fact]
    public void AProgramIsResolvedToSlotsNumbersAndItsModule()
    {
        var (manifest, errors) = Read(Rs + """
            [groups.calls]
            basic = ["exit", "diagctl"]

            [programs.echo]
            project = "Echo/Echo.csproj"
            constant = "EchoServer"
            image = "test"
            endpoint = 30
            priority = 3
            start = "request"
            suites = ["demo"]
            managed = true
            ping-ticks = 50
            traps = ["send", "senda"]
            calls = ["basic", "devio"]
            send-to = ["rs", 40]
            ports = ["0x60-0x64"]
            irqs = [1, 12]
            memory = ["0xfebf0000-0xfebf0fff", "framebuffer"]
            pci-devices = ["8086:2922"]
            pci-classes = ["01.06.01", "01.01"]
            pci-optional = true

            [suites.demo]
            about = "a demonstration"
            options = "rs.backoff=off"
            """);
        Assert.True(manifest != null, string.Join("; ", errors.Select(error => $"{error.Line}: {error.Message}")));
        var echo = manifest!.Programs.Single(program => program.Name == "echo");
        Assert.Equal(("echo", "EchoServer", 30, StartKind.Request, ImageKind.Test), (echo.Module, echo.Constant, echo.Slot, echo.Start, echo.Image));
        Assert.Equal(1u << Traps.Send | 1u << Traps.SendAsync, echo.Traps);
        Assert.Equal([KernelCalls.Exit, KernelCalls.DiagCtl, KernelCalls.DevIo], echo.Calls);
        Assert.Equal([12, 40], echo.SendTo);
        Assert.Equal([((ushort)0x60, (ushort)0x64)], echo.Ports);
        Assert.Equal([1, 12], echo.Irqs);
        Assert.Equal([(0xFEBF0000UL, 0xFEBF0FFFUL), (PrivilegeSet.Framebuffer, PrivilegeSet.Framebuffer)], echo.Memory);
        Assert.Equal([new PciMatch(0x8086, 0x2922, 0, 0), new PciMatch(0xFFFF, 0xFFFF, 0x010601, 0xFFFFFF), new PciMatch(0xFFFF, 0xFFFF, 0x010100, 0xFFFF00)],
                     echo.PciDevices);
        Assert.True(echo.PciOptional);
        Assert.Equal(12, echo.SignalManager);
        Assert.Equal("rs.backoff=off", manifest.Suites.Single().Options);
        Assert.Equal(["echo"], manifest.ProgramsOf("demo").Select(program => program.Name));
    }

    [Theory]
    [InlineData("\"0xb8000-0xb8fff\", \"0x1000-0x1fff\", \"0x2000-0x2fff\", \"0x3000-0x3fff\", \"framebuffer\"", "at most 4 ranges")]
    [InlineData("\"0xb8001-0xb8fff\"", "range of whole pages")]
    [InlineData("\"0xb8000-0xb8ffe\"", "range of whole pages")]
    [InlineData("\"0xb9000-0xb8fff\"", "range of whole pages")]
    [InlineData("\"screen\"", "neither \"framebuffer\"")]
    public void MemoryRangesAreWholePagesOrTheFramebuffer(string ranges, string error) => Refused(Rs.TrimEnd() + $"\nmemory = [{ranges}]\n", 1, error);

    [Theory]
    [InlineData("pci-devices", "\"8086-2922\"", "is not a device like")]
    [InlineData("pci-devices", "\"8086:29220\"", "is not a device like")]
    [InlineData("pci-classes", "\"01.06.01.00\"", "is not a class like")]
    [InlineData("pci-classes", "\"1.6\"", "is not a class like")]
    public void PciDevicesAndClassesAreHex(string key, string value, string error) => Refused(Rs.TrimEnd() + $"\n{key} = [{value}]\n", 1, error);

    [Fact]
    public void PciOptionalNeedsDevicesToBeOptional() => Refused(Rs.TrimEnd() + "\npci-optional = true\n", 1, "names no pci-devices or pci-classes");

    [Fact]
    public void SyntaxErrorsNameTheirLine() => Refused("[programs.rs]\nproject = \"Rs/Rs.csproj\nimage = \"system\"\n", 2, "closing");

    [Fact]
    public void UnknownKeysAreListedWithTheValidOnes() => Refused(Rs + "colour = \"blue\"\n", 12, "unknown key 'colour'");

    [Fact]
    public void UnknownKernelCallsAreRefused() => Refused(Rs.Replace("\"loadprogram\"", "\"teleport\""), 1, "unknown 'teleport'");

    [Fact]
    public void SendToNamesMustBePrograms() => Refused(Rs.Replace("[\"all\"]", "[\"nobody\"]"), 10, "\"nobody\" is no program");

    [Fact]
    public void TwoProgramsMayNotShareAnEndpoint() => Refused(Rs + """
        [programs.echo]
        project = "Echo/Echo.csproj"
        image = "system"
        endpoint = 12
        priority = 2
        start = "boot"
        """, 12, "endpoint 12 is also");

    [Fact]
    public void TheKernelsOwnSlotsAreNoProgramsEndpoints() => Refused(Rs.Replace("endpoint = 12", $"endpoint = {BootEndpoints.Kernel}"), 1, "kernel's own");

    [Fact]
    public void AProgramTheKernelLoadsIsInTheSystemImage() => Refused(Rs + """
        [programs.echo]
        project = "Echo/Echo.csproj"
        image = "test"
        endpoint = 30
        priority = 2
        start = "kernel"
        """, 12, "must be in the system image");

    [Fact]
    public void AManagedServiceHasNoOtherSignalManager() => Refused(Rs + """
        [programs.echo]
        project = "Echo/Echo.csproj"
        image = "system"
        endpoint = 30
        priority = 2
        start = "boot"
        managed = true
        signal-manager = "rs"
        """, 19, "RS is its signal manager");

    [Fact]
    public void AMissingProjectIsNamed() => Refused(Rs.Replace("Rs/Rs.csproj", "Nowhere/Nowhere.csproj"), 1, "does not exist");

    [Fact]
    public void ASuiteMustBeDeclared() => Refused(Rs + """
        [programs.echo]
        project = "Echo/Echo.csproj"
        image = "test"
        endpoint = 30
        priority = 2
        start = "request"
        suites = ["nosuch"]
        """, 12, "no [suites.nosuch]");

    [Fact]
    public void RsMustStartFirst() => Refused(Rs.Replace("start = \"first\"", "start = \"kernel\""), 1, "exactly one program starts first");
}
