// posixbench: the POSIX figures of design.md's "Benchmarks", one static program for Lunix and
// for its Linux peer (Debian's kernel in the same QEMU, this program as /init).
//
// Under QEMU's -icount shift=0 the TSC advances one tick per guest instruction, so a TSC delta
// is an instruction count. Each figure is a warmed-up loop timed with rdtsc and averaged, the
// loop itself included, printed as `BENCH <name> <value> instructions`, the format of the Boot
// tool's `bench`. On another machine the same lines are TSC ticks.
//
// Usage: posixbench [--dir DIR] [--exec PROGRAM] [--shell SHELL] [--disk DEVICE] [--ahci-disk DEVICE]
//   DIR      where the file figures make their files (default /tmp: ram-backed on the peer)
//   PROGRAM  the static program fork+execve runs (default: exit0 beside posixbench)
//   SHELL    the shell whose first prompt boot_to_prompt waits for (default /bin/sh: busybox)
//   DEVICE   an ext2 volume holding a 16 MiB file `big` (the Boot tool's bench makes it with
//            mke2fs): the disk figures mount it and read and write it. On the Linux peer the
//            drivers come first, from the initramfs's /modules (its file `order` lists them).
//            --disk names the one on IDE, --ahci-disk one on AHCI (its figures prefixed ahci_).
// As process 1 (the peer's /init) it powers the machine off at the end.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FUTEX_WAIT 0                                    // linux/futex.h, which musl's headers lack
#define FUTEX_WAKE 1

static inline uint64_t rdtsc(void)
{
    uint32_t low, high;
    __asm__ volatile("rdtsc" : "=a"(low), "=d"(high));
    return ((uint64_t)high << 32) | low;
}

static int errors;

// After a line is printed the system is let go idle for a while (untimed), so that the next
// figure does not also count its output's later work: on Lunix the terminal driver sends it on
// and the kernel draws it on the framebuffer console, which it does when the CPU would be idle
// or a process waits. A redraw of the screen falling into a timed loop added millions of
// instructions to it (anon_page_fault read 8,536 instead of 2,888).
static void settle(void)
{
    struct timespec pause = { 0, 100 * 1000 * 1000 };
    nanosleep(&pause, NULL);
}

static void report(const char *name, uint64_t total, uint64_t operations)
{
    printf("BENCH %s %llu instructions\n", name, (unsigned long long)((total + operations / 2) / operations));
    fflush(stdout);
    settle();
}

// A figure that cannot be measured says why on its own line and is left out.
static int fail(const char *figure, const char *what)
{
    printf("posixbench: error: %s: %s: %s\n", figure, what, strerror(errno));
    fflush(stdout);
    errors++;
    return -1;
}

// A child's end that was not exit(0) (errno is then meaningless, so it says what happened).
static int fail_status(const char *figure, const char *what, int status)
{
    printf("posixbench: error: %s: %s: status 0x%x\n", figure, what, status);
    fflush(stdout);
    errors++;
    return -1;
}

// Every figure first makes its calls once, checked: a call that fails is no figure.
// Runs body(count) once to warm up with count/10 (at least 1), then once timed; the TSC delta.
#define TIMED(total, count, body) do { \
        uint64_t warm_ = (count) / 10 ? (count) / 10 : 1; \
        for (uint64_t i_ = 0; i_ < warm_; i_++) { body; } \
        uint64_t start_ = rdtsc(); \
        for (uint64_t i_ = 0; i_ < (count); i_++) { body; } \
        (total) = rdtsc() - start_; \
    } while (0)

