// The rest of what a static program asks at start-up and along the way: uname, user and group
// ids, sysinfo, resource limits, getrandom, the auxiliary vector, the thread pointer, /dev/null
// and /dev/zero, ENOTTY on non-terminals and ENOSYS for a call that does not exist.
#include "tap.h"
#include <poll.h>
#include <sched.h>
#include <sys/auxv.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <termios.h>

#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003

static int terminated(const char *field, size_t size) { return memchr(field, 0, size) != NULL; }

static const char *uname_fields(void)
{
    struct utsname name;
    memset(&name, 0x7f, sizeof name);
    CHECK(uname(&name) == 0);
    CHECK(terminated(name.sysname, sizeof name.sysname) && name.sysname[0]);
    CHECK(terminated(name.nodename, sizeof name.nodename));
    CHECK(terminated(name.release, sizeof name.release) && name.release[0]);
    CHECK(terminated(name.version, sizeof name.version) && name.version[0]);
    CHECK(terminated(name.machine, sizeof name.machine));
    CHECK(strcmp(name.machine, "x86_64") == 0);
    // glibc and busybox read the release as a kernel version: digits, a dot, digits.
    unsigned major = 0, minor = 0;
    CHECK(sscanf(name.release, "%u.%u", &major, &minor) == 2 && major >= 3);
    char host[sizeof name.nodename];
    CHECK(gethostname(host, sizeof host) == 0 && strcmp(host, name.nodename) == 0);
    return NULL;
}

static const char *ids_are_consistent(void)
{
    uid_t real, effective, saved;
    gid_t real_group, effective_group, saved_group;
    CHECK(getresuid(&real, &effective, &saved) == 0);
    CHECK(getresgid(&real_group, &effective_group, &saved_group) == 0);
    CHECK(getuid() == real && geteuid() == effective);
    CHECK(getgid() == real_group && getegid() == effective_group);
    CHECK(real != (uid_t)-1 && effective != (uid_t)-1);     // a real id, not -ENOSYS taken for one
    CHECK(real < 0x80000000u && real_group < 0x80000000u);
    int count = getgroups(0, NULL);
    CHECK(count >= 0 && count <= 65536);
    gid_t *groups = calloc((size_t)count + 1, sizeof *groups);
    CHECK(groups != NULL);
    CHECK(getgroups(count, groups) == count);
    if (count > 1) CHECK_ERRNO(getgroups(1, groups), EINVAL);   // too small for them all
    free(groups);
    // Setting the ids one already has is allowed to anyone.
    CHECK(setuid(getuid()) == 0 && geteuid() == real);
    CHECK(setgid(getgid()) == 0 && getegid() == real_group);
    return NULL;
}

static const char *sysinfo_is_plausible(void)
{
    struct sysinfo info;
    memset(&info, 0, sizeof info);
    CHECK(sysinfo(&info) == 0);
    CHECK(info.mem_unit >= 1);
    CHECK(info.totalram > 0);
    CHECK(info.freeram <= info.totalram);
    CHECK((uint64_t)info.totalram * info.mem_unit >= (16u << 20));   // at least 16 MiB of RAM
    struct timespec boot;
    CHECK(clock_gettime(CLOCK_BOOTTIME, &boot) == 0);
    CHECK((long)info.uptime - boot.tv_sec <= 1 && boot.tv_sec - (long)info.uptime <= 1);   // uptime is boot time
    CHECK(info.procs >= 1);
    CHECK(info.freeswap <= info.totalswap);
    return NULL;
}

