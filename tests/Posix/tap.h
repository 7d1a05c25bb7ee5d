// The TAP writer and scratch directory every POSIX test program shares (tests/Posix/*.c).
//
// A program is a table of checks; each check returns NULL when it passed, or why it failed.
// tap_main prints the plan `1..N`, then `ok N - name` or `not ok N - name # why` for each,
// and exits 0 only when all passed. The programs run unchanged on the host Linux (the hosted
// differential tests) and on Lunix, so every expectation here is one Linux meets.
//
// Usage: <program> [DIR]: the checks run in a fresh directory made under DIR (default $TMPDIR,
// else /tmp), which is removed at the end. Nothing needs root, and nothing assumes it is not root.
#ifndef LUNIX_POSIX_TAP_H
#define LUNIX_POSIX_TAP_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct tap_check {
    const char *name;
    const char *(*run)(void);
};

// The program as started, absolute (for execve of itself after the checks changed directory).
static char tap_self[2 * PATH_MAX];
static char tap_why[512];

__attribute__((format(printf, 1, 2)))
static __attribute__((unused)) const char *tap_fail(const char *format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(tap_why, sizeof tap_why, format, arguments);
    va_end(arguments);
    for (char *c = tap_why; *c; c++)
        if (*c == '\n' || *c == '#') *c = ' ';   // one TAP line, no second directive
    return tap_why;
}

// A check that cannot run here (a device the machine lacks: the host has no /dev/fb0) says why
// and returns tap_skip(...): it prints `ok N - name # SKIP why`, which TAP counts as passed.
static int tap_skipping;

__attribute__((format(printf, 1, 2)))
static __attribute__((unused)) const char *tap_skip(const char *format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(tap_why, sizeof tap_why, format, arguments);
    va_end(arguments);
    for (char *c = tap_why; *c; c++)
        if (*c == '\n' || *c == '#') *c = ' ';
    tap_skipping = 1;
    return NULL;
}

// The condition must hold; the failure names the line, the condition and errno at that point.
#define CHECK(condition) do { \
        if (!(condition)) return tap_fail("line %d: %s (errno %d: %s)", __LINE__, #condition, errno, strerror(errno)); \
    } while (0)

// The call must fail with -1 and exactly this errno.
#define CHECK_ERRNO(call, expected) do { \
        errno = 0; \
        long tap_result_ = (long)(call); \
        int tap_errno_ = errno; \
        if (tap_result_ != -1 || tap_errno_ != (expected)) \
            return tap_fail("line %d: %s gave %ld, errno %d (%s); expected -1, errno %d (%s)", __LINE__, #call, \
                            tap_result_, tap_errno_, strerror(tap_errno_), (expected), strerror(expected)); \
    } while (0)

static __attribute__((unused)) uint64_t tap_monotonic_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

// fork for checks: the child gets default SIGALRM and a 30 s alarm, so a check that fails
// half-way cannot leave a child waiting forever on a pipe nobody will write.
static __attribute__((unused)) pid_t tap_fork(void)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGALRM, SIG_DFL);
        alarm(30);
    }
    return pid;
}

// The child's status, after waiting for it; -1 when waitpid failed.
static __attribute__((unused)) int tap_wait(pid_t pid)
{
    int status;
    pid_t got;
    do got = waitpid(pid, &status, 0); while (got < 0 && errno == EINTR);
    return got == pid ? status : -1;
}

// True when the child exited normally with this code.
static __attribute__((unused)) int tap_exited_with(pid_t pid, int code)
{
    int status = tap_wait(pid);
    return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == code;
}

static __attribute__((unused)) int tap_write_file(const char *path, const void *data, size_t length)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return -1;
    ssize_t written = write(fd, data, length);
    close(fd);
    return written == (ssize_t)length ? 0 : -1;
}

static int tap_remove_entry(const char *path, const struct stat *status, int type, struct FTW *walk)
{
    (void)status; (void)type; (void)walk;
    return remove(path);
}

static char tap_scratch[PATH_MAX];

// Makes the scratch directory under DIR (or $TMPDIR, or /tmp) and enters it.
static int tap_enter_scratch(const char *program, const char *parent)
{
    if (parent == NULL) parent = getenv("TMPDIR");
    if (parent == NULL || *parent == 0) parent = "/tmp";
    const char *base = strrchr(program, '/');
    snprintf(tap_scratch, sizeof tap_scratch, "%s/%s.XXXXXX", parent, base ? base + 1 : program);
    if (mkdtemp(tap_scratch) == NULL || chdir(tap_scratch) != 0) {
        printf("Bail out! cannot make and enter a scratch directory in %s: %s\n", parent, strerror(errno));
        return -1;
    }
    return 0;
}

static void tap_leave_scratch(void)
{
    if (chdir("/") == 0) nftw(tap_scratch, tap_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void tap_remember_self(const char *argv0)
{
    char cwd[PATH_MAX];
    if (argv0[0] == '/' || getcwd(cwd, sizeof cwd) == NULL) snprintf(tap_self, sizeof tap_self, "%s", argv0);
    else snprintf(tap_self, sizeof tap_self, "%s/%s", cwd, argv0);
}

// Puts back what a check may change, so that one failing half-way does not fail the next:
// no signal blocked or caught, no alarm, no alternate stack, the scratch directory, umask 022.
static void tap_reset_process_state(void)
{
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int signal_number = 1; signal_number < NSIG; signal_number++)
        if (signal_number != SIGKILL && signal_number != SIGSTOP) signal(signal_number, SIG_DFL);
    struct itimerval stopped = { { 0, 0 }, { 0, 0 } };
    setitimer(ITIMER_REAL, &stopped, NULL);
    stack_t disabled = { .ss_flags = SS_DISABLE };
    sigaltstack(&disabled, NULL);
    if (tap_scratch[0]) chdir(tap_scratch);
    umask(022);
}

// Runs the checks in order in a fresh scratch directory; the program's exit status.
static int tap_main(int argc, char **argv, const struct tap_check *checks, int count)
{
    // stdout is a pipe under a test runner: line buffering keeps each TAP line whole and
    // leaves nothing buffered for a fork to print twice.
    setvbuf(stdout, NULL, _IOLBF, 0);
    tap_remember_self(argv[0]);
    tap_reset_process_state();
    if (tap_enter_scratch(argv[0], argc > 1 ? argv[1] : NULL) != 0) return 2;

    printf("1..%d\n", count);
    int failed = 0;
    for (int i = 0; i < count; i++) {
        tap_why[0] = 0;
        tap_skipping = 0;
        tap_reset_process_state();
        const char *why = checks[i].run();
        if (why == NULL && tap_skipping) printf("ok %d - %s # SKIP %s\n", i + 1, checks[i].name, tap_why);
        else if (why == NULL) printf("ok %d - %s\n", i + 1, checks[i].name);
        else {
            printf("not ok %d - %s # %s\n", i + 1, checks[i].name, why);
            failed++;
        }
    }
    tap_leave_scratch();
    return failed == 0 ? 0 : 1;
}

#endif