// boot_to_prompt: the TSC when a shell's first prompt arrives, the shell started at once by
// the first user program: busybox sh -i (PROGRAM: --shell, default /bin/sh), its standard
// input and output pipes to posixbench, with a prompt of its own to wait for. It is then told
// to end (end of input) and reaped; the figure does not count that. Returns that TSC, or 0.
static uint64_t boot_to_prompt(const char *shell)
{
    static const char prompt[] = "posixbench-prompt> ";
    int input[2], output[2];
    if (pipe(input) != 0 || pipe(output) != 0) return fail("boot_to_prompt", "pipe"), 0;
    pid_t child = fork();
    if (child < 0) return fail("boot_to_prompt", "fork"), 0;
    if (child == 0) {
        dup2(input[0], 0);
        dup2(output[1], 1);
        dup2(output[1], 2);
        close(input[0]); close(input[1]); close(output[0]); close(output[1]);
        char *const arguments[] = { "sh", "-i", NULL };
        char *const environment[] = { "PS1=posixbench-prompt> ", "HOME=/", "PATH=/bin:/sbin:/usr/bin:/usr/sbin", NULL };
        execve(shell, arguments, environment);
        _exit(127);
    }
    close(input[0]);
    close(output[1]);
    char seen[512];
    size_t length = 0;
    uint64_t arrived = 0;
    while (arrived == 0) {
        ssize_t n = read(output[0], seen + length, sizeof seen - 1 - length);
        if (n <= 0) break;
        length += (size_t)n;
        seen[length] = 0;
        if (strstr(seen, prompt) != NULL) arrived = rdtsc();
        else if (length > sizeof seen / 2) {                // keep the tail: the prompt may straddle reads
            memmove(seen, seen + length - sizeof prompt, sizeof prompt);
            length = sizeof prompt;
        }
    }
    close(input[1]);                                        // end of input: the shell exits
    close(output[0]);
    int status;
    waitpid(child, &status, 0);
    if (arrived == 0) fail_status("boot_to_prompt", "no prompt from the shell", status);
    return arrived;
}

static void bench_getppid(void)
{
    if (syscall(SYS_getppid) < 0) { fail("getppid", "getppid"); return; }
    uint64_t total;
    TIMED(total, 10000, syscall(SYS_getppid));
    report("getppid", total, 10000);
}

static void bench_clock_gettime(void)
{
    struct timespec now;
    if (clock_gettime(CLOCK_MONOTONIC, &now)) { fail("clock_gettime", "clock_gettime"); return; }
    uint64_t total;
    TIMED(total, 10000, clock_gettime(CLOCK_MONOTONIC, &now));
    report("clock_gettime", total, 10000);
}

static void bench_sched_yield(void)
{
    if (sched_yield()) { fail("sched_yield", "sched_yield"); return; }
    uint64_t total;
    TIMED(total, 10000, sched_yield());
    report("sched_yield", total, 10000);
}

// One byte to a child through one pipe and back through another, 1,000 times.
static void bench_pipe_roundtrip(void)
{
    int there[2], back[2];
    if (pipe(there) || pipe(back)) { fail("pipe_roundtrip", "pipe"); return; }
    pid_t child = fork();
    if (child < 0) { fail("pipe_roundtrip", "fork"); return; }
    if (child == 0) {
        char byte;
        close(there[1]);                                    // else its own copy keeps EOF away
        close(back[0]);
        while (read(there[0], &byte, 1) == 1) write(back[1], &byte, 1);
        _exit(0);
    }
    char byte = 'x';
    if (write(there[1], &byte, 1) != 1 || read(back[0], &byte, 1) != 1) { fail("pipe_roundtrip", "write and read"); return; }
    uint64_t total;
    TIMED(total, 1000, { write(there[1], &byte, 1); read(back[0], &byte, 1); });
    close(there[1]);
    waitpid(child, NULL, 0);
    close(there[0]); close(back[0]); close(back[1]);
    report("pipe_roundtrip", total, 1000);
}

// A word of shared memory passed to a child and back 1,000 times, each side sleeping in
// FUTEX_WAIT until the other's FUTEX_WAKE: the futex wake round trip (between two processes
// and a shared futex: Lunix has no threads yet).
static void bench_futex_roundtrip(void)
{
    volatile int *word = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (word == MAP_FAILED) { fail("futex_roundtrip", "mmap"); return; }
    *word = 0;
    pid_t child = fork();
    if (child < 0) { fail("futex_roundtrip", "fork"); return; }
    if (child == 0) {
        for (;;) {
            while (*word == 0) syscall(SYS_futex, word, FUTEX_WAIT, 0, NULL, NULL, 0);
            if (*word == 2) _exit(0);
            *word = 0;
            syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0);
        }
    }
    uint64_t total;
    TIMED(total, 1000, {
        *word = 1;
        syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0);
        while (*word == 1) syscall(SYS_futex, word, FUTEX_WAIT, 1, NULL, NULL, 0);
    });
    *word = 2;
    syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0);
    waitpid(child, NULL, 0);
    munmap((void *)word, 4096);
    report("futex_roundtrip", total, 1000);
}

// pthread_mutex_lock and unlock of a mutex nobody else holds: user-space atomics only, the
// same instructions on both systems (what differs is the timer's work meanwhile).
static void bench_mutex_uncontended(void)
{
    static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
    uint64_t total;
    TIMED(total, 10000, { pthread_mutex_lock(&mutex); pthread_mutex_unlock(&mutex); });
    report("mutex_lock_unlock", total, 10000);
}

