using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Lunix.Abi;

namespace Lunix.Manifest;

/// <summary>
/// Reads manifest.toml into a <see cref="ProgramManifest"/> and checks everything the kernel, RS
/// and the build will rely on: every key known, every name resolved (send-to targets, signal
/// managers, groups, kernel calls), every project present with an ImageName, endpoints unique
/// within an image (two programs may share one only when no suite starts both). Every problem is
/// reported with its line; a manifest with any problem yields no manifest.
/// </summary>
public static partial class ManifestReader
{
    public const string FileName = "manifest.toml";

    private static readonly string[] ProgramKeys =
    [
        "project", "program", "constant", "image", "endpoint", "priority", "start", "daemon", "managed", "keep-endpoint",
        "critical", "ping-ticks", "rs-control", "suites", "traps", "calls", "send-to", "ports", "irqs", "memory", "signal-manager",
        "pci-devices", "pci-classes", "pci-optional",
    ];
    private static readonly string[] SuiteKeys = ["about", "kernel", "options"];

    /// <summary>The manifest's IPC primitive names and the Lunix.Abi.Traps constants they mean.</summary>
    private static readonly Dictionary<string, string> TrapConstants = new()
    {
        ["send"] = nameof(Traps.Send), ["receive"] = nameof(Traps.Receive), ["sendrec"] = nameof(Traps.SendReceive),
        ["notify"] = nameof(Traps.Notify), ["sendnb"] = nameof(Traps.SendNonBlocking), ["replyrecv"] = nameof(Traps.ReplyReceive),
        ["senda"] = nameof(Traps.SendAsync),
    };

