// pipe, pipe2: bytes in order, O_NONBLOCK (EAGAIN, a partial write when the pipe fills),
// PIPE_BUF's atomic writes, EOF once no writer is left, EPIPE once no reader is, O_CLOEXEC,
// what fstat, lseek and FIONREAD say of a pipe. One process: the blocking cases need a
// second (fork), so they are not here.
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "fs_check.h"

static char chunk[70000], back[70000];

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    int p[2];
    OK(pipe(p), "pipe");
    CHECK(p[0] >= 0 && p[1] == p[0] + 1, "two descriptors, the lowest free");
    CHECK(write(p[1], "hello", 5) == 5, "write into it");
    int available = 0;
    OK(ioctl(p[0], FIONREAD, &available), "FIONREAD");
    CHECK(available == 5, "5 bytes waiting");
    char bytes[16] = {0};
    CHECK(read(p[0], bytes, 3) == 3 && memcmp(bytes, "hel", 3) == 0, "read a part");
    CHECK(read(p[0], bytes, 16) == 2 && memcmp(bytes, "lo", 2) == 0, "and the rest");
    struct stat st;
    CHECK(fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode), "fstat: a fifo");
    struct stat other;
    CHECK(fstat(p[1], &other) == 0 && other.st_ino == st.st_ino, "both ends are one pipe");
    FAILS(lseek(p[0], 0, SEEK_SET), ESPIPE, "lseek on a pipe is ESPIPE");
    FAILS(pread(p[0], bytes, 1, 0), ESPIPE, "pread on a pipe is ESPIPE");
    FAILS(write(p[0], "x", 1), EBADF, "writing the read end is EBADF");
    FAILS(read(p[1], bytes, 1), EBADF, "reading the write end is EBADF");
    CHECK((fcntl(p[0], F_GETFL) & O_ACCMODE) == O_RDONLY && (fcntl(p[1], F_GETFL) & O_ACCMODE) == O_WRONLY, "a read end and a write end");

    OK(fcntl(p[0], F_SETFL, O_NONBLOCK), "O_NONBLOCK on the read end");
    FAILS(read(p[0], bytes, 1), EAGAIN, "an empty pipe with O_NONBLOCK is EAGAIN");
    OK(fcntl(p[1], F_SETFL, O_NONBLOCK), "O_NONBLOCK on the write end");
    long total = 0, n;
    memset(chunk, 'p', sizeof chunk);
    while ((n = write(p[1], chunk, 4096)) > 0) total += n;
    CHECK(n == -1 && errno == EAGAIN, "a full pipe with O_NONBLOCK is EAGAIN");
    CHECK(total >= 4096 && total % 4096 == 0, "PIPE_BUF-sized writes went in whole");
    OK(ioctl(p[0], FIONREAD, &available), "FIONREAD of a full pipe");
    CHECK(available == total, "says how full");
    CHECK(read(p[0], chunk, 100) == 100, "make 100 bytes of room");
    FAILS(write(p[1], chunk, 200), EAGAIN, "a write of at most PIPE_BUF bytes that does not fit is EAGAIN, not partial");
    CHECK(read(p[0], chunk, 3996) == 3996, "make a page of room");
    long partial = write(p[1], chunk, PIPE_BUF + 2000);
    CHECK(partial > 0 && partial < PIPE_BUF + 2000, "a larger write goes in partly");
    long drained = 0;
    while ((n = read(p[0], back, sizeof back)) > 0) drained += n;
    CHECK(drained == total - 4096 + partial, "everything written reads back");
    close(p[1]);
    CHECK(read(p[0], bytes, 1) == 0, "with no writer left a read is EOF");
    close(p[0]);

    OK(pipe(p), "another pipe");
    close(p[0]);
    FAILS(write(p[1], "x", 1), EPIPE, "with no reader left a write is EPIPE");
    close(p[1]);

    OK(pipe2(p, O_CLOEXEC | O_NONBLOCK), "pipe2 O_CLOEXEC|O_NONBLOCK");
    CHECK(fcntl(p[0], F_GETFD) == FD_CLOEXEC && fcntl(p[1], F_GETFD) == FD_CLOEXEC, "both ends close on exec");
    CHECK((fcntl(p[0], F_GETFL) & O_NONBLOCK) && (fcntl(p[1], F_GETFL) & O_NONBLOCK), "both ends non-blocking");
    FAILS(read(p[0], bytes, 1), EAGAIN, "so an empty read is EAGAIN");
    int copy = dup(p[1]);
    close(p[1]);
    CHECK(write(copy, "y", 1) == 1, "a dup of the write end keeps the pipe writable");
    close(copy);
    CHECK(read(p[0], bytes, 1) == 1 && bytes[0] == 'y', "read it");
    CHECK(read(p[0], bytes, 1) == 0, "then EOF");
    close(p[0]);
    FAILS(syscall(SYS_pipe2, p, O_APPEND), EINVAL, "pipe2 with another flag is EINVAL");
    FAILS(syscall(SYS_pipe, (int *)1), EFAULT, "pipe into a bad pointer is EFAULT");

    // 16 MiB through one pipe, 64 KiB at a time, as the benchmark moves it.
    OK(pipe(p), "a pipe for 16 MiB");
    long moved = 0;
    int same = 1;
    for (int round = 0; round < 256; round++)
    {
        memset(chunk, round, 65536);
        if (write(p[1], chunk, 65536) != 65536) { same = 0; break; }
        if (read(p[0], back, 65536) != 65536 || memcmp(chunk, back, 65536) != 0) { same = 0; break; }
        moved += 65536;
    }
    CHECK(same && moved == 16 << 20, "16 MiB go through in order");
    close(p[0]);
    close(p[1]);
    return fs_done();
}