static const char *resource_limits(void)
{
    struct rlimit files, through_prlimit, stack;
    CHECK(getrlimit(RLIMIT_NOFILE, &files) == 0);
    CHECK(files.rlim_cur >= 3 && (files.rlim_max == RLIM_INFINITY || files.rlim_cur <= files.rlim_max));
    CHECK(prlimit(0, RLIMIT_NOFILE, NULL, &through_prlimit) == 0);
    CHECK(through_prlimit.rlim_cur == files.rlim_cur && through_prlimit.rlim_max == files.rlim_max);
    CHECK(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &through_prlimit) == 0);
    CHECK(through_prlimit.rlim_cur == files.rlim_cur);
    CHECK(getrlimit(RLIMIT_STACK, &stack) == 0);
    CHECK(stack.rlim_cur == RLIM_INFINITY || stack.rlim_cur >= (128u << 10));
    struct rlimit any;
    CHECK(getrlimit(RLIMIT_AS, &any) == 0 && getrlimit(RLIMIT_CORE, &any) == 0 && getrlimit(RLIMIT_DATA, &any) == 0);
    CHECK_ERRNO(getrlimit(1000, &any), EINVAL);
    // A lowered soft limit holds: in a child, every call that makes a descriptor fails past it
    // (open, dup, pipe, F_DUPFD: EMFILE; F_DUPFD from the limit on: EINVAL; dup2 to the limit
    // or above: EBADF), poll refuses more entries than the limit, and a fork keeps the limit.
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        struct rlimit low = { 8, files.rlim_max };
        if (setrlimit(RLIMIT_NOFILE, &low) != 0) _exit(1);
        struct rlimit now;
        if (getrlimit(RLIMIT_NOFILE, &now) != 0 || now.rlim_cur != 8) _exit(2);
        for (int fd = 3; fd < 8; fd++) close(fd);
        for (int fd = 3; fd < 8; fd++)
            if (open("/", O_RDONLY) != fd) _exit(3);
        if (open("/", O_RDONLY) != -1 || errno != EMFILE) _exit(4);
        if (dup(0) != -1 || errno != EMFILE) _exit(5);
        int pair[2];
        if (pipe(pair) != -1 || errno != EMFILE) _exit(6);
        if (fcntl(0, F_DUPFD, 0) != -1 || errno != EMFILE) _exit(7);
        if (fcntl(0, F_DUPFD, 8) != -1 || errno != EINVAL) _exit(8);
        if (dup2(0, 8) != -1 || errno != EBADF) _exit(9);
        if (dup3(0, 100, O_CLOEXEC) != -1 || errno != EBADF) _exit(10);
        if (dup2(0, 7) != 7) _exit(11);
        struct pollfd entries[9] = { { .fd = -1 } };
        if (poll(entries, 9, 0) != -1 || errno != EINVAL) _exit(12);
        close(7);
        pid_t grandchild = fork();
        if (grandchild == 0) _exit(open("/", O_RDONLY) == 7 && open("/", O_RDONLY) == -1 && errno == EMFILE ? 0 : 1);
        if (!tap_exited_with(grandchild, 0)) _exit(13);
        _exit(0);
    }
    CHECK(tap_exited_with(pid, 0));
    return NULL;
}

static const char *getrandom_fills(void)
{
    unsigned char first[16], second[16];
    memset(first, 0, sizeof first);
    memset(second, 0, sizeof second);
    CHECK(getrandom(first, sizeof first, 0) == 16);
    CHECK(getrandom(second, sizeof second, GRND_NONBLOCK) == 16);
    CHECK(memcmp(first, second, 16) != 0);                  // 2^-128 to fail by chance
    int zeros = 0;
    for (int i = 0; i < 16; i++) zeros += first[i] == 0;
    CHECK(zeros < 8);
    CHECK_ERRNO(getrandom(first, sizeof first, 0x100), EINVAL);
    return NULL;
}

static const char *auxiliary_vector(void)
{
    CHECK(getauxval(AT_PAGESZ) == 4096);
    CHECK(sysconf(_SC_PAGESIZE) == 4096);
    CHECK(getauxval(AT_UID) == getuid() && getauxval(AT_EUID) == geteuid());
    CHECK(getauxval(AT_GID) == getgid() && getauxval(AT_EGID) == getegid());
    CHECK(getauxval(AT_SECURE) == 0);
    CHECK(getauxval(AT_PHDR) != 0);
    CHECK(getauxval(AT_PHENT) == 56);                       // sizeof(Elf64_Phdr)
    CHECK(getauxval(AT_PHNUM) >= 2);
    const unsigned char *random_bytes = (const unsigned char *)getauxval(AT_RANDOM);
    CHECK(random_bytes != NULL);
    int nonzero = 0;
    for (int i = 0; i < 16; i++) nonzero += random_bytes[i] != 0;
    CHECK(nonzero >= 8);
    CHECK(getauxval(AT_ENTRY) != 0);
    // The program headers AT_PHDR names include a PT_LOAD.
    const uint32_t *header = (const uint32_t *)getauxval(AT_PHDR);
    int loads = 0;
    for (unsigned long i = 0; i < getauxval(AT_PHNUM); i++) loads += header[i * 14] == 1;
    CHECK(loads >= 1);
    return NULL;
}

