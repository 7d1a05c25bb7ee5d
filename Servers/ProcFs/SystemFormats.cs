using System;

namespace Lunix.Servers.ProcFs
{
    // The system-wide files in Linux's formats (fs/proc/meminfo.c, uptime.c, loadavg.c, stat.c,
    // arch/x86/kernel/cpu/proc.c, fs/proc_namespace.c), as busybox's free, top, uptime, df and
    // mount read them.
    public static class SystemFormats
    {
        // Memory in kB, as the kernel counts its frames. Lunix has no swap and no page cache
        // apart from what file systems hold as their own memory, so those lines say 0.
        public static void Meminfo(ref ProcText text, ulong totalKb, ulong freeKb)
        {
            Line(ref text, "MemTotal:", totalKb);
            Line(ref text, "MemFree:", freeKb);
            Line(ref text, "MemAvailable:", freeKb);
            Line(ref text, "Buffers:", 0);
            Line(ref text, "Cached:", 0);
            Line(ref text, "SwapCached:", 0);
            Line(ref text, "Active:", totalKb - freeKb);
            Line(ref text, "Inactive:", 0);
            Line(ref text, "SwapTotal:", 0);
            Line(ref text, "SwapFree:", 0);
            Line(ref text, "Dirty:", 0);
            Line(ref text, "Shmem:", 0);
        }

        // "MemTotal:       1234 kB": the label padded to 16 columns, the number to 8 (show_val_kb).
        private static void Line(ref ProcText text, string label, ulong kb)
        {
            text.Text(label);
            for (int i = label.Length; i < 16; i++) text.Char(' ');
            text.Padded(kb, 8).Text(" kB").Line();
        }

        // Seconds since boot, with hundredths, then the idle time, which Lunix does not measure:
        // shown as 0.00.
        public static void Uptime(ref ProcText text, ulong ticks, ulong ticksPerSecond)
        {
            text.Fixed(ticks * 100 / ticksPerSecond, 100, 2).Text(" 0.00").Line();
        }

        // Lunix keeps no load average: 0.00 for each, then running/total tasks and the last pid.
        public static void Loadavg(ref ProcText text, int running, int tasks, int lastPid)
        {
            text.Text("0.00 0.00 0.00 ").Number(running).Char('/').Number(tasks).Char(' ').Number(lastPid).Line();
        }

        // /proc/stat: the CPU lines (user, nice, system, idle, iowait, irq, softirq, steal, guest,
        // guest_nice, in USER_HZ ticks: user is the POSIX processes' time, system the services'
        // that work for them, idle the rest), one CPU, the boot time (seconds since the epoch),
        // and the processes.
        public static void Stat(ref ProcText text, ulong user, ulong system, ulong idle, ulong bootTime, int processes, int running)
        {
            text.Text("cpu  ").Unsigned(user).Text(" 0 ").Unsigned(system).Char(' ').Unsigned(idle).Text(" 0 0 0 0 0 0").Line();
            text.Text("cpu0 ").Unsigned(user).Text(" 0 ").Unsigned(system).Char(' ').Unsigned(idle).Text(" 0 0 0 0 0 0").Line();
            text.Text("intr 0").Line();
            text.Text("ctxt 0").Line();
            text.Text("btime ").Unsigned(bootTime).Line();
            text.Text("processes ").Number(processes).Line();
            text.Text("procs_running ").Number(running).Line();
            text.Text("procs_blocked 0").Line();
        }