// 16 MiB to a child in 4 KiB writes, which reads 4 KiB at a time; per MiB.
static void bench_pipe_throughput(void)
{
    static char block[4096];
    int ends[2];
    if (pipe(ends)) { fail("pipe_per_mib", "pipe"); return; }
    pid_t child = fork();
    if (child < 0) { fail("pipe_per_mib", "fork"); return; }
    if (child == 0) {
        close(ends[1]);
        while (read(ends[0], block, sizeof block) > 0) {}
        _exit(0);
    }
    close(ends[0]);
    memset(block, 'p', sizeof block);
    for (int i = 0; i < 256; i++) write(ends[1], block, sizeof block);   // 1 MiB to warm up
    uint64_t start = rdtsc();
    for (int i = 0; i < 16 * 256; i++)
        if (write(ends[1], block, sizeof block) != (ssize_t)sizeof block) { fail("pipe_per_mib", "write"); break; }
    uint64_t total = rdtsc() - start;
    close(ends[1]);
    waitpid(child, NULL, 0);
    report("pipe_per_mib", total, 16);
}

// The first write to each of 1,024 fresh 4 KiB pages (huge pages declined, so each is a fault).
static void bench_page_fault(void)
{
    size_t pages = 1024, length = pages * 4096;
    for (int round = 0; round < 2; round++) {                // the first round warms up
        char *memory = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (memory == MAP_FAILED) { fail("anon_page_fault", "mmap"); return; }
        madvise(memory, length, MADV_NOHUGEPAGE);
        uint64_t start = rdtsc();
        for (size_t page = 0; page < pages; page++) memory[page * 4096] = 1;
        uint64_t total = rdtsc() - start;
        munmap(memory, length);
        if (round == 1) report("anon_page_fault", total, pages);
    }
}

static void bench_mmap_munmap(void)
{
    void *probe = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (probe == MAP_FAILED) { fail("mmap_munmap", "mmap"); return; }
    if (munmap(probe, 4096)) { fail("mmap_munmap", "munmap"); return; }
    uint64_t total;
    TIMED(total, 1000, {
        void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        munmap(page, 4096);
    });
    report("mmap_munmap", total, 1000);
}

static void bench_fork_exit_wait(void)
{
    int status;
    pid_t probe = fork();
    if (probe == 0) _exit(0);
    if (probe < 0) { fail("fork_exit_wait", "fork"); return; }
    if (waitpid(probe, &status, 0) != probe) { fail("fork_exit_wait", "waitpid"); return; }
    if (status != 0) { fail_status("fork_exit_wait", "child", status); return; }
    uint64_t total;
    TIMED(total, 100, {
        pid_t child = fork();
        if (child == 0) _exit(0);
        waitpid(child, NULL, 0);
    });
    report("fork_exit_wait", total, 100);
}

static void bench_fork_exec_wait(const char *program)
{
    char *arguments[] = { (char *)program, NULL };
    char *environment[] = { NULL };
    if (access(program, X_OK) != 0) { fail("fork_exec_wait", program); return; }
    int status;
    pid_t probe = fork();
    if (probe == 0) { execve(program, arguments, environment); _exit(127); }
    if (probe < 0) { fail("fork_exec_wait", "fork"); return; }
    if (waitpid(probe, &status, 0) != probe) { fail("fork_exec_wait", "waitpid"); return; }
    if (status != 0) { fail_status("fork_exec_wait", program, status); return; }
    uint64_t total;
    TIMED(total, 50, {
        pid_t child = fork();
        if (child == 0) { execve(program, arguments, environment); _exit(127); }
        waitpid(child, NULL, 0);
    });
    report("fork_exec_wait", total, 50);
}

// Creating a file and writing 1 MiB into it in one call (then closed; the unlink is not timed).
static void bench_file_write(const char *directory, char *megabyte)
{
    char path[512];
    snprintf(path, sizeof path, "%s/written", directory);
    uint64_t total = 0;
    for (int i = 0; i < 18; i++) {                          // 2 to warm up, 16 timed
        uint64_t start = rdtsc();
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0 || write(fd, megabyte, 1 << 20) != 1 << 20) { fail("file_write_1mib", path); return; }
        close(fd);
        if (i >= 2) total += rdtsc() - start;
        unlink(path);
    }
    report("file_write_1mib", total, 16);
}

