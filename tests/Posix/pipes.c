// Pipes and FIFOs: data order, end of file, EPIPE and SIGPIPE, PIPE_BUF atomicity, O_NONBLOCK,
// poll and select, pipe2 flags, and a FIFO in the file system.
#include "tap.h"
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/select.h>

static int read_fully(int fd, void *buffer, size_t length)
{
    size_t got = 0;
    while (got < length) {
        ssize_t n = read(fd, (char *)buffer + got, length - got);
        if (n <= 0) return -1;
        got += (size_t)n;
    }
    return 0;
}

static const char *bytes_in_order(void)
{
    int ends[2];
    CHECK(pipe(ends) == 0);
    CHECK(ends[0] >= 0 && ends[1] >= 0 && ends[0] != ends[1]);
    CHECK(write(ends[1], "abc", 3) == 3);
    CHECK(write(ends[1], "defg", 4) == 4);
    char buffer[16];
    CHECK(read(ends[0], buffer, 2) == 2 && memcmp(buffer, "ab", 2) == 0);
    CHECK(read(ends[0], buffer, sizeof buffer) == 5 && memcmp(buffer, "cdefg", 5) == 0);   // what is there, no more
    struct stat status;
    CHECK(fstat(ends[0], &status) == 0 && S_ISFIFO(status.st_mode));
    CHECK_ERRNO(lseek(ends[0], 0, SEEK_CUR), ESPIPE);
    CHECK_ERRNO(pread(ends[0], buffer, 1, 0), ESPIPE);
    CHECK_ERRNO(write(ends[0], "x", 1), EBADF);            // the read end is read-only
    CHECK_ERRNO(read(ends[1], buffer, 1), EBADF);
    close(ends[0]);
    close(ends[1]);
    return NULL;
}

static const char *end_of_file_after_every_writer_closed(void)
{
    int ends[2];
    CHECK(pipe(ends) == 0);
    int second_writer = dup(ends[1]);
    CHECK(write(ends[1], "x", 1) == 1);
    close(ends[1]);
    CHECK(fcntl(ends[0], F_SETFL, O_NONBLOCK) == 0);
    char byte;
    CHECK(read(ends[0], &byte, 1) == 1);
    CHECK_ERRNO(read(ends[0], &byte, 1), EAGAIN);            // a writer remains: no EOF yet
    close(second_writer);
    CHECK(read(ends[0], &byte, 1) == 0);
    close(ends[0]);
    return NULL;
}

static const char *epipe_when_sigpipe_ignored(void)
{
    int ends[2];
    CHECK(pipe(ends) == 0);
    close(ends[0]);
    signal(SIGPIPE, SIG_IGN);
    errno = 0;
    ssize_t written = write(ends[1], "x", 1);
    int error = errno;
    signal(SIGPIPE, SIG_DFL);
    close(ends[1]);
    CHECK(written == -1 && error == EPIPE);
    return NULL;
}

static const char *sigpipe_kills_by_default(void)
{
    int ends[2];
    CHECK(pipe(ends) == 0);
    close(ends[0]);
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        write(ends[1], "x", 1);
        _exit(0);                                           // not reached: SIGPIPE ends it
    }
    close(ends[1]);
    int status = tap_wait(pid);
    CHECK(status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE);
    return NULL;
}

static const char *nonblocking_empty_and_full(void)
{
    int ends[2];
    CHECK(pipe2(ends, O_NONBLOCK) == 0);
    char byte;
    CHECK_ERRNO(read(ends[0], &byte, 1), EAGAIN);
    static char block[PIPE_BUF];
    memset(block, 'p', sizeof block);
    size_t capacity = 0;
    for (;;) {
        ssize_t n = write(ends[1], block, sizeof block);
        if (n < 0) break;
        capacity += (size_t)n;
        CHECK(capacity <= (1u << 24));
    }
    CHECK(errno == EAGAIN);
    CHECK(capacity >= PIPE_BUF);
    // Full: a write of PIPE_BUF bytes or less writes nothing rather than a part.
    CHECK_ERRNO(write(ends[1], block, 1), EAGAIN);
    size_t drained = 0;
    ssize_t n;
    while ((n = read(ends[0], block, sizeof block)) > 0) drained += (size_t)n;
    CHECK(n == -1 && errno == EAGAIN);
    CHECK(drained == capacity);
    int unread = -1;
    CHECK(ioctl(ends[0], FIONREAD, &unread) == 0 && unread == 0);
    CHECK(write(ends[1], block, 100) == 100);
    CHECK(ioctl(ends[0], FIONREAD, &unread) == 0 && unread == 100);
    close(ends[0]);
    close(ends[1]);
    return NULL;
}