        // One processor, from CPUID: leaf 0's vendor, leaf 1's signature and features, the brand
        // string of leaves 0x80000002-4 when there are.
        public static void Cpuinfo(ref ProcText text, scoped ReadOnlySpan<uint> leaf0, scoped ReadOnlySpan<uint> leaf1, scoped ReadOnlySpan<byte> brand)
        {
            Span<byte> vendor = stackalloc byte[12];
            Word(vendor, 0, leaf0[1]);
            Word(vendor, 4, leaf0[3]);
            Word(vendor, 8, leaf0[2]);
            uint signature = leaf1[0];
            uint family = signature >> 8 & 0xF, model = signature >> 4 & 0xF;
            if (family == 0xF) family += signature >> 20 & 0xFF;
            if (family == 0x6 || family >= 0xF) model |= (signature >> 16 & 0xF) << 4;
            text.Text("processor\t: 0").Line();
            text.Text("vendor_id\t: ").Bytes(vendor).Line();
            text.Text("cpu family\t: ").Unsigned(family).Line();
            text.Text("model\t\t: ").Unsigned(model).Line();
            text.Text("model name\t: ").Bytes(Trimmed(brand)).Line();
            text.Text("stepping\t: ").Unsigned(signature & 0xF).Line();
            text.Text("physical id\t: 0").Line();
            text.Text("siblings\t: 1").Line();
            text.Text("core id\t\t: 0").Line();
            text.Text("cpu cores\t: 1").Line();
            text.Text("fpu\t\t: ").Text((leaf1[3] & 1) != 0 ? "yes" : "no").Line();
            text.Text("cpuid level\t: ").Unsigned(leaf0[0]).Line();
            text.Text("flags\t\t:");
            Flags(ref text, leaf1[3], EdxFlags);
            Flags(ref text, leaf1[2], EcxFlags);
            text.Line();
            text.Line();
        }

        // Linux's names of CPUID leaf 1's bits (arch/x86/include/asm/cpufeatures.h), null where
        // it prints none.
        private static readonly string[] EdxFlags =
        {
            "fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", null, "sep", "mtrr", "pge", "mca", "cmov",
            "pat", "pse36", "pn", "clflush", null, "dts", "acpi", "mmx", "fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe",
        };

        private static readonly string[] EcxFlags =
        {
            "pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est", "tm2", "ssse3", "cid", "sdbg", "fma", "cx16", "xtpr", "pdcm",
            null, "pcid", "dca", "sse4_1", "sse4_2", "x2apic", "movbe", "popcnt", "tsc_deadline_timer", "aes", "xsave", null, "avx", "f16c", "rdrand", "hypervisor",
        };

        private static void Flags(ref ProcText text, uint bits, string[] names)
        {
            for (int bit = 0; bit < 32; bit++)
                if ((bits & (1u << bit)) != 0 && names[bit] != null) text.Char(' ').Text(names[bit]);
        }

        private static void Word(Span<byte> into, int at, uint word)
        {
            for (int i = 0; i < 4; i++) into[at + i] = (byte)(word >> (8 * i));
        }

        private static ReadOnlySpan<byte> Trimmed(ReadOnlySpan<byte> brand)
        {
            int end = brand.IndexOf((byte)0);
            if (end >= 0) brand = brand.Slice(0, end);
            while (brand.Length > 0 && brand[0] == ' ') brand = brand.Slice(1);
            while (brand.Length > 0 && brand[brand.Length - 1] == ' ') brand = brand.Slice(0, brand.Length - 1);
            return brand;
        }

        // /proc/mounts (and /proc/self/mounts): "source target type options 0 0" per mount, with
        // spaces, tabs, newlines and backslashes in names escaped as octal, as Linux's mangle.
        public static void MountLine(ref ProcText text, scoped ReadOnlySpan<byte> source, scoped ReadOnlySpan<byte> target, scoped ReadOnlySpan<byte> type, bool readOnly)
        {
            Escaped(ref text, source);
            text.Char(' ');
            Escaped(ref text, target);
            text.Char(' ');
            Escaped(ref text, type);
            text.Text(readOnly ? " ro" : " rw").Text(" 0 0").Line();
        }

        private static void Escaped(ref ProcText text, scoped ReadOnlySpan<byte> name)
        {
            int end = name.IndexOf((byte)0);
            if (end >= 0) name = name.Slice(0, end);
            if (name.IsEmpty) name = "none"u8;
            foreach (byte b in name)
            {
                if (b == ' ' || b == '\t' || b == '\n' || b == '\\')
                    text.Char('\\').Byte((byte)('0' + (b >> 6))).Byte((byte)('0' + (b >> 3 & 7))).Byte((byte)('0' + (b & 7)));
                else text.Byte(b);
            }
        }
    }
}
