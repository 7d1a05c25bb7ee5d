// The system-call fuzzer on the Linux ABI: random calls with random and hostile arguments from
// one static program, as trinity does, to check that nothing a program passes can panic the
// kernel, hang a server or kill the caller: every call returns, with a value or a Linux errno.
//
//   syscall_fuzz [CALLS [SEED [SLOW_MS]]]   (default 1,000,000 calls, seed 1)
//
// With SLOW_MS, every call that took longer than that many milliseconds of CLOCK_MONOTONIC is
// printed as a `#` line with its index, number, arguments and result: what kept a server busy.
//
// Arguments come from pools a call cannot use to hurt the fuzzer itself (it makes every call in
// its own process): pointers are NULL, kernel, non-canonical, unmapped, read-only or into a
// scratch mapping fenced by inaccessible pages; descriptors are the fuzzer's own scratch ones
// (never its standard streams; pipes kept non-blocking); paths are a few under /tmp/fz and the
// tree's root. Calls that end, replace, stop, signal or put the process to sleep on purpose
// (exit, execve, kill, pause, nanosleep, alarm, poll...) are left out, and so are those that
// could unmap or remap the fuzzer's own code or block it on itself (an OFD lock, a FIFO): the
// memory calls get addresses in a scratch mapping. Numbers Linux does not have (past its table,
// negative, huge, Lunix's IPC and kernel-call classes) are called too.
//
// Lunix only: as root on a Linux host it would change modes and owners of / and create files
// there. The hosted tests do not run it.
//
// TAP: 1 - every call returned; 2 - every error was one of Linux's errno values (a server's own
// codes, or Linux's internal ERESTARTSYS, must never reach a program); then the counts.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

enum kind { NONE, INT, BITS, SIZE, POINTER, FD, PATH, SIGNAL, SCRATCH_ADDRESS, SCRATCH_SIZE };

struct call {
    long number;
    enum kind args[6];
};

