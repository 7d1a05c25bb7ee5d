// The TAP writer of the memory test programs (tests/Posix/vm_*.c), which check the VM server's
// calls: brk, mmap, munmap, mprotect, madvise, mremap, msync, mincore. A program is a table of
// checks; each returns NULL when it passed, or why it failed. vm_tap_main prints the plan
// `1..N`, then `ok N - name` or `not ok N - name # why` for each, and returns 0 only when all
// passed. The programs run unchanged on the host Linux and on Lunix, as init there (so they
// need no files and no arguments), and every expectation is one Linux meets.
#ifndef LUNIX_VM_TAP_H
#define LUNIX_VM_TAP_H

#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PAGE 4096ul

struct vm_check {
    const char *name;
    const char *(*run)(void);
};

static char vm_why[256];

static __attribute__((unused)) const char *vm_fail(int line, const char *condition)
{
    snprintf(vm_why, sizeof vm_why, "line %d: %s (errno %d: %s)", line, condition, errno, strerror(errno));
    return vm_why;
}

// The condition must hold.
#define CHECK(condition) do { if (!(condition)) return vm_fail(__LINE__, #condition); } while (0)

// The call must fail with -1 and exactly this errno.
#define CHECK_ERRNO(call, expected) do { \
        errno = 0; \
        long vm_result = (long)(call); \
        if (vm_result != -1 || errno != (expected)) return vm_fail(__LINE__, #call " fails with " #expected); \
    } while (0)

// The system call itself, not the C library's wrapper (which checks some arguments itself).
#define RAW(...) syscall(__VA_ARGS__)

static __attribute__((unused)) void *map_anonymous(size_t length, int prot)
{
    return mmap(NULL, length, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static int vm_tap_main(const struct vm_check *checks, int count)
{
    // Line by line: a check that kills the program must not take the lines before it along.
    setvbuf(stdout, NULL, _IOLBF, 0);
    int failed = 0;
    printf("1..%d\n", count);
    for (int i = 0; i < count; i++) {
        const char *why = checks[i].run();
        if (why) {
            failed++;
            printf("not ok %d - %s # %s\n", i + 1, checks[i].name, why);
        } else
            printf("ok %d - %s\n", i + 1, checks[i].name);
    }
    return failed != 0;
}

#endif