// Two children each write 256 records of PIPE_BUF bytes of their own letter; the reader must
// see whole records only.
static const char *pipe_buf_writes_are_atomic(void)
{
    int ends[2];
    CHECK(pipe(ends) == 0);
    pid_t writers[2];
    for (int w = 0; w < 2; w++) {
        writers[w] = tap_fork();
        CHECK(writers[w] >= 0);
        if (writers[w] == 0) {
            static char record[PIPE_BUF];
            memset(record, w ? 'B' : 'A', sizeof record);
            close(ends[0]);
            for (int i = 0; i < 256; i++)
                if (write(ends[1], record, sizeof record) != (ssize_t)sizeof record) _exit(1);
            _exit(0);
        }
    }
    close(ends[1]);
    static char record[PIPE_BUF];
    int counts[2] = { 0, 0 }, mixed = 0;
    while (read_fully(ends[0], record, sizeof record) == 0) {
        for (size_t i = 1; i < sizeof record; i++)
            if (record[i] != record[0]) { mixed++; break; }
        counts[record[0] == 'B']++;
    }
    close(ends[0]);
    CHECK(tap_exited_with(writers[0], 0));
    CHECK(tap_exited_with(writers[1], 0));
    if (mixed || counts[0] != 256 || counts[1] != 256)
        return tap_fail("%d mixed records; %d A records, %d B records", mixed, counts[0], counts[1]);
    return NULL;
}

static const char *sixteen_mib_intact(void)
{
    int ends[2];
    CHECK(pipe(ends) == 0);
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        static unsigned char chunk[4096];
        close(ends[0]);
        for (uint32_t i = 0; i < 4096; i++) {
            for (size_t j = 0; j < sizeof chunk; j++) chunk[j] = (unsigned char)(i * 7 + j);
            if (write(ends[1], chunk, sizeof chunk) != (ssize_t)sizeof chunk) _exit(1);
        }
        _exit(0);
    }
    close(ends[1]);
    // Read in odd sizes, so reads straddle the writer's chunks.
    static unsigned char buffer[3001];
    uint64_t at = 0;
    ssize_t n;
    while ((n = read(ends[0], buffer, sizeof buffer)) > 0) {
        for (ssize_t k = 0; k < n; k++, at++)
            if (buffer[k] != (unsigned char)((at / 4096) * 7 + at % 4096))
                return tap_fail("byte %llu differs", (unsigned long long)at);
    }
    close(ends[0]);
    CHECK(n == 0);
    CHECK(at == 16u << 20);
    CHECK(tap_exited_with(pid, 0));
    return NULL;
}