// The calls fuzzed, each with the kind of its arguments (Linux x86-64 numbers).
static const struct call calls[] = {
    {SYS_read, {FD, POINTER, SIZE}}, {SYS_write, {FD, POINTER, SIZE}}, {SYS_open, {PATH, BITS, BITS}},
    {SYS_close, {FD}}, {SYS_stat, {PATH, POINTER}}, {SYS_fstat, {FD, POINTER}}, {SYS_lstat, {PATH, POINTER}},
    {SYS_lseek, {FD, INT, INT}}, {SYS_mmap, {SCRATCH_ADDRESS, SCRATCH_SIZE, BITS, BITS, FD, INT}},
    {SYS_mprotect, {SCRATCH_ADDRESS, SCRATCH_SIZE, BITS}}, {SYS_munmap, {SCRATCH_ADDRESS, SCRATCH_SIZE}}, {SYS_brk, {INT}},
    {SYS_rt_sigprocmask, {INT, POINTER, POINTER, SIZE}}, {SYS_ioctl, {FD, BITS, POINTER}},
    {SYS_pread64, {FD, POINTER, SIZE, INT}}, {SYS_pwrite64, {FD, POINTER, SIZE, INT}},
    {SYS_readv, {FD, POINTER, INT}}, {SYS_writev, {FD, POINTER, INT}}, {SYS_access, {PATH, BITS}},
    {SYS_pipe, {POINTER}}, {SYS_sched_yield, {NONE}}, {SYS_mremap, {SCRATCH_ADDRESS, SCRATCH_SIZE, SCRATCH_SIZE, BITS, SCRATCH_ADDRESS}},
    {SYS_msync, {SCRATCH_ADDRESS, SCRATCH_SIZE, BITS}}, {SYS_mincore, {SCRATCH_ADDRESS, SCRATCH_SIZE, POINTER}},
    {SYS_madvise, {SCRATCH_ADDRESS, SCRATCH_SIZE, INT}}, {SYS_dup, {FD}}, {SYS_dup2, {FD, FD}},
    {SYS_getitimer, {INT, POINTER}}, {SYS_getpid, {NONE}}, {SYS_sendfile, {FD, FD, POINTER, SIZE}},
    {SYS_uname, {POINTER}}, {SYS_fcntl, {FD, INT, INT}}, {SYS_flock, {FD, INT}}, {SYS_fsync, {FD}},
    {SYS_fdatasync, {FD}}, {SYS_truncate, {PATH, INT}}, {SYS_ftruncate, {FD, INT}},
    {SYS_getdents, {FD, POINTER, SIZE}}, {SYS_getcwd, {POINTER, SIZE}}, {SYS_chdir, {PATH}},
    {SYS_fchdir, {FD}}, {SYS_rename, {PATH, PATH}}, {SYS_mkdir, {PATH, BITS}}, {SYS_rmdir, {PATH}},
    {SYS_creat, {PATH, BITS}}, {SYS_link, {PATH, PATH}}, {SYS_unlink, {PATH}}, {SYS_symlink, {PATH, PATH}},
    {SYS_readlink, {PATH, POINTER, SIZE}}, {SYS_chmod, {PATH, BITS}}, {SYS_fchmod, {FD, BITS}},
    {SYS_chown, {PATH, INT, INT}}, {SYS_fchown, {FD, INT, INT}}, {SYS_lchown, {PATH, INT, INT}},
    {SYS_umask, {BITS}}, {SYS_gettimeofday, {POINTER, POINTER}}, {SYS_getrlimit, {INT, POINTER}},
    {SYS_getrusage, {INT, POINTER}}, {SYS_sysinfo, {POINTER}}, {SYS_times, {POINTER}},
    {SYS_getuid, {NONE}}, {SYS_getgid, {NONE}}, {SYS_geteuid, {NONE}}, {SYS_getegid, {NONE}},
    {SYS_setpgid, {INT, INT}}, {SYS_getppid, {NONE}}, {SYS_getpgrp, {NONE}}, {SYS_setsid, {NONE}},
    {SYS_getgroups, {INT, POINTER}}, {SYS_getresuid, {POINTER, POINTER, POINTER}},
    {SYS_getresgid, {POINTER, POINTER, POINTER}}, {SYS_getpgid, {INT}}, {SYS_getsid, {INT}},
    {SYS_rt_sigpending, {POINTER, SIZE}}, {SYS_sigaltstack, {POINTER, POINTER}},
    {SYS_utime, {PATH, POINTER}}, {SYS_mknod, {PATH, BITS, INT}}, {SYS_statfs, {PATH, POINTER}},
    {SYS_fstatfs, {FD, POINTER}}, {SYS_getpriority, {INT, INT}}, {SYS_sched_getaffinity, {INT, SIZE, POINTER}},
    {SYS_arch_prctl, {INT, POINTER}}, {SYS_sync, {NONE}}, {SYS_gettid, {NONE}}, {SYS_time, {POINTER}},
    {SYS_set_tid_address, {POINTER}}, {SYS_clock_gettime, {INT, POINTER}}, {SYS_clock_getres, {INT, POINTER}},
    {SYS_wait4, {INT, POINTER, BITS, POINTER}}, {SYS_waitid, {INT, INT, POINTER, BITS, POINTER}},
    {SYS_openat, {FD, PATH, BITS, BITS}}, {SYS_mkdirat, {FD, PATH, BITS}}, {SYS_fchownat, {FD, PATH, INT, INT, BITS}},
    {SYS_newfstatat, {FD, PATH, POINTER, BITS}}, {SYS_unlinkat, {FD, PATH, BITS}},
    {SYS_renameat, {FD, PATH, FD, PATH}}, {SYS_linkat, {FD, PATH, FD, PATH, BITS}},
    {SYS_symlinkat, {PATH, FD, PATH}}, {SYS_readlinkat, {FD, PATH, POINTER, SIZE}},
    {SYS_fchmodat, {FD, PATH, BITS}}, {SYS_faccessat, {FD, PATH, BITS}}, {SYS_utimensat, {FD, PATH, POINTER, BITS}},
    {SYS_dup3, {FD, FD, BITS}}, {SYS_pipe2, {POINTER, BITS}}, {SYS_prlimit64, {INT, INT, NONE, POINTER}},
    {SYS_getrandom, {POINTER, SIZE, BITS}}, {SYS_statx, {FD, PATH, BITS, BITS, POINTER}},
    {SYS_rt_sigaction, {SIGNAL, POINTER, POINTER, SIZE}}, {SYS_getdents64, {FD, POINTER, SIZE}},
    {SYS_renameat2, {FD, PATH, FD, PATH, BITS}}, {SYS_faccessat2, {FD, PATH, BITS, BITS}},
};