static void bench_file_reads(const char *directory, char *megabyte)
{
    char path[512];
    snprintf(path, sizeof path, "%s/cached", directory);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || write(fd, megabyte, 1 << 20) != 1 << 20) { fail("pread_1mib_cached", path); return; }
    if (pread(fd, megabyte, 1 << 20, 0) != 1 << 20) { fail("pread_1mib_cached", "pread"); close(fd); return; }
    uint64_t total;
    TIMED(total, 64, pread(fd, megabyte, 1 << 20, 0));
    report("pread_1mib_cached", total, 64);
    close(fd);

    int probe = open(path, O_RDONLY);
    if (probe < 0 || read(probe, megabyte, 4096) != 4096 || close(probe)) { fail("open_read_close_4k", path); unlink(path); return; }
    TIMED(total, 1000, {
        int file = open(path, O_RDONLY);
        read(file, megabyte, 4096);
        close(file);
    });
    report("open_read_close_4k", total, 1000);

    struct stat status;
    if (stat(path, &status)) { fail("stat", path); unlink(path); return; }
    TIMED(total, 1000, stat(path, &status));
    report("stat", total, 1000);
    unlink(path);
}

static void bench_create_unlink(const char *directory)
{
    char path[512];
    snprintf(path, sizeof path, "%s/created", directory);
    int probe = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (probe < 0 || close(probe) || unlink(path)) { fail("create_unlink", path); return; }
    uint64_t total;
    TIMED(total, 1000, {
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
        close(fd);
        unlink(path);
    });
    report("create_unlink", total, 1000);
}

// The Linux peer's disk drivers and ext4 (which mounts ext2), loaded as modprobe would, in the
// order /modules/order gives, on devtmpfs for /dev/sda..; the AHCI driver's two (libahci, ahci)
// last, once the IDE disk is there, so that it is /dev/sda and the AHCI disk /dev/sdb whichever
// probe would end first. Lunix has no /modules: its drivers are services, and its /dev is its own.
static int wait_for_device(const char *device)
{
    struct stat status;
    for (int tries = 0; device != NULL && stat(device, &status) != 0; tries++) {
        if (tries == 100) return fail("disk", device);
        settle();
    }
    return 0;
}

static int load_module(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "/modules/%s", name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || syscall(SYS_finit_module, fd, "", 0) != 0) return fail("disk", path);
    close(fd);
    return 0;
}

static int load_linux_drivers(const char *ide, const char *ahci)
{
    FILE *order = fopen("/modules/order", "r");
    if (order == NULL) return 0;
    if (mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) != 0 && errno != EBUSY) { fclose(order); return fail("disk", "mount devtmpfs"); }
    char name[128], later[2][128];
    int deferred = 0;
    while (fscanf(order, "%127s", name) == 1) {
        if ((strcmp(name, "libahci.ko") == 0 || strcmp(name, "ahci.ko") == 0) && deferred < 2) strcpy(later[deferred++], name);
        else if (load_module(name) != 0) { fclose(order); return 1; }
    }
    fclose(order);
    if (wait_for_device(ide) != 0) return 1;
    for (int i = 0; i < deferred; i++)
        if (load_module(later[i]) != 0) return 1;
    return wait_for_device(ahci);
}

// The disk figures on an ext2 volume (`prefix` names the controller's when it is not IDE): the
// 16 MiB file read in 1 MiB reads straight after the mount (cold: nothing of it cached) and again
// (cached), per MiB; then 1,000 files of 512 bytes created in a new directory and brought to the
// disk with sync(), in all.
static void bench_disk(const char *device, const char *prefix, char *megabyte)
{
    const char *mountpoint = "/mnt";
    char cold[64], cached[64], create[64];
    snprintf(cold, sizeof cold, "%sext2_read_cold_per_mib", prefix);
    snprintf(cached, sizeof cached, "%sext2_read_cached_per_mib", prefix);
    snprintf(create, sizeof create, "%sext2_create_1000_files", prefix);
    mkdir(mountpoint, 0755);
    if (mount(device, mountpoint, "ext2", 0, NULL) != 0) { fail("disk", "mount"); return; }
    const char *names[] = { cold, cached };
    for (int pass = 0; pass < 2; pass++) {
        int fd = open("/mnt/big", O_RDONLY);
        if (fd < 0) { fail(names[pass], "/mnt/big"); break; }
        uint64_t start = rdtsc();
        int whole = 1;
        for (int mib = 0; mib < 16; mib++) whole &= read(fd, megabyte, 1 << 20) == 1 << 20;
        uint64_t total = rdtsc() - start;
        close(fd);
        if (!whole) { fail(names[pass], "read"); break; }
        report(names[pass], total, 16);
    }
    if (mkdir("/mnt/small", 0755) != 0) { fail(create, "mkdir"); umount(mountpoint); return; }
    char path[64];
    uint64_t start = rdtsc();
    for (int i = 0; i < 1000; i++) {
        snprintf(path, sizeof path, "/mnt/small/%d", i);
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
        if (fd < 0 || write(fd, megabyte, 512) != 512 || close(fd) != 0) { fail(create, path); umount(mountpoint); return; }
    }
    sync();
    report(create, rdtsc() - start, 1);
    if (umount(mountpoint) != 0) fail("disk", "umount");
}