static const char *poll_states(void)
{
    int ends[2];
    CHECK(pipe(ends) == 0);
    struct pollfd fds[2] = { { ends[0], POLLIN, 0 }, { ends[1], POLLOUT, 0 } };
    CHECK(poll(fds, 2, 0) == 1);
    CHECK(fds[0].revents == 0 && fds[1].revents == POLLOUT);
    CHECK(write(ends[1], "x", 1) == 1);
    CHECK(poll(fds, 2, 0) == 2);
    CHECK(fds[0].revents == POLLIN);
    close(ends[1]);
    CHECK(poll(fds, 1, 0) == 1);
    CHECK(fds[0].revents & POLLHUP);                        // data and hang-up together
    char byte;
    CHECK(read(ends[0], &byte, 1) == 1);
    CHECK(poll(fds, 1, 0) == 1 && (fds[0].revents & POLLHUP) && !(fds[0].revents & POLLIN));
    close(ends[0]);

    CHECK(pipe(ends) == 0);
    close(ends[0]);
    struct pollfd writer = { ends[1], POLLOUT, 0 };
    CHECK(poll(&writer, 1, 0) == 1 && (writer.revents & POLLERR));   // no reader left
    close(ends[1]);
    struct pollfd closed = { ends[1], POLLIN, 0 };
    CHECK(poll(&closed, 1, 0) == 1 && closed.revents == POLLNVAL);
    // A negative descriptor is ignored; a timeout with nothing ready returns 0 after it.
    struct pollfd ignored = { -1, POLLIN, 7 };
    uint64_t start = tap_monotonic_ns();
    CHECK(poll(&ignored, 1, 50) == 0 && ignored.revents == 0);
    CHECK(tap_monotonic_ns() - start >= 45000000u);
    return NULL;
}

static const char *poll_wakes_for_another_process(void)
{
    int ends[2];
    CHECK(pipe(ends) == 0);
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        struct timespec pause = { 0, 50000000 };
        nanosleep(&pause, NULL);
        _exit(write(ends[1], "w", 1) == 1 ? 0 : 1);
    }
    struct pollfd reader = { ends[0], POLLIN, 0 };
    int ready = poll(&reader, 1, 10000);
    char byte = 0;
    CHECK(ready == 1 && reader.revents == POLLIN);
    CHECK(read(ends[0], &byte, 1) == 1 && byte == 'w');
    CHECK(tap_exited_with(pid, 0));
    close(ends[0]);
    close(ends[1]);
    return NULL;
}

static const char *select_on_pipes(void)
{
    int ends[2];
    CHECK(pipe(ends) == 0);
    fd_set readable, writable;
    FD_ZERO(&readable);
    FD_ZERO(&writable);
    FD_SET(ends[0], &readable);
    FD_SET(ends[1], &writable);
    struct timeval zero = { 0, 0 };
    int top = (ends[0] > ends[1] ? ends[0] : ends[1]) + 1;
    CHECK(select(top, &readable, &writable, NULL, &zero) == 1);
    CHECK(!FD_ISSET(ends[0], &readable) && FD_ISSET(ends[1], &writable));
    // Nothing to read: the timeout elapses and select says so with 0 and empty sets.
    FD_ZERO(&readable);
    FD_SET(ends[0], &readable);
    struct timeval wait = { 0, 50000 };
    uint64_t start = tap_monotonic_ns();
    CHECK(select(top, &readable, NULL, NULL, &wait) == 0);
    CHECK(tap_monotonic_ns() - start >= 45000000u);
    CHECK(!FD_ISSET(ends[0], &readable));
    CHECK(write(ends[1], "x", 1) == 1);
    FD_SET(ends[0], &readable);
    zero = (struct timeval){ 0, 0 };
    CHECK(select(top, &readable, NULL, NULL, &zero) == 1 && FD_ISSET(ends[0], &readable));
    // pselect with a NULL timeout returns at once when something is ready.
    CHECK(pselect(top, &readable, NULL, NULL, NULL, NULL) == 1);
    close(ends[0]);
    close(ends[1]);
    FD_ZERO(&readable);
    FD_SET(ends[0], &readable);
    zero = (struct timeval){ 0, 0 };
    CHECK_ERRNO(select(top, &readable, NULL, NULL, &zero), EBADF);
    return NULL;
}

static const char *blocking_read_waits_for_writer(void)
{
    int ends[2];
    CHECK(pipe(ends) == 0);
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        struct timespec pause = { 0, 30000000 };
        nanosleep(&pause, NULL);
        _exit(write(ends[1], "late", 4) == 4 ? 0 : 1);
    }
    close(ends[1]);
    char buffer[8];
    CHECK(read(ends[0], buffer, sizeof buffer) == 4 && memcmp(buffer, "late", 4) == 0);
    CHECK(read(ends[0], buffer, sizeof buffer) == 0);
    close(ends[0]);
    CHECK(tap_exited_with(pid, 0));
    return NULL;
}

