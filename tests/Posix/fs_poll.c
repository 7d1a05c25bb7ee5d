// poll, ppoll, select, pselect6 over pipes, files and devices: readiness as it changes, POLLHUP
// and POLLERR when a pipe's other side is gone, POLLNVAL for a closed descriptor, timeouts
// (the call comes back with 0 once its time is up), and the errors.
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <time.h>
#include "fs_check.h"

static char full[65536];

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    int p[2];
    pipe(p);
    struct pollfd fds[3] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT, 0 }, { -1, POLLIN, 0 } };
    CHECK(poll(fds, 3, 0) == 1, "poll: an empty pipe's write end is ready, its read end not");
    CHECK(fds[0].revents == 0 && (fds[1].revents & POLLOUT) && fds[2].revents == 0, "POLLOUT only; a negative fd is skipped");
    write(p[1], "x", 1);
    CHECK(poll(fds, 2, 0) == 2 && (fds[0].revents & POLLIN), "after a write the read end is ready");
    CHECK(poll(fds, 2, 1000) == 2, "a timeout does not matter when something is ready");

    char byte;
    read(p[0], &byte, 1);
    fcntl(p[1], F_SETFL, O_NONBLOCK);
    while (write(p[1], full, sizeof full) > 0) { }
    fds[0].events = POLLIN;
    CHECK(poll(&fds[1], 1, 0) == 0 && fds[1].revents == 0, "a full pipe's write end is not ready");
    CHECK(poll(fds, 1, 0) == 1 && (fds[0].revents & POLLIN), "its read end is");

    struct pollfd empty = { p[0], POLLIN, 0 };
    int q[2];
    pipe(q);
    empty.fd = q[0];
    CHECK(poll(&empty, 1, 50) == 0 && empty.revents == 0, "poll with a 50 ms timeout on an empty pipe comes back with 0");
    struct timespec tiny = { 0, 20 * 1000 * 1000 };
    CHECK(ppoll(&empty, 1, &tiny, NULL) == 0, "ppoll with a 20 ms timeout too");
    close(q[1]);
    CHECK(poll(&empty, 1, -1) == 1 && (empty.revents & POLLHUP), "no writer left: POLLHUP, even asked for POLLIN only");
    close(q[0]);

    pipe(q);
    close(q[0]);
    struct pollfd orphan = { q[1], POLLOUT, 0 };
    CHECK(poll(&orphan, 1, 0) == 1 && (orphan.revents & POLLERR), "no reader left: POLLERR");
    close(q[1]);
    struct pollfd closed = { q[1], POLLIN, 0 };
    CHECK(poll(&closed, 1, 0) == 1 && closed.revents == POLLNVAL, "a closed descriptor: POLLNVAL");
    FAILS(poll((struct pollfd *)1, 1, 0), EFAULT, "poll of a bad array is EFAULT");

    int null = open("/dev/null", O_RDWR);
    struct pollfd device = { null, POLLIN | POLLOUT, 0 };
    CHECK(poll(&device, 1, 0) == 1 && (device.revents & (POLLIN | POLLOUT)) == (POLLIN | POLLOUT), "/dev/null is ready both ways");
    char path[] = "/tmp/fs_poll.XXXXXX";
    int file = mkstemp(path);
    struct pollfd regular = { file, POLLIN | POLLOUT, 0 };
    CHECK(poll(&regular, 1, 0) == 1 && (regular.revents & (POLLIN | POLLOUT)) == (POLLIN | POLLOUT), "a regular file is ready both ways");

    fd_set readable, writable;
    FD_ZERO(&readable);
    FD_ZERO(&writable);
    FD_SET(p[0], &readable);
    FD_SET(p[1], &writable);
    FD_SET(file, &writable);
    struct timeval none = { 0, 0 };
    int top = (p[1] > file ? p[1] : file) + 1;
    CHECK(select(top, &readable, &writable, NULL, &none) == 2, "select: the pipe's read end and the file");
    CHECK(FD_ISSET(p[0], &readable) && !FD_ISSET(p[1], &writable) && FD_ISSET(file, &writable), "the sets say which");
    pipe(q);
    FD_ZERO(&readable);
    FD_SET(q[0], &readable);
    struct timeval brief = { 0, 30000 };
    CHECK(select(q[0] + 1, &readable, NULL, NULL, &brief) == 0 && !FD_ISSET(q[0], &readable), "select with a 30 ms timeout comes back with 0");
    FD_SET(q[0], &readable);
    struct timespec brief_ns = { 0, 30 * 1000 * 1000 };
    CHECK(pselect(q[0] + 1, &readable, NULL, NULL, &brief_ns, NULL) == 0, "pselect too");
    write(q[1], "z", 1);
    FD_SET(q[0], &readable);
    CHECK(select(q[0] + 1, &readable, NULL, NULL, NULL) == 1 && FD_ISSET(q[0], &readable), "select without a timeout once data is there");
    FD_ZERO(&readable);
    FD_SET(60, &readable);
    FAILS(select(61, &readable, NULL, NULL, &none), EBADF, "select of a closed descriptor is EBADF");
    struct timeval negative = { -1, 0 };
    FAILS(select(1, NULL, NULL, NULL, &negative), EINVAL, "select with a negative timeout is EINVAL");
    FAILS(select(-1, NULL, NULL, NULL, &none), EINVAL, "select with a negative count is EINVAL");

    close(q[0]); close(q[1]); close(p[0]); close(p[1]); close(null); close(file);
    unlink(path);
    return fs_done();
}
