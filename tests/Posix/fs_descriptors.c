// dup, dup2, dup3, fcntl (F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL, F_SETFL): one
// open file description behind several descriptors (a shared offset and status flags), the
// per-descriptor FD_CLOEXEC, the lowest-number rule, and the errors.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include "fs_check.h"

static char dir[64], path[96];

int main(void)
{
    fs_scratch(dir, "fs_fds");
    snprintf(path, sizeof path, "%s/file", dir);
    int fd = OK(open(path, O_CREAT | O_RDWR, 0600), "open");
    write(fd, "abcdef", 6);
    lseek(fd, 0, SEEK_SET);

    int copy = OK(dup(fd), "dup");
    CHECK(copy == fd + 1, "dup takes the lowest free descriptor");
    char c;
    read(fd, &c, 1);
    CHECK(lseek(copy, 0, SEEK_CUR) == 1, "a dup shares the offset");
    CHECK(read(copy, &c, 1) == 1 && c == 'b', "reads through either move it");
    OK(fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK), "F_SETFL O_APPEND|O_NONBLOCK");
    CHECK((fcntl(copy, F_GETFL) & (O_APPEND | O_NONBLOCK)) == (O_APPEND | O_NONBLOCK), "the dup sees the status flags");
    CHECK((fcntl(copy, F_GETFL) & O_ACCMODE) == O_RDWR, "F_GETFL keeps the access mode");
    OK(fcntl(fd, F_SETFL, O_RDONLY), "F_SETFL leaves the access mode alone");
    CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR && (fcntl(fd, F_GETFL) & O_APPEND) == 0, "the access mode stays, O_APPEND went");

    CHECK(fcntl(fd, F_GETFD) == 0, "FD_CLOEXEC starts clear");
    OK(fcntl(fd, F_SETFD, FD_CLOEXEC), "F_SETFD FD_CLOEXEC");
    CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC, "F_GETFD sees it");
    CHECK(fcntl(copy, F_GETFD) == 0, "a descriptor flag: the dup's stays clear");
    OK(ioctl(copy, FIOCLEX), "FIOCLEX");
    CHECK(fcntl(copy, F_GETFD) == FD_CLOEXEC, "sets it too");
    OK(ioctl(copy, FIONCLEX), "FIONCLEX");
    CHECK(fcntl(copy, F_GETFD) == 0, "clears it");

    int base = 100;
    while (fcntl(base, F_GETFD) != -1 || fcntl(base + 1, F_GETFD) != -1) base++;
    int high = OK(fcntl(fd, F_DUPFD, base), "F_DUPFD to a free number");
    CHECK(high == base, "the lowest free at or above it");
    CHECK(fcntl(high, F_GETFD) == 0, "F_DUPFD's copy has FD_CLOEXEC clear");
    int higher = OK(fcntl(fd, F_DUPFD_CLOEXEC, base), "F_DUPFD_CLOEXEC to the same number");
    CHECK(higher == base + 1 && fcntl(higher, F_GETFD) == FD_CLOEXEC, "the next one, close-on-exec");
    FAILS(fcntl(fd, F_DUPFD, -1), EINVAL, "F_DUPFD below 0 is EINVAL");
    FAILS(fcntl(fd, F_DUPFD, 1 << 20), EINVAL, "F_DUPFD past the limit is EINVAL");
    FAILS(fcntl(fd, 9999), EINVAL, "an unknown command is EINVAL");
    FAILS(fcntl(99, F_GETFD), EBADF, "fcntl of a closed descriptor is EBADF");

    OK(dup2(fd, 20), "dup2 to 20");
    CHECK(fcntl(20, F_GETFD) == 0, "dup2's copy has FD_CLOEXEC clear");
    lseek(20, 3, SEEK_SET);
    CHECK(lseek(fd, 0, SEEK_CUR) == 3, "and shares the offset");
    int other = open(path, O_RDONLY);
    OK(dup2(other, 20), "dup2 onto an open descriptor closes it first");
    CHECK(lseek(20, 0, SEEK_CUR) == 0 && lseek(fd, 0, SEEK_CUR) == 3, "20 now names the other description");
    CHECK(dup2(fd, fd) == fd, "dup2 of a descriptor to itself is itself");
    FAILS(dup2(99, 21), EBADF, "dup2 of a closed descriptor is EBADF");
    FAILS(dup2(fd, -1), EBADF, "dup2 to -1 is EBADF");
    FAILS(dup2(fd, 1 << 20), EBADF, "dup2 past the limit is EBADF");
    OK(dup3(fd, 21, O_CLOEXEC), "dup3 O_CLOEXEC");
    CHECK(fcntl(21, F_GETFD) == FD_CLOEXEC, "sets FD_CLOEXEC");
    FAILS(syscall(SYS_dup3, fd, fd, 0), EINVAL, "dup3 to itself is EINVAL");
    FAILS(syscall(SYS_dup3, fd, 22, O_APPEND), EINVAL, "dup3 with another flag is EINVAL");

    int nonblock = OK(open(path, O_RDONLY), "another open");
    int on = 1;
    OK(ioctl(nonblock, FIONBIO, &on), "FIONBIO on");
    CHECK((fcntl(nonblock, F_GETFL) & O_NONBLOCK) != 0, "sets O_NONBLOCK");
    int avail = -1;
    lseek(nonblock, 2, SEEK_SET);
    OK(ioctl(nonblock, FIONREAD, &avail), "FIONREAD of a file");
    CHECK(avail == 4, "the bytes left from the offset");
    FAILS(ioctl(nonblock, 0x5401, &avail), ENOTTY, "a terminal ioctl on a file is ENOTTY");

    OK(close(fd), "close the first");
    CHECK(read(copy, &c, 1) == 1, "the others still work");
    close(copy); close(high); close(higher); close(other); close(20); close(21); close(nonblock);
    unlink(path);
    OK(rmdir(dir), "clean up");
    return fs_done();
}