static const char *pipe2_flags(void)
{
    int ends[2];
    CHECK(pipe2(ends, O_CLOEXEC | O_NONBLOCK) == 0);
    for (int i = 0; i < 2; i++) {
        CHECK(fcntl(ends[i], F_GETFD) == FD_CLOEXEC);
        CHECK(fcntl(ends[i], F_GETFL) & O_NONBLOCK);
    }
    CHECK((fcntl(ends[0], F_GETFL) & O_ACCMODE) == O_RDONLY);
    CHECK((fcntl(ends[1], F_GETFL) & O_ACCMODE) == O_WRONLY);
    close(ends[0]);
    close(ends[1]);
    CHECK(pipe2(ends, 0) == 0);
    CHECK(fcntl(ends[0], F_GETFD) == 0 && !(fcntl(ends[1], F_GETFL) & O_NONBLOCK));
    close(ends[0]);
    close(ends[1]);
    CHECK_ERRNO(pipe2(ends, O_APPEND), EINVAL);
    return NULL;
}

static const char *fifo_in_the_file_system(void)
{
    CHECK(mkfifo("fifo", 0600) == 0);
    struct stat status;
    CHECK(stat("fifo", &status) == 0 && S_ISFIFO(status.st_mode));
    CHECK_ERRNO(mkfifo("fifo", 0600), EEXIST);
    // With no reader, a nonblocking open for writing fails ENXIO; for reading it succeeds.
    CHECK_ERRNO(open("fifo", O_WRONLY | O_NONBLOCK), ENXIO);
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        int fd = open("fifo", O_WRONLY);                    // blocks until the parent opens to read
        _exit(fd >= 0 && write(fd, "through", 7) == 7 ? 0 : 1);
    }
    int fd = open("fifo", O_RDONLY);
    CHECK(fd >= 0);
    char buffer[16];
    CHECK(read_fully(fd, buffer, 7) == 0 && memcmp(buffer, "through", 7) == 0);
    CHECK(read(fd, buffer, sizeof buffer) == 0);
    close(fd);
    CHECK(tap_exited_with(pid, 0));
    CHECK(unlink("fifo") == 0);
    return NULL;
}

static const struct tap_check checks[] = {
    { "a pipe carries bytes in order, a read returns what is there; S_ISFIFO, ESPIPE for lseek and pread, EBADF the wrong way", bytes_in_order },
    { "read returns 0 only once every write end (dup included) is closed", end_of_file_after_every_writer_closed },
    { "write with no reader fails with EPIPE when SIGPIPE is ignored", epipe_when_sigpipe_ignored },
    { "write with no reader kills the writer with SIGPIPE by default", sigpipe_kills_by_default },
    { "O_NONBLOCK: EAGAIN on an empty pipe, and on a full one even for one byte; the capacity drains back; FIONREAD", nonblocking_empty_and_full },
    { "writes of PIPE_BUF bytes from two processes are atomic: 512 whole records, none mixed", pipe_buf_writes_are_atomic },
    { "16 MiB from a child through a pipe in 4 KiB writes arrives intact, read in 3001-byte pieces", sixteen_mib_intact },
    { "poll: POLLOUT on an empty pipe, POLLIN with data, POLLHUP after the writer closes, POLLERR without reader, POLLNVAL, timeout", poll_states },
    { "poll wakes when another process writes to the pipe", poll_wakes_for_another_process },
    { "select and pselect on pipes: writable, readable after a write, the timeout elapses, EBADF for a closed descriptor", select_on_pipes },
    { "a blocking read waits for a writer in another process, then gets EOF", blocking_read_waits_for_writer },
    { "pipe2 sets O_CLOEXEC and O_NONBLOCK on both ends, and refuses other flags with EINVAL", pipe2_flags },
    { "mkfifo makes a FIFO that joins a writer and a reader; ENXIO opening it to write, nonblocking, without a reader", fifo_in_the_file_system },
};

int main(int argc, char **argv)
{
    return tap_main(argc, argv, checks, sizeof checks / sizeof checks[0]);
}