// Lunix only: the disk driver's crash-to-serving time. Its service call (Abi/Linux/LunixCalls.cs,
// as Userland/service.c uses it) makes the ATA driver fault at its next message; the read that
// follows is that message, so the figure runs from the fault's injection through the crash, RS's
// restart of the driver and VFS's retry to the read's answer. On Linux the call is ENOSYS and
// there is no figure. The volume is unmounted: the read goes to the driver, not to a cache.
static void bench_driver_restart(const char *device)
{
    static const char fault[] = "fault:ata:null-write";
    static char sector[4096];
    int fd = open(device, O_RDONLY);
    if (fd < 0 || pread(fd, sector, sizeof sector, 0) != (ssize_t)sizeof sector) { fail("disk_driver_crash_to_serving", device); if (fd >= 0) close(fd); return; }
    uint64_t start = rdtsc();
    if (syscall(0x4C58, 2, fault, (long)(sizeof fault - 1)) != 0) { close(fd); return; }
    if (pread(fd, sector, sizeof sector, 1 << 20) != (ssize_t)sizeof sector) fail("disk_driver_crash_to_serving", "pread");
    else report("disk_driver_crash_to_serving", rdtsc() - start, 1);
    close(fd);
}

int main(int argc, char **argv)
{
    // First: with -icount, the TSC has counted every instruction since QEMU started.
    uint64_t first_user_instruction = rdtsc();
    const char *directory = "/tmp", *program = NULL, *shell = "/bin/sh", *device = NULL, *ahci_device = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--dir") == 0) directory = argv[i + 1];
        else if (strcmp(argv[i], "--exec") == 0) program = argv[i + 1];
        else if (strcmp(argv[i], "--shell") == 0) shell = argv[i + 1];
        else if (strcmp(argv[i], "--disk") == 0) device = argv[i + 1];
        else if (strcmp(argv[i], "--ahci-disk") == 0) ahci_device = argv[i + 1];
    }
    char beside[512];
    if (program == NULL) {
        const char *slash = strrchr(argv[0], '/');
        snprintf(beside, sizeof beside, "%.*sexit0", slash ? (int)(slash - argv[0] + 1) : 0, argv[0]);
        program = beside;
    }
    // Both boot figures before anything is printed: report lets the system go idle after each
    // line, and that time must not be in the second.
    uint64_t first_prompt = boot_to_prompt(shell);
    report("boot_to_user", first_user_instruction, 1);
    if (first_prompt != 0) report("boot_to_prompt", first_prompt, 1);

    static char megabyte[1 << 20];
    memset(megabyte, 'f', sizeof megabyte);
    bench_getppid();
    bench_clock_gettime();
    bench_pipe_roundtrip();
    bench_futex_roundtrip();
    bench_mutex_uncontended();
    bench_pipe_throughput();
    bench_sched_yield();
    bench_page_fault();
    bench_mmap_munmap();
    bench_fork_exit_wait();
    bench_fork_exec_wait(program);
    bench_file_write(directory, megabyte);
    bench_file_reads(directory, megabyte);
    bench_create_unlink(directory);
    if ((device != NULL || ahci_device != NULL) && load_linux_drivers(device, ahci_device) == 0) {
        if (device != NULL) bench_disk(device, "", megabyte);
        if (ahci_device != NULL) bench_disk(ahci_device, "ahci_", megabyte);
        if (device != NULL) bench_driver_restart(device);
    }

    printf("posixbench: done, %d errors\n", errors);
    fflush(stdout);
    if (getpid() == 1) {
        sync();
        reboot(RB_POWER_OFF);                               // returning from init would panic
    }
    return errors ? 1 : 0;
}