static uint64_t state;

// The call itself, without libc's wrapper: the number and six arguments in the registers Linux
// takes them in, the raw result (a value or -errno) back.
static long raw_syscall(long number, const uint64_t a[6])
{
    register uint64_t r10 __asm__("r10") = a[3], r8 __asm__("r8") = a[4], r9 __asm__("r9") = a[5];
    long result;
    __asm__ volatile("syscall"
                     : "=a"(result)
                     : "a"(number), "D"(a[0]), "S"(a[1]), "d"(a[2]), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return result;
}

static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static const size_t scratch_size = 65536;
static char *scratch;                           // what calls may write: inaccessible pages on both sides
static const char constant[] = "read-only bytes the fuzzer hands to calls that must not write them";
static unsigned char *mapping;                  // the memory calls' own mapping, fenced the same way
static const size_t mapping_size = 1 << 20;
static int descriptors[8];
static char long_path[5000];
static const char *paths[] = {
    "/tmp/fz", "/tmp/fz/a", "/tmp/fz/b", "/tmp/fz/d/e", "/tmp/fz/loop", "/tmp/fz/link", "", ".", "..", "/",
    "/nonexistent/x", "/tmp/fz/a/not-a-dir", long_path,
};

static uint64_t pointer(void)
{
    static const uint64_t hostile[] = {
        0, 1, 0x1000, 0xffff800000000000ull, 0xffffffffff600000ull, 0x0000800000000000ull,
        0x00007ffffffff000ull, 0x00007fffffffffffull, UINT64_MAX, 0xdead0000ull,
    };
    switch (next() % 4) {
    case 0: return hostile[next() % (sizeof hostile / sizeof hostile[0])];
    case 1: return (uint64_t)(uintptr_t)constant;
    default: return (uint64_t)(uintptr_t)(scratch + (next() % 4 == 0 ? next() % scratch_size : 0));
    }
}

// An address for the memory calls: a page of their mapping, one byte into it, or one no program
// can have (never one of the fuzzer's own pages).
static uint64_t memory_address(void)
{
    static const uint64_t hostile[] = {0xffff800000000000ull, 0x0000800000000000ull, 0xfffffffffffff000ull, 0xffffffffff600000ull};
    switch (next() % 8) {
    case 0: return hostile[next() % (sizeof hostile / sizeof hostile[0])];
    case 1: return (uint64_t)(uintptr_t)mapping + 1 + next() % 4095;
    default: return (uint64_t)(uintptr_t)(mapping + (next() % (mapping_size / 4096)) * 4096);
    }
}

static uint64_t argument(enum kind kind)
{
    switch (kind) {
    case INT: {
        static const int64_t interesting[] = {0, 1, -1, 2, 3, 4095, 4096, 65536, INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN};
        return next() % 2 ? (uint64_t)interesting[next() % (sizeof interesting / sizeof interesting[0])] : next();
    }
    case BITS: return next() % 2 ? (next() & 0xffffffffu) : (1u << (next() % 32));
    case SIZE: {
        static const uint64_t sizes[] = {0, 1, 8, 64, 4096, 65536, 1 << 20, SIZE_MAX, SIZE_MAX / 2, 0x7ffff000};
        return sizes[next() % (sizeof sizes / sizeof sizes[0])];
    }
    case POINTER: return pointer();
    case FD: {
        static const int64_t hostile[] = {-1, -100 /* AT_FDCWD */, 1000, INT32_MAX, -2};
        return next() % 4 == 0 ? (uint64_t)hostile[next() % (sizeof hostile / sizeof hostile[0])]
                               : (uint64_t)(int64_t)descriptors[next() % (sizeof descriptors / sizeof descriptors[0])];
    }
    case PATH: return next() % 8 == 0 ? pointer() : (uint64_t)(uintptr_t)paths[next() % (sizeof paths / sizeof paths[0])];
    case SIGNAL: {
        // Never SIGPIPE (set to be ignored), SIGSEGV or SIGBUS: a random handler for those
        // would be run by the fuzzer's own writes and faults.
        int signal = 1 + (int)(next() % 64);
        return signal == SIGPIPE || signal == SIGSEGV || signal == SIGBUS || signal == SIGKILL || signal == SIGSTOP ? 0 : (uint64_t)signal;
    }
    case SCRATCH_ADDRESS: return memory_address();
    // At most the mapping's size: from any of its pages this may reach into the fence after it,
    // never past it.
    case SCRATCH_SIZE: {
        static const uint64_t sizes[] = {0, 1, 4095, 4096, 8192, 65536, 1 << 20};
        return sizes[next() % (sizeof sizes / sizeof sizes[0])];
    }
    case NONE: return 0;
    }
    return 0;
}

// The scratch descriptors, opened again when calls have closed or replaced them. Never 0, 1 or 2.
// Every descriptor above 2 the calls made is closed first, and the files emptied.
static void open_descriptors(void)
{
    for (int fd = 3; fd < 256; fd++) close(fd);
    mkdir("/tmp", 0777);
    mkdir("/tmp/fz", 0755);
    mkdir("/tmp/fz/d", 0755);
    unlink("/tmp/fz/a");
    unlink("/tmp/fz/b");
    int pipe_ends[2] = {-1, -1};
    if (pipe2(pipe_ends, O_NONBLOCK) != 0) pipe_ends[0] = pipe_ends[1] = -1;
    descriptors[0] = open("/tmp/fz/a", O_RDWR | O_CREAT | O_TRUNC | O_NONBLOCK, 0644);
    descriptors[1] = open("/tmp/fz", O_RDONLY | O_DIRECTORY);
    descriptors[2] = pipe_ends[0];
    descriptors[3] = pipe_ends[1];
    descriptors[4] = open("/tmp/fz/b", O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_NONBLOCK, 0600);
    descriptors[5] = open("/tmp/fz/d", O_RDONLY | O_DIRECTORY);
    descriptors[6] = open("/tmp/fz/a", O_RDONLY | O_NONBLOCK);
    descriptors[7] = -1;
    for (unsigned i = 0; i < sizeof descriptors / sizeof descriptors[0]; i++)
        if (descriptors[i] >= 0 && descriptors[i] <= 2) descriptors[i] = -1;
}

static int linux_errno(long result)
{
    return result < 0 && result >= -133;
}

// Arguments that would make the fuzzer block on itself or lose its footing, made harmless.
static void defuse(long number, uint64_t a[6])
{
    if (number == SYS_flock) a[1] |= LOCK_NB;                               // a second description of the same file
    if (number == SYS_fcntl && (a[1] == F_OFD_SETLKW || a[1] == F_SETLKW)) a[1] = F_GETLK;
    if (number == SYS_fcntl && a[1] == F_SETFL) a[2] |= O_NONBLOCK;          // the pipes stay non-blocking
    if (number == SYS_ioctl && (a[1] & 0xffffffffu) == FIONBIO) a[1] = FIONREAD;
    if (number == SYS_mknod && (a[1] & S_IFMT) != S_IFREG) a[1] = S_IFREG | (a[1] & 07777);   // no FIFO to open, no device
    if (number == SYS_arch_prctl && (a[0] == 0x1001 || a[0] == 0x1002)) a[0] = 0x1003;         // keep the thread pointer
}

// A fenced scratch area: `size` usable bytes with an inaccessible page on each side.
static void *fenced(size_t size)
{
    unsigned char *area = mmap(0, size + 2 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED || mprotect(area + 4096, size, PROT_READ | PROT_WRITE) != 0) return 0;
    return area + 4096;
}

int main(int argc, char **argv)
{
    long total = argc > 1 ? atol(argv[1]) : 1000000;
    unsigned long long seed = argc > 2 ? strtoull(argv[2], 0, 10) : 1;
    long slow_ns = argc > 3 ? atol(argv[3]) * 1000000L : 0;
    state = seed ? seed : 1;
    signal(SIGPIPE, SIG_IGN);
    memset(long_path, 'a', sizeof long_path - 1);
    scratch = fenced(scratch_size);
    mapping = fenced(mapping_size);
    printf("1..2\n");
    if (!scratch || !mapping) {
        printf("Bail out! no memory for the scratch areas (mmap, mprotect)\n");
        return 1;
    }
    open_descriptors();
    symlink("/tmp/fz/loop", "/tmp/fz/loop");
    symlink("a", "/tmp/fz/link");
    int home = open("/tmp/fz", O_RDONLY | O_DIRECTORY);
    fchdir(home);

    long values = 0, errors = 0, unknown_numbers = 0;
    long odd_errors = 0, first_odd_number = 0, first_odd_result = 0;
    for (long i = 0; i < total; i++) {
        if (i % 1000 == 999) {
            open_descriptors();
            home = open("/tmp/fz", O_RDONLY | O_DIRECTORY);
            fchdir(home);
        }
        long number;
        uint64_t a[6] = {0};
        if (next() % 16 == 0) {
            // Past Linux's table, negative, huge, and Lunix's IPC (1) and kernel-call (2) classes.
            static const long unknown[] = {-1, 463, 1000, 0x10000 | 3, 0x20000 | 1, 0x20000 | 30, 0x7fffffff, INT64_MIN, 100000};
            number = unknown[next() % (sizeof unknown / sizeof unknown[0])];
            for (int k = 0; k < 6; k++) a[k] = next();
            unknown_numbers++;
        } else {
            const struct call *call = &calls[next() % (sizeof calls / sizeof calls[0])];
            number = call->number;
            for (int k = 0; k < 6; k++) a[k] = argument(call->args[k]);
            defuse(number, a);
        }
        struct timespec before, after;
        if (slow_ns) clock_gettime(CLOCK_MONOTONIC, &before);
        long result = raw_syscall(number, a);
        if (slow_ns) {
            clock_gettime(CLOCK_MONOTONIC, &after);
            long took = (after.tv_sec - before.tv_sec) * 1000000000L + after.tv_nsec - before.tv_nsec;
            if (took > slow_ns)
                printf("# slow: call %ld took %ld ms: %ld(%#lx, %#lx, %#lx, %#lx, %#lx, %#lx) = %ld\n", i, took / 1000000, number,
                       (unsigned long)a[0], (unsigned long)a[1], (unsigned long)a[2], (unsigned long)a[3], (unsigned long)a[4], (unsigned long)a[5], result);
        }
        if (result >= -4095 && result < 0) {
            errors++;
            if (!linux_errno(result) && odd_errors++ == 0) {
                first_odd_number = number;
                first_odd_result = result;
            }
        } else {
            values++;
        }
        // A new mapping the call made elsewhere goes again, so they do not pile up.
        if (number == SYS_mmap && result > 0 && ((uint64_t)result < (uint64_t)(uintptr_t)mapping || (uint64_t)result >= (uint64_t)(uintptr_t)mapping + mapping_size))
            munmap((void *)result, a[1]);
        if (number == SYS_chdir || number == SYS_fchdir) fchdir(home);
    }
    printf("ok 1 - %ld calls returned (seed %llu)\n", total, seed);
    if (odd_errors == 0) printf("ok 2 - every error was a Linux errno\n");
    else printf("not ok 2 - %ld errors outside Linux's errno values, first: call %ld returned %ld\n", odd_errors, first_odd_number, first_odd_result);
    printf("# %ld values, %ld Linux errors, %ld calls to numbers Linux does not have\n", values, errors, unknown_numbers);
    return odd_errors == 0 ? 0 : 1;
}