    /// <summary>Kernel calls by lower-case name: every Lunix.Abi.KernelCalls constant but Last.</summary>
    private static readonly Dictionary<string, (string Constant, int Number)> CallConstants =
        typeof(KernelCalls).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.Name != nameof(KernelCalls.Last))
            .ToDictionary(field => field.Name.ToLowerInvariant(), field => (field.Name, (int)field.GetRawConstantValue()!));

    public static ProgramManifest? Read(string manifestPath, string repositoryRoot, out List<ManifestError> errors)
    {
        var document = TomlDocument.Parse(File.ReadAllText(manifestPath), out errors);
        if (errors.Count > 0) return null;
        var context = new Context(document, repositoryRoot);
        var manifest = context.Build();
        errors.AddRange(context.Errors);
        return errors.Count == 0 ? manifest : null;
    }

    private sealed class Context(TomlDocument document, string root)
    {
        public List<ManifestError> Errors { get; } = [];
        private readonly Dictionary<string, List<string>> _trapGroups = [];
        private readonly Dictionary<string, List<string>> _callGroups = [];

        public ProgramManifest Build()
        {
            foreach (var table in document.Tables)
            {
                if (table.Name is "groups.traps" or "groups.calls") ReadGroups(table);
                else if (!table.Name.StartsWith("programs.", StringComparison.Ordinal) && !table.Name.StartsWith("suites.", StringComparison.Ordinal))
                    Error(table.Line, $"unknown table [{table.Name}]; tables are [groups.traps], [groups.calls], [programs.NAME] and [suites.NAME]");
            }
            var suites = document.Tables.Where(table => table.Name.StartsWith("suites.", StringComparison.Ordinal)).Select(ReadSuite).ToList();
            var tables = document.Tables.Where(table => table.Name.StartsWith("programs.", StringComparison.Ordinal)).ToList();
            var slots = new Dictionary<string, int>();
            foreach (var table in tables)
                if (Integer(table, "endpoint") is { } slot) slots[Name(table)] = (int)slot;
            var programs = tables.Select(table => ReadProgram(table, tables, slots, suites)).OfType<ProgramEntry>().ToList();
            CheckStarts(programs);
            CheckSlots(programs);
            CheckReferences(programs, tables);
            return new ProgramManifest(programs, suites);
        }

        private void ReadGroups(TomlTable table)
        {
            var groups = table.Name == "groups.traps" ? _trapGroups : _callGroups;
            foreach (var (key, value) in table.Entries)
            {
                if (value.AsArray is not { } items || items.Any(item => item.AsString == null))
                    Error(value.Line, $"group '{key}' must be an array of names");
                else groups[key] = items.Select(item => item.AsString!).ToList();
            }
        }

        private SuiteEntry ReadSuite(TomlTable table)
        {
            CheckKeys(table, SuiteKeys);
            string about = Text(table, "about") ?? "";
            if (about.Length == 0) Error(table.Line, $"[{table.Name}] needs `about`: what the suite checks");
            return new SuiteEntry(Name(table), about, Flag(table, "kernel"), Text(table, "options") ?? "", table.Line);
        }

        private ProgramEntry? ReadProgram(TomlTable table, List<TomlTable> tables, Dictionary<string, int> slots, List<SuiteEntry> suites)
        {
            CheckKeys(table, ProgramKeys);
            string name = Name(table);
            string? project = Text(table, "project");
            if (Text(table, "program") is { } other)
            {
                var source = tables.FirstOrDefault(candidate => Name(candidate) == other);
                if (project != null) Error(table.Line, $"[{table.Name}] gives both `project` and `program`");
                else if (source == null || Text(source, "project") is not { } sourceProject)
                    Error(table.Line, $"[{table.Name}]: program '{other}' is no entry with a `project`");
                else project = sourceProject;
            }
            else if (project == null) Error(table.Line, $"[{table.Name}] needs `project` (its .csproj) or `program` (another entry's)");
            string? module = project == null ? null : ModuleOf(table, project);

            var image = Choice(table, "image", ["system", "test"]) switch { "system" => ImageKind.System, "test" => ImageKind.Test, _ => (ImageKind?)null };
            var start = Choice(table, "start", ["first", "kernel", "boot", "request"]) switch
            {
                "first" => StartKind.First, "kernel" => StartKind.Kernel, "boot" => StartKind.Boot, "request" => StartKind.Request, _ => (StartKind?)null,
            };
            long? slot = Integer(table, "endpoint");
            if (slot is { } s && (s < 1 || s >= Endpoint.Slots || s == BootEndpoints.System || s == BootEndpoints.Kernel))
                Error(table.Line, $"[{table.Name}] endpoint {s}: must be from 1 to {Endpoint.Slots - 1}, not the kernel's own {BootEndpoints.System} or {BootEndpoints.Kernel}");
            else if (slot == null) Error(table.Line, $"[{table.Name}] needs `endpoint`: its slot");
            long priority = Integer(table, "priority") ?? -1;
            if (priority < 0 || priority >= ProgramLoadRequest.Priorities)
                Error(table.Line, $"[{table.Name}] needs `priority` from 0 to {ProgramLoadRequest.Priorities - 1}");

            bool managed = Flag(table, "managed");
            foreach (var key in new[] { "keep-endpoint", "critical", "ping-ticks" })
                if (!managed && table.Find(key) != null) Error(table.Find(key)!.Line, $"[{table.Name}] `{key}` needs `managed = true`");
            if (managed && table.Find("signal-manager") != null)
                Error(table.Find("signal-manager")!.Line, $"[{table.Name}] is managed: RS is its signal manager");

            var entrySuites = Names(table, "suites");
            foreach (var suite in entrySuites)
            {
                var declared = suites.FirstOrDefault(candidate => candidate.Name == suite);
                if (declared == null) Error(table.Line, $"[{table.Name}]: no [suites.{suite}]");
                else if (declared.Kernel) Error(table.Line, $"[{table.Name}]: suite '{suite}' is the test kernel's; it starts no program");
            }
            if (entrySuites.Count > 0 && start != StartKind.Request) Error(table.Line, $"[{table.Name}] names suites: it must have start = \"request\"");
            if (start == StartKind.Request && image == ImageKind.Test && entrySuites.Count == 0)
                Error(table.Line, $"[{table.Name}] starts on request in the test image: name the suites that start it");

            var trapNames = Expand(table, "traps", _trapGroups, TrapConstants.Keys).Select(trap => TrapConstants[trap]).ToList();
            var callNames = Expand(table, "calls", _callGroups, CallConstants.Keys).Select(call => CallConstants[call].Constant).ToList();
            var (sendToAll, sendTo) = Targets(table, slots);
            int signalManager = managed ? slots.GetValueOrDefault("rs", -1) : -1;
            if (Text(table, "signal-manager") is { } manager)
            {
                if (slots.TryGetValue(manager, out int managerSlot)) signalManager = managerSlot;
                else Error(table.Line, $"[{table.Name}] signal-manager '{manager}' is no program");
            }
            if (managed && signalManager < 0) Error(table.Line, $"[{table.Name}] is managed, but there is no [programs.rs]");
            var pciDevices = PciDevices(table);
            bool pciOptional = Flag(table, "pci-optional");
            if (pciOptional && pciDevices.Count == 0) Error(table.Line, $"[{table.Name}] pci-optional: it names no pci-devices or pci-classes");

            if (module == null || image == null || start == null || slot == null) return null;
            return new ProgramEntry
            {
                Name = name, Constant = Text(table, "constant") ?? char.ToUpperInvariant(name[0]) + name[1..], Project = project!, Module = module,
                Image = image.Value, Slot = (int)slot.Value, Priority = (int)priority, Start = start.Value, Daemon = Flag(table, "daemon"),
                Managed = managed, KeepEndpoint = Flag(table, "keep-endpoint"), Critical = Flag(table, "critical"),
                PingTicks = (int)(Integer(table, "ping-ticks") ?? 0), RsControl = Flag(table, "rs-control"), Suites = entrySuites,
                TrapNames = trapNames, Traps = trapNames.Aggregate(0u, (mask, trap) => mask | 1u << TrapNumber(trap)),
                CallNames = callNames, Calls = callNames.Select(call => CallConstants[call.ToLowerInvariant()].Number).ToList(),
                SendToAll = sendToAll, SendTo = sendTo, Ports = Ports(table), Irqs = Irqs(table), Memory = Memory(table), PciDevices = pciDevices, PciOptional = pciOptional, SignalManager = signalManager, Line = table.Line,
            };
        }

        private static int TrapNumber(string constant) => (int)typeof(Traps).GetField(constant)!.GetRawConstantValue()!;

        /// <summary>The ImageName of the project: the name of its boot module and .elf and .sym files.</summary>
        private string? ModuleOf(TomlTable table, string project)
        {
            string file = Path.Combine(root, project);
            if (!File.Exists(file))
            {
                Error(table.Line, $"[{table.Name}] project {project} does not exist");
                return null;
            }
            var match = ImageNameElement().Match(File.ReadAllText(file));
            if (!match.Success)
            {
                Error(table.Line, $"[{table.Name}] project {project} sets no <ImageName>");
                return null;
            }
            return match.Groups[1].Value;
        }

        /// <summary>Names, group names expanded, each checked against the known ones.</summary>
        private List<string> Expand(TomlTable table, string key, Dictionary<string, List<string>> groups, IEnumerable<string> known)
        {
            var valid = known.ToHashSet();
            var result = new List<string>();
            foreach (var name in Names(table, key))
            {
                var members = groups.TryGetValue(name, out var group) ? group : [name];
                foreach (var member in members)
                {
                    if (!valid.Contains(member))
                        Error(table.Line, $"[{table.Name}] {key}: unknown '{member}'; known: {string.Join(", ", valid.Order().Concat(groups.Keys.Order()))}");
                    else if (!result.Contains(member)) result.Add(member);
                }
            }
            return result;
        }

        private (bool All, List<int> Slots) Targets(TomlTable table, Dictionary<string, int> slots)
        {
            var targets = new List<int>();
            if (table.Find("send-to")?.AsArray is not { } items) return (false, targets);
            foreach (var item in items)
            {
                if (item.AsString == "all")
                {
                    if (items.Count > 1) Error(item.Line, $"[{table.Name}] send-to: \"all\" stands alone");
                    return (true, targets);
                }
                if (item.AsInteger is { } number and > 0 and < Endpoint.Slots) targets.Add((int)number);
                else if (item.AsString is { } name && slots.TryGetValue(name, out int slot)) targets.Add(slot);
                else Error(item.Line, $"[{table.Name}] send-to: {item.Describe()} is no program and no slot");
            }
            if (targets.Count > PrivilegeSet.MaxTargets) Error(table.Line, $"[{table.Name}] send-to: at most {PrivilegeSet.MaxTargets} targets, or \"all\"");
            return (false, targets);
        }

        private List<(ushort, ushort)> Ports(TomlTable table)
        {
            var ranges = new List<(ushort, ushort)>();
            foreach (var text in Names(table, "ports"))
            {
                var match = PortRange().Match(text);
                if (match.Success && ushort.TryParse(match.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var first)
                    && ushort.TryParse(match.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var last) && first <= last)
                    ranges.Add((first, last));
                else Error(table.Line, $"[{table.Name}] ports: '{text}' is not a range like \"0x70-0x71\"");
            }
            if (ranges.Count > PrivilegeSet.MaxPortRanges) Error(table.Line, $"[{table.Name}] ports: at most {PrivilegeSet.MaxPortRanges} ranges");
            return ranges;
        }

        /// <summary>
        /// The PCI functions a driver may reserve: pci-devices as "vendor:device" in hex
        /// ("8086:2922"), pci-classes as "class.subclass[.interface]" in hex ("01.06.01", "01.01").
        /// </summary>
        private List<PciMatch> PciDevices(TomlTable table)
        {
            var matches = new List<PciMatch>();
            foreach (var text in Names(table, "pci-devices"))
            {
                var match = PciIds().Match(text);
                if (match.Success) matches.Add(new PciMatch(Hex(match.Groups[1].Value), Hex(match.Groups[2].Value), 0, 0));
                else Error(table.Line, $"[{table.Name}] pci-devices: '{text}' is not a device like \"8086:2922\"");
            }
            foreach (var text in Names(table, "pci-classes"))
            {
                var match = PciClass().Match(text);
                if (!match.Success)
                {
                    Error(table.Line, $"[{table.Name}] pci-classes: '{text}' is not a class like \"01.06.01\" or \"01.01\"");
                    continue;
                }
                int code = Hex(match.Groups[1].Value) << 16 | Hex(match.Groups[2].Value) << 8, mask = 0xFFFF00;
                if (match.Groups[3].Success) (code, mask) = (code | Hex(match.Groups[3].Value), 0xFFFFFF);
                matches.Add(new PciMatch(0xFFFF, 0xFFFF, code, mask));
            }
            return matches;
        }

        private static ushort Hex(string digits) => ushort.Parse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

        /// <summary>Physical ranges of whole pages ("0xb8000-0xbffff"), or "framebuffer": the boot framebuffer's.</summary>
        private List<(ulong, ulong)> Memory(TomlTable table)
        {
            const ulong PageMask = 0xFFF;
            var ranges = new List<(ulong, ulong)>();
            foreach (var text in Names(table, "memory"))
            {
                var match = MemoryRange().Match(text);
                if (text == "framebuffer") ranges.Add((PrivilegeSet.Framebuffer, PrivilegeSet.Framebuffer));
                else if (match.Success && ulong.TryParse(match.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var first)
                         && ulong.TryParse(match.Groups[2].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var last)
                         && first < last && (first & PageMask) == 0 && (last & PageMask) == PageMask && last != PrivilegeSet.Framebuffer)
                    ranges.Add((first, last));
                else Error(table.Line, $"[{table.Name}] memory: '{text}' is neither \"framebuffer\" nor a range of whole pages like \"0xb8000-0xbffff\"");
            }
            if (ranges.Count > PrivilegeSet.MaxMemoryRanges) Error(table.Line, $"[{table.Name}] memory: at most {PrivilegeSet.MaxMemoryRanges} ranges");
            return ranges;
        }

        private List<int> Irqs(TomlTable table)
        {
            var lines = new List<int>();
            if (table.Find("irqs") is not { } value) return lines;
            foreach (var item in value.AsArray ?? [value])
            {
                if (item.AsInteger is { } line and >= 0 and < 16) lines.Add((int)line);
                else Error(item.Line, $"[{table.Name}] irqs: {item.Describe()} is no ISA interrupt line (0 to 15)");
            }
            return lines;
        }

        private void CheckStarts(List<ProgramEntry> programs)
        {
            var first = programs.Where(program => program.Start == StartKind.First).ToList();
            if (first.Count != 1 || first[0].Name != "rs")
                Errors.Add(new ManifestError(1, $"exactly one program starts first, and it is rs (found: {string.Join(", ", first.Select(program => program.Name))})"));
            foreach (var program in programs.Where(program => program.KernelLoads && program.Image != ImageKind.System))
                Error(program.Line, $"[programs.{program.Name}] is loaded by the kernel, so it must be in the system image");
            foreach (var program in programs.Where(program => program.RsControl && program.Start == StartKind.Request))
                Error(program.Line, $"[programs.{program.Name}] has rs-control: it must start at boot");
        }

        /// <summary>No two programs of one image in one slot, unless no suite starts both.</summary>
        private void CheckSlots(List<ProgramEntry> programs)
        {
            for (int i = 0; i < programs.Count; i++)
                for (int j = 0; j < i; j++)
                {
                    var (a, b) = (programs[i], programs[j]);
                    if (a.Slot != b.Slot) continue;
                    bool apart = a.Start == StartKind.Request && b.Start == StartKind.Request && a.Suites.Count > 0 && !a.Suites.Intersect(b.Suites).Any();
                    if (!apart) Error(a.Line, $"[programs.{a.Name}] endpoint {a.Slot} is also [programs.{b.Name}]'s");
                }
            foreach (var group in programs.GroupBy(program => program.Constant).Where(group => group.Count() > 1))
                Error(group.Last().Line, $"[programs.{group.Last().Name}] endpoint constant {group.Key} is also another program's; set `constant`");
        }

        /// <summary>A system-image program must not name a test-image one: that one is not in its image.</summary>
        private void CheckReferences(List<ProgramEntry> programs, List<TomlTable> tables)
        {
            foreach (var program in programs.Where(program => program.Image == ImageKind.System))
            {
                var table = tables.First(candidate => Name(candidate) == program.Name);
                var named = (table.Find("send-to")?.AsArray ?? []).Where(item => item.AsString != null).Select(item => item.AsString!).ToList();
                if (Text(table, "signal-manager") is { } manager) named.Add(manager);
                foreach (var name in named)
                    if (programs.FirstOrDefault(other => other.Name == name) is { Image: ImageKind.Test })
                        Error(program.Line, $"[programs.{program.Name}] names '{name}', which is only in the test image");
            }
        }

        private void CheckKeys(TomlTable table, string[] keys)
        {
            foreach (var (key, value) in table.Entries)
                if (!keys.Contains(key)) Error(value.Line, $"[{table.Name}] unknown key '{key}'; keys: {string.Join(", ", keys)}");
        }

        private static string Name(TomlTable table) => table.Name[(table.Name.IndexOf('.') + 1)..];

        private string? Text(TomlTable table, string key)
        {
            if (table.Find(key) is not { } value) return null;
            if (value.AsString is { } text) return text;
            Error(value.Line, $"[{table.Name}] `{key}` must be a string");
            return null;
        }

        private long? Integer(TomlTable table, string key)
        {
            if (table.Find(key) is not { } value) return null;
            if (value.AsInteger is { } number) return number;
            Error(value.Line, $"[{table.Name}] `{key}` must be an integer");
            return null;
        }

        private bool Flag(TomlTable table, string key)
        {
            if (table.Find(key) is not { } value) return false;
            if (value.AsBoolean is { } flag) return flag;
            Error(value.Line, $"[{table.Name}] `{key}` must be true or false");
            return false;
        }

        private string? Choice(TomlTable table, string key, string[] choices)
        {
            if (Text(table, key) is not { } text)
            {
                if (table.Find(key) == null) Error(table.Line, $"[{table.Name}] needs `{key}`: one of {string.Join(", ", choices)}");
                return null;
            }
            if (choices.Contains(text)) return text;
            Error(table.Find(key)!.Line, $"[{table.Name}] `{key}` must be one of {string.Join(", ", choices)}, not \"{text}\"");
            return null;
        }

        private List<string> Names(TomlTable table, string key)
        {
            if (table.Find(key) is not { } value) return [];
            if (value.AsArray is { } items && items.All(item => item.AsString != null)) return items.Select(item => item.AsString!).ToList();
            Error(value.Line, $"[{table.Name}] `{key}` must be an array of strings");
            return [];
        }

        private void Error(int line, string message) => Errors.Add(new ManifestError(line, message));
    }

    [GeneratedRegex(@"<ImageName>\s*([A-Za-z0-9_-]+)\s*</ImageName>")]
    private static partial Regex ImageNameElement();

    [GeneratedRegex(@"^0x([0-9A-Fa-f]{1,4})-0x([0-9A-Fa-f]{1,4})$")]
    private static partial Regex PortRange();

    [GeneratedRegex(@"^([0-9A-Fa-f]{4}):([0-9A-Fa-f]{4})$")]
    private static partial Regex PciIds();

    [GeneratedRegex(@"^([0-9A-Fa-f]{2})\.([0-9A-Fa-f]{2})(?:\.([0-9A-Fa-f]{2}))?$")]
    private static partial Regex PciClass();
    [GeneratedRegex(@"^0x([0-9A-Fa-f]{1,16})-0x([0-9A-Fa-f]{1,16})$")]
    private static partial Regex MemoryRange();
}
