// TAP for the file-system test programs (fs_*.c): each check prints "ok N - what" or
// "not ok N - what # why", the plan "1..N" comes last, and the program exits 0 only when every
// check passed. The same program runs on the host's Linux and on Lunix, so a check Linux fails
// is a wrong check. No malloc (musl's needs brk/mmap, which Lunix's VM does not serve yet):
// buffers are static.
#ifndef FS_CHECK_H
#define FS_CHECK_H
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int fs_checks, fs_failures;

static void fs_report(int passed, const char *what, const char *why)
{
    fs_checks++;
    if (passed) printf("ok %d - %s\n", fs_checks, what);
    else
    {
        fs_failures++;
        printf("not ok %d - %s # %s\n", fs_checks, what, why);
    }
    fflush(stdout);
}

// A condition.
#define CHECK(condition, what) fs_report((condition) != 0, (what), #condition)

// A call that must succeed (a result >= 0): errno named when it did not.
__attribute__((unused)) static long fs_ok(long result, const char *what)
{
    char why[96];
    snprintf(why, sizeof why, "returned %ld, errno %d (%s)", result, errno, strerror(errno));
    fs_report(result >= 0, what, why);
    return result;
}
#define OK(call, what) fs_ok((long)(call), (what))

// A call that must fail with `expected`.
__attribute__((unused)) static void fs_fails(long result, int error, int expected, const char *what)
{
    char why[96];
    snprintf(why, sizeof why, "returned %ld, errno %d (%s), wanted %d (%s)", result, error, strerror(error), expected, strerror(expected));
    fs_report(result == -1 && error == expected, what, why);
}
#define FAILS(call, expected, what) do { errno = 0; long r_ = (long)(call); fs_fails(r_, errno, (expected), (what)); } while (0)

// The whole of a small file into `into` (NUL-ended, cut at size - 1 bytes): its length, or -1.
__attribute__((unused)) static long fs_read_file(const char *path, char *into, long size)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    long total = 0, got = 0;
    while (total < size - 1 && (got = read(fd, into + total, size - 1 - total)) > 0) total += got;
    close(fd);
    into[total] = 0;
    return got < 0 ? -1 : total;
}

// The plan and the exit status.
static int fs_done(void)
{
    printf("1..%d\n", fs_checks);
    fflush(stdout);
    return fs_failures == 0 ? 0 : 1;
}

// A fresh directory for the program's files, made in /tmp: its path in `into`.
// A new scratch directory for the program's files: in /tmp, or in the directory FS_SCRATCH
// names (the boot tests run the same programs on an ext2 volume that way).
__attribute__((unused)) static void fs_scratch(char *into, const char *name)
{
    const char *parent = getenv("FS_SCRATCH");
    if (parent == NULL || *parent == 0) parent = "/tmp";
    snprintf(into, 64, "%s/%s.XXXXXX", parent, name);
    if (!mkdtemp(into))
    {
        printf("Bail out! cannot make a scratch directory in %s: %s\n", parent, strerror(errno));
        exit(2);
    }
}
#endif
