// The TAP writer of PM's test programs (tests/Posix/pm_*.c): a table of checks, each returning
// NULL when it passed or why it failed; `1..N`, then `ok N - name` or `not ok N - name # why`;
// exit 0 only when all passed. The programs run unchanged on the host Linux and on Lunix (as
// init, pid 1, there), so every expectation is one Linux meets, in either place. They use no
// pipe and no file: children report through their exit status and signals.
#ifndef LUNIX_PM_TAP_H
#define LUNIX_PM_TAP_H

#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct pm_check {
    const char *name;
    const char *(*run)(void);
};

static char pm_why[512];

__attribute__((format(printf, 1, 2), unused)) static const char *pm_fail(const char *format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(pm_why, sizeof pm_why, format, arguments);
    va_end(arguments);
    for (char *c = pm_why; *c; c++)
        if (*c == '\n' || *c == '#') *c = ' ';
    return pm_why;
}

#define CHECK(condition) do { \
        if (!(condition)) return pm_fail("line %d: %s (errno %d: %s)", __LINE__, #condition, errno, strerror(errno)); \
    } while (0)

#define CHECK_ERRNO(call, expected) do { \
        errno = 0; \
        long pm_result_ = (long)(call); \
        int pm_errno_ = errno; \
        if (pm_result_ != -1 || pm_errno_ != (expected)) \
            return pm_fail("line %d: %s gave %ld, errno %d (%s); expected -1, errno %d (%s)", __LINE__, #call, \
                           pm_result_, pm_errno_, strerror(pm_errno_), (expected), strerror(expected)); \
    } while (0)

// A child for a check: its output flushed first (nothing printed twice), and a 30 s alarm so
// that a check failing half-way cannot leave it behind forever.
__attribute__((unused)) static pid_t pm_fork(void)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGALRM, SIG_DFL);
        alarm(30);
    }
    return pid;
}

// The child's wait status, -1 when waitpid failed.
__attribute__((unused)) static int pm_wait(pid_t pid)
{
    int status;
    pid_t got;
    do got = waitpid(pid, &status, 0); while (got < 0 && errno == EINTR);
    return got == pid ? status : -1;
}

__attribute__((unused)) static int pm_exited_with(pid_t pid, int code)
{
    int status = pm_wait(pid);
    return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == code;
}

__attribute__((unused)) static uint64_t pm_monotonic_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

// Back to a clean state between checks: no signal blocked or caught, no timer, no alternate stack.
static void pm_reset(void)
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
}

__attribute__((unused)) static int pm_main(const struct pm_check *checks, int count)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("1..%d\n", count);
    int failed = 0;
    for (int i = 0; i < count; i++) {
        pm_why[0] = 0;
        pm_reset();
        const char *why = checks[i].run();
        if (why == NULL) printf("ok %d - %s\n", i + 1, checks[i].name);
        else {
            printf("not ok %d - %s # %s\n", i + 1, checks[i].name, why);
            failed++;
        }
    }
    return failed == 0 ? 0 : 1;
}

#endif
