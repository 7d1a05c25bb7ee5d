using System.Text;
using Lunix.Boot;

namespace Lunix.Tests.Boot;

/// <summary>The Linux peer's parts that need no QEMU: its initramfs, its QEMU arguments, how its run is judged.</summary>
public sealed class LinuxPeerTests
{
    private sealed record Entry(string Name, int Mode, int Links, int DeviceMajor, int DeviceMinor, byte[] Data);

    /// <summary>Reads a newc archive as the format says (init/initramfs.c): every header and name and data 4-aligned.</summary>
    private static List<Entry> ReadNewc(byte[] archive)
    {
        var entries = new List<Entry>();
        var at = 0;
        while (true)
        {
            Assert.True(at % 4 == 0, $"entry at {at} is not 4-aligned");
            var header = Encoding.ASCII.GetString(archive, at, 110);
            Assert.StartsWith(NewcArchive.Magic, header);
            int Field(int index) => Convert.ToInt32(header.Substring(6 + 8 * index, 8), 16);
            var nameSize = Field(11);
            var name = Encoding.ASCII.GetString(archive, at + 110, nameSize - 1);
            Assert.Equal(0, archive[at + 110 + nameSize - 1]);
            var dataAt = (at + 110 + nameSize + 3) & ~3;
            var data = archive[dataAt..(dataAt + Field(6))];
            at = (dataAt + data.Length + 3) & ~3;
            if (name == NewcArchive.TrailerName) break;
            entries.Add(new Entry(name, Field(1), Field(4), Field(9), Field(10), data));
        }
        Assert.Equal(archive.Length, at);
        return entries;
    }

    [Fact]
    public void InitramfsHoldsConsoleTmpInitTheExecTargetTheShellAndTheModules()
    {
        byte[] posixbench = [0x7f, (byte)'E', (byte)'L', (byte)'F', 1, 2, 3], exit0 = [0x7f, (byte)'E', (byte)'L', (byte)'F', 9], shell = [0x7f, (byte)'E', 7];
        byte[] order = "libata.ko\n"u8.ToArray(), libata = [0x7f, (byte)'E', 5];
        var entries = ReadNewc(LinuxPeer.Initramfs(posixbench, exit0, shell, [("order", order), ("libata.ko", libata)]));
        Assert.Equal(["dev", "dev/console", "tmp", "init", "exit0", "bin", "bin/sh", "modules", "modules/order", "modules/libata.ko"], entries.Select(entry => entry.Name));
        Assert.Equal(libata, entries[9].Data);
        Assert.Equal(shell, entries[6].Data);
        var console = entries[1];
        Assert.Equal(Convert.ToInt32("20600", 8), console.Mode);   // a character device, rw for root
        Assert.Equal((5, 1), (console.DeviceMajor, console.DeviceMinor));
        Assert.Equal(Convert.ToInt32("41777", 8), entries[2].Mode); // a sticky directory open to all
        Assert.Equal(2, entries[2].Links);
        Assert.Equal(Convert.ToInt32("100755", 8), entries[3].Mode);
        Assert.Equal(posixbench, entries[3].Data);
        Assert.Equal(exit0, entries[4].Data);
    }

    [Fact]
    public void PeerBootsDebiansKernelOnLunixsBenchMachine()
    {
        var arguments = new LinuxPeer("/cache/vmlinuz", "/cache/initramfs.cpio").QemuArguments("256M").ToList();
        string After(string option) => arguments[arguments.IndexOf(option) + 1];
        Assert.Equal("/cache/vmlinuz", After("-kernel"));
        Assert.Equal("/cache/initramfs.cpio", After("-initrd"));
        Assert.Contains("console=ttyS0", After("-append"));
        Assert.Contains("panic=-1", After("-append"));
        Assert.Equal("shift=0", After("-icount"));
        Assert.Equal("256M", After("-m"));
        Assert.Equal("pc", After("-machine"));
        Assert.Equal("stdio", After("-serial"));
        Assert.Contains("-no-reboot", arguments);
        Assert.DoesNotContain("-drive", arguments);
    }

    [Fact]
    public void TheDiskFiguresVolumesAreThePeersFirstIdeDiskAndFirstAhciPort()
    {
        var arguments = new LinuxPeer("/cache/vmlinuz", "/cache/initramfs.cpio").QemuArguments("256M", new BenchVolumes("/tmp/linux.img", "/tmp/linux-ahci.img")).ToList();
        string After(string option, int from = 0) => arguments[arguments.IndexOf(option, from) + 1];
        Assert.EndsWith(" -- --disk /dev/sda --ahci-disk /dev/sdb", After("-append"));
        Assert.Equal("file=/tmp/linux.img,format=raw,if=ide,index=0", After("-drive"));
        Assert.Equal("ahci,id=ahci", After("-device"));
        Assert.Equal("file=/tmp/linux-ahci.img,format=raw,if=none,id=ahcidisk", After("-drive", arguments.IndexOf("-drive") + 1));
        Assert.Equal("ide-hd,drive=ahcidisk,bus=ahci.0", After("-device", arguments.IndexOf("-device") + 1));
    }

    private static QemuRun Run(IEnumerable<string> lines, int exitCode = 0, bool timedOut = false) => new(exitCode, lines.ToList(), [], timedOut, false);

    private static IEnumerable<string> EveryFigure() =>
        PosixBenchFigures.Names.Select(name => $"BENCH {name} 1234 instructions").Append("posixbench: done, 0 errors").Append("[    1.9] reboot: Power down");

    [Fact]
    public void ARunWithEveryFigureAndItsEndPasses() => Assert.Null(LinuxPeer.Failure(Run(EveryFigure())));

    [Fact]
    public void WithADiskTheDiskFiguresAreExpectedButNotLunixsOwn()
    {
        Assert.Equal("figures missing: ext2_read_cold_per_mib, ext2_read_cached_per_mib, ext2_create_1000_files, "
                     + "ahci_ext2_read_cold_per_mib, ahci_ext2_read_cached_per_mib, ahci_ext2_create_1000_files", LinuxPeer.Failure(Run(EveryFigure()), withDisk: true));
        var disk = PosixBenchFigures.DiskNames.Select(name => $"BENCH {name} 99 instructions");
        Assert.Null(LinuxPeer.Failure(Run(disk.Concat(EveryFigure())), withDisk: true));
    }

    [Fact]
    public void AMissingFigureIsNamed()
    {
        var failure = LinuxPeer.Failure(Run(EveryFigure().Where(line => !line.StartsWith("BENCH stat "))));
        Assert.Equal("figures missing: stat", failure);
    }

    [Theory]
    [InlineData("posixbench: error: fork_exec_wait: /exit0: No such file or directory", "posixbench: error: fork_exec_wait")]
    [InlineData("[    2.0] Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b", "panicked")]
    public void ErrorsAndPanicsFail(string line, string expected)
    {
        var failure = LinuxPeer.Failure(Run(EveryFigure().Append(line)));
        Assert.NotNull(failure);
        Assert.Contains(expected, failure);
    }

    [Fact]
    public void AnUnfinishedRunFails()
    {
        Assert.Contains("did not finish", LinuxPeer.Failure(Run(EveryFigure().Where(line => !line.StartsWith("posixbench: done")))));
        Assert.Contains("time limit", LinuxPeer.Failure(Run(EveryFigure(), timedOut: true)));
        Assert.Contains("status 1", LinuxPeer.Failure(Run(EveryFigure(), exitCode: 1)));
    }
}
