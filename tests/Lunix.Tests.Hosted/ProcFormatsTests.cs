using System;
using System.Text;
using Xunit;
using Lunix.Abi;
using Lunix.Servers.ProcFs;
using Lunix.Servers.Vfs;

namespace Lunix.Tests.Hosted;

/// <summary>
/// /proc's files in Linux's formats (Servers/ProcFs, the same source files), as busybox's ps,
/// top, free, uptime and mount parse them, and the path text VFS shows in /proc's links.
/// </summary>
public sealed class ProcFormatsTests
{
    private delegate void Writer(ref ProcText text);

    private static string Write(Writer writer, int size = 8192)
    {
        var buffer = new byte[size];
        var text = new ProcText(buffer);
        writer(ref text);
        return Encoding.ASCII.GetString(buffer, 0, text.Length);
    }

    private static ProcessFacts Shell()
    {
        var facts = new ProcessFacts
        {
            Pid = 42, ParentPid = 1, ProcessGroup = 42, Session = 7, Uid = 1000, Gid = 100, Umask = 0x12, State = 'S', StartTicks = 321, OpenDescriptors = 3,
            UserTicks = 250, ChildTicks = 40, VirtualBytes = 9 << 20, ResidentBytes = 300 * 4096,
        };
        ProcessFormats.NameOf("/bin/busybox-with-a-long-name\0"u8, ref facts.Name);
        return facts;
    }

    [Fact]
    public void StatHasTheFiftyTwoFieldsOfLinuxInOrder()
    {
        var facts = Shell();
        string stat = Write((ref ProcText text) => ProcessFormats.Stat(ref text, in facts));
        Assert.EndsWith("\n", stat);
        Assert.StartsWith("42 (busybox-with-a-) S 1 42 7 0 -1 ", stat);
        string[] afterName = stat[(stat.LastIndexOf(')') + 2)..].TrimEnd('\n').Split(' ');
        Assert.Equal(52 - 2, afterName.Length);                 // pid and (comm) before
        Assert.Equal("321", afterName[22 - 3]);                 // field 22: starttime (field 3, state, first)
        Assert.Equal("1", afterName[20 - 3]);                   // field 20: num_threads
        Assert.Equal("250 0 40 0", string.Join(' ', afterName[(14 - 3)..(18 - 3)]));   // utime stime cutime cstime
        Assert.Equal("9437184", afterName[23 - 3]);             // vsize in bytes
        Assert.Equal("300", afterName[24 - 3]);                 // rss in pages
    }

    [Fact]
    public void StatmIsSizeAndResidentInPages()
    {
        var facts = Shell();
        Assert.Equal("2304 300 0 0 0 0 0\n", Write((ref ProcText text) => ProcessFormats.Statm(ref text, in facts)));
    }

    [Fact]
    public void StatusHasTheLinesPsAndPidofRead()
    {
        var facts = Shell();
        string status = Write((ref ProcText text) => ProcessFormats.Status(ref text, in facts));
        Assert.Contains("Name:\tbusybox-with-a-\n", status);
        Assert.Contains("Umask:\t0022\n", status);
        Assert.Contains("State:\tS (sleeping)\n", status);
        Assert.Contains("Pid:\t42\nPPid:\t1\n", status);
        Assert.Contains("Uid:\t1000\t1000\t1000\t1000\n", status);
        Assert.Contains("Gid:\t100\t100\t100\t100\n", status);
        Assert.Contains("FDSize:\t64\n", status);
        Assert.Contains("VmSize:\t    9216 kB\nVmRSS:\t    1200 kB\n", status);
    }

    [Theory]
    [InlineData("/bin/sh", "sh")]
    [InlineData("busybox", "busybox")]
    [InlineData("/a/exactly-fifteen", "exactly-fifteen")]
    [InlineData("/a/sixteen-letters", "sixteen-letters")]
    [InlineData("/a/seventeen-letter", "seventeen-lette")]
    [InlineData("/dir/", "")]
    public void ANameIsTheFilesLastComponentInFifteenBytes(string file, string name)
    {
        var facts = new ProcessFacts();
        ProcessFormats.NameOf(Encoding.ASCII.GetBytes(file), ref facts.Name);
        string comm = Write((ref ProcText text) => ProcessFormats.Name(ref text, in facts));
        Assert.Equal(name.Length > 15 ? name[..15] : name, comm.TrimEnd('\n'));
        Assert.True(comm.Length <= 16);
    }

    [Fact]
    public void MeminfoColumnsAreLinuxs()
    {
        string meminfo = Write((ref ProcText text) => SystemFormats.Meminfo(ref text, 251904, 234000));
        Assert.StartsWith("MemTotal:         251904 kB\nMemFree:          234000 kB\nMemAvailable:     234000 kB\n", meminfo);
        foreach (string line in meminfo.TrimEnd('\n').Split('\n'))
        {
            Assert.Matches(@"^[A-Za-z()]+:\s+\d+ kB$", line);
            Assert.Equal(27, line.Length);                      // 16 for the label, 8 for the number, " kB"
        }
        Assert.Contains("SwapTotal:             0 kB\n", meminfo);
    }

