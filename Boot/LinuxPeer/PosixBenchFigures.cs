namespace Lunix.Boot;

/// <summary>
/// The figures tests/Posix/bench/posixbench.c prints, in its order (design.md's "Benchmarks"),
/// and the lines that tell how its run went.
/// </summary>
public static class PosixBenchFigures
{
    public static readonly IReadOnlyList<string> Names =
    [
        "boot_to_user",          // the TSC at posixbench's first statement: instructions since QEMU started
        "boot_to_prompt",        // the TSC when the first prompt of a shell (busybox sh -i) it starts arrives
        "getppid",
        "clock_gettime",         // CLOCK_MONOTONIC (Linux answers in its vDSO)
        "pipe_roundtrip",        // one byte there and back between two processes
        "futex_roundtrip",       // FUTEX_WAKE there and back between two processes on a shared word
        "mutex_lock_unlock",     // an uncontended pthread mutex (user space only)
        "pipe_per_mib",          // 16 MiB through a pipe in 4 KiB writes, per MiB
        "sched_yield",
        "anon_page_fault",       // the first write to a fresh anonymous 4 KiB page
        "mmap_munmap",           // of one anonymous page
        "fork_exit_wait",
        "fork_exec_wait",        // of a static program (exit0)
        "file_write_1mib",       // create a file and write 1 MiB into it
        "pread_1mib_cached",
        "open_read_close_4k",
        "stat",
        "create_unlink",
    ];

    /// <summary>The disk figures, printed when posixbench has a volume (--disk, <see cref="BenchDisk"/>).</summary>
    public static readonly IReadOnlyList<string> DiskNames =
    [
        "ext2_read_cold_per_mib",    // a 16 MiB file on an ext2 disk (IDE) read in 1 MiB reads straight after the mount, per MiB
        "ext2_read_cached_per_mib",  // the same again, per MiB
        "ext2_create_1000_files",    // 1,000 files of 512 bytes created on it and synced, in all
        "ahci_ext2_read_cold_per_mib",   // the same three on an AHCI disk
        "ahci_ext2_read_cached_per_mib",
        "ahci_ext2_create_1000_files",
    ];

    /// <summary>Disk figures of Lunix alone: Linux has no service to restart.</summary>
    public static readonly IReadOnlyList<string> LunixOnlyDiskNames =
    [
        "disk_driver_crash_to_serving", // the ATA driver faulted, restarted by RS, and a read of the disk answered
    ];

    /// <summary>Every figure, in the order tables show them.</summary>
    public static IEnumerable<string> AllNames => Names.Concat(DiskNames).Concat(LunixOnlyDiskNames);

    /// <summary>posixbench's last line: "posixbench: done, N errors".</summary>
    public const string DonePrefix = "posixbench: done, ";

    /// <summary>A figure posixbench could not measure: "posixbench: error: figure: call: reason".</summary>
    public const string ErrorPrefix = "posixbench: error: ";
}