static const char *thread_pointer(void)
{
    uintptr_t through_call = 0, self = 0;
    CHECK(syscall(SYS_arch_prctl, ARCH_GET_FS, &through_call) == 0);
    __asm__ volatile("mov %%fs:0, %0" : "=r"(self));        // the TCB's first word points at itself
    CHECK(through_call != 0 && through_call == self);
    CHECK(syscall(SYS_arch_prctl, ARCH_SET_FS, through_call) == 0);
    CHECK_ERRNO(syscall(SYS_arch_prctl, 0x9999, 0), EINVAL);
    // set_tid_address returns the caller's thread id.
    static int clear_on_exit;
    CHECK(syscall(SYS_set_tid_address, &clear_on_exit) == getpid());
    return NULL;
}

static const char *device_files(void)
{
    int null = open("/dev/null", O_RDWR);
    CHECK(null >= 0);
    char buffer[64];
    CHECK(read(null, buffer, sizeof buffer) == 0);
    CHECK(write(null, "gone", 4) == 4);
    struct stat status;
    CHECK(fstat(null, &status) == 0 && S_ISCHR(status.st_mode));
    close(null);
    int zero = open("/dev/zero", O_RDONLY);
    CHECK(zero >= 0);
    memset(buffer, 1, sizeof buffer);
    CHECK(read(zero, buffer, sizeof buffer) == (ssize_t)sizeof buffer);
    for (size_t i = 0; i < sizeof buffer; i++) CHECK(buffer[i] == 0);
    close(zero);
    return NULL;
}

static const char *not_a_terminal(void)
{
    CHECK(tap_write_file("plain", "x", 1) == 0);
    int fd = open("plain", O_RDONLY);
    CHECK(fd >= 0);
    struct termios settings;
    CHECK_ERRNO(tcgetattr(fd, &settings), ENOTTY);
    CHECK(!isatty(fd));
    struct winsize size;
    CHECK_ERRNO(ioctl(fd, TIOCGWINSZ, &size), ENOTTY);
    close(fd);
    int ends[2];
    CHECK(pipe(ends) == 0);
    CHECK(!isatty(ends[0]));
    close(ends[0]);
    close(ends[1]);
    CHECK(!isatty(-1) && errno == EBADF);
    CHECK(unlink("plain") == 0);
    return NULL;
}

static const char *unknown_call_is_enosys(void)
{
    CHECK_ERRNO(syscall(1000), ENOSYS);
    CHECK_ERRNO(syscall(100000), ENOSYS);
    CHECK(sched_yield() == 0);
    CHECK(getpid() > 0);                                    // and the process goes on
    return NULL;
}

static const char *arguments_and_environment(void)
{
    extern char **environ;
    CHECK(environ != NULL);
    CHECK(setenv("POSIX_TEST_VARIABLE", "value", 1) == 0);
    CHECK(strcmp(getenv("POSIX_TEST_VARIABLE"), "value") == 0);
    CHECK(unsetenv("POSIX_TEST_VARIABLE") == 0 && getenv("POSIX_TEST_VARIABLE") == NULL);
    CHECK(tap_self[0] == '/');
    return NULL;
}

static const struct tap_check checks[] = {
    { "uname: every field NUL-terminated, machine x86_64, release digits.digits; gethostname is nodename", uname_fields },
    { "getuid, geteuid, getgid, getegid agree with getresuid and getresgid; getgroups; setuid and setgid to oneself", ids_are_consistent },
    { "sysinfo: RAM totals, free at most total, mem_unit, procs, uptime is CLOCK_BOOTTIME", sysinfo_is_plausible },
    { "getrlimit and prlimit64 agree; EINVAL for a bad resource; a lowered RLIMIT_NOFILE gives EMFILE in a child", resource_limits },
    { "getrandom fills 16 bytes, differently each time; EINVAL for unknown flags", getrandom_fills },
    { "the auxiliary vector: AT_PAGESZ 4096, AT_UID to AT_EGID, AT_SECURE 0, AT_PHDR/PHENT/PHNUM, AT_RANDOM, AT_ENTRY", auxiliary_vector },
    { "arch_prctl ARCH_GET_FS is the thread pointer musl set (fs:0 points at itself); set_tid_address returns the tid", thread_pointer },
    { "/dev/null reads end of file and takes writes; /dev/zero reads zeroes", device_files },
    { "tcgetattr and TIOCGWINSZ fail with ENOTTY on a file; isatty is false for files, pipes and bad descriptors", not_a_terminal },
    { "an unknown system call number fails with ENOSYS and the process goes on", unknown_call_is_enosys },
    { "setenv, getenv and unsetenv work on the environment the program started with", arguments_and_environment },
};

int main(int argc, char **argv)
{
    return tap_main(argc, argv, checks, sizeof checks / sizeof checks[0]);
}