    [Theory]
    [InlineData(0UL, 100UL, "0.00 0.00\n")]
    [InlineData(12345UL, 100UL, "123.45 0.00\n")]
    [InlineData(1005UL, 1000UL, "1.00 0.00\n")]
    [InlineData(999UL, 1000UL, "0.99 0.00\n")]
    public void UptimeIsSecondsWithHundredths(ulong ticks, ulong hz, string expected) =>
        Assert.Equal(expected, Write((ref ProcText text) => SystemFormats.Uptime(ref text, ticks, hz)));

    [Fact]
    public void LoadavgAndStatHaveTheirFields()
    {
        Assert.Equal("0.00 0.00 0.00 1/3 17\n", Write((ref ProcText text) => SystemFormats.Loadavg(ref text, 1, 3, 17)));
        string stat = Write((ref ProcText text) => SystemFormats.Stat(ref text, 120, 30, 900, 1700000000, 17, 2));
        Assert.StartsWith("cpu  120 0 30 900 0 0 0 0 0 0\ncpu0 120 0 30 900 0 0 0 0 0 0\n", stat);
        Assert.Contains("\nbtime 1700000000\nprocesses 17\nprocs_running 2\n", stat);
    }

    [Fact]
    public void CpuinfoDecodesCpuidAsLinux()
    {
        // "GenuineIntel", family 6 model 0x55 (85) stepping 7, FPU, TSC, SSE2, and SSE3 (pni), AVX.
        uint[] leaf0 = { 0x16, 0x756E6547, 0x6C65746E, 0x49656E69 };
        uint[] leaf1 = { 0x00050657, 0, (1u << 0) | (1u << 28), (1u << 0) | (1u << 4) | (1u << 26) };
        byte[] brand = new byte[48];
        Encoding.ASCII.GetBytes("  Intel(R) Xeon(R) CPU  ").CopyTo(brand, 0);
        string cpuinfo = Write((ref ProcText text) => SystemFormats.Cpuinfo(ref text, leaf0, leaf1, brand));
        Assert.StartsWith("processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 85\nmodel name\t: Intel(R) Xeon(R) CPU\nstepping\t: 7\n", cpuinfo);
        Assert.Contains("\nflags\t\t: fpu tsc sse2 pni avx\n\n", cpuinfo);
        Assert.EndsWith("\n\n", cpuinfo);
    }

    [Fact]
    public void MountLinesEscapeWhatWouldSplitThem()
    {
        string line = Write((ref ProcText text) => SystemFormats.MountLine(ref text, "tmpfs"u8, "/tmp/a b\\c"u8, "tmpfs"u8, readOnly: false));
        Assert.Equal("tmpfs /tmp/a\\040b\\134c tmpfs rw 0 0\n", line);
        Assert.Equal("none /proc proc ro 0 0\n", Write((ref ProcText text) => SystemFormats.MountLine(ref text, default, "/proc\0junk"u8, "proc"u8, readOnly: true)));
    }

    [Fact]
    public void TextThatDoesNotFitIsCutAndSaysSo()
    {
        var buffer = new byte[4];
        var text = new ProcText(buffer);
        text.Text("abc").Number(-12345);
        Assert.Equal(4, text.Length);
        Assert.True(text.Overflowed);
        Assert.Equal("abc-", Encoding.ASCII.GetString(buffer));
    }

    [Theory]
    [InlineData(0, ProcInodes.Root, 0)]
    [InlineData(1, ProcInodes.ProcessStat, 0)]
    [InlineData(32768, ProcInodes.ProcessFd, 1023)]
    [InlineData(int.MaxValue, ProcInodes.Self, 0)]
    public void InodesCarryPidKindAndIndex(int pid, int kind, int index)
    {
        ulong inode = ProcInodes.Make(pid, kind, index);
        Assert.NotEqual(0UL, inode);
        Assert.Equal((pid, kind, index), (ProcInodes.Pid(inode), ProcInodes.Kind(inode), ProcInodes.Index(inode)));
    }

    [Theory]
    [InlineData("/", "tmp/x", "/tmp/x")]
    [InlineData("/home/user", "../other/./file", "/home/other/file")]
    [InlineData("/home/user", "/abs//path/", "/abs/path")]
    [InlineData("/a", "../../..", "/")]
    [InlineData("/a/b", ".", "/a/b")]
    [InlineData("/", "", "/")]
    [InlineData("/", "/tmp/pf", "/tmp/pf")]
    [InlineData("/tmp", "x/y", "/tmp/x/y")]
    [InlineData("/a", "x/", "/a/x")]
    [InlineData("/a", ".x/..y/z.", "/a/.x/..y/z.")]
    [InlineData("/a", "x/.", "/a/x")]
    [InlineData("/a", "x//y", "/a/x/y")]
    [InlineData("/a", "/", "/")]
    public void PathsAreMadeAbsoluteByName(string start, string path, string expected)
    {
        var into = new byte[512];
        int length = PathNames.Join(Encoding.ASCII.GetBytes(start), Encoding.ASCII.GetBytes(path), into);
        Assert.Equal(expected, Encoding.ASCII.GetString(into, 0, length));
    }
}
