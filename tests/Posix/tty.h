// The terminal the tty_*.c programs test, and how they type at it (after tap.h).
//
// On Linux (the host): a fresh pseudo-terminal pair for each check (posix_openpt): keys go in
// through the master, and the terminal's echo comes out of it, so checks see it byte for byte.
// On Lunix, which has no pseudo-terminals, the terminal is the serial console /dev/ttyS0: keys
// are asked for with a "# type: KEYS" line (C escapes), which the machine's runner answers by
// typing them into COM1 (Boot/GuestKeys.cs), and the echo goes to the wire, where the boot tests
// check it; a check's echo comparison is skipped there (tty_echo_is).
#ifndef LUNIX_POSIX_TTY_H
#define LUNIX_POSIX_TTY_H

#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>

static int tty_master = -1;
static char tty_path[64];

// A terminal for the next check; 0, or -1 when there is none.
static __attribute__((unused)) int tty_fresh(void)
{
    if (tty_master >= 0) close(tty_master);
    tty_master = posix_openpt(O_RDWR | O_NOCTTY);
    if (tty_master >= 0) {
        char *name = grantpt(tty_master) == 0 && unlockpt(tty_master) == 0 ? ptsname(tty_master) : NULL;
        if (name == NULL) return -1;
        snprintf(tty_path, sizeof tty_path, "%s", name);
        return 0;
    }
    snprintf(tty_path, sizeof tty_path, "/dev/ttyS0");
    return 0;
}

// Linux's defaults (tty_std_termios), so that every check starts from them.
static __attribute__((unused)) int tty_set_defaults(int fd)
{
    struct termios t;
    if (tcgetattr(fd, &t) != 0) return -1;
    t.c_iflag = ICRNL | IXON;
    t.c_oflag = OPOST | ONLCR;
    t.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
    static const unsigned char cc[] = { [VINTR] = 3, [VQUIT] = 0x1c, [VERASE] = 0x7f, [VKILL] = 0x15, [VEOF] = 4,
                                        [VTIME] = 0, [VMIN] = 1, [VSTART] = 0x11, [VSTOP] = 0x13, [VSUSP] = 0x1a,
                                        [VEOL] = 0, [VREPRINT] = 0x12, [VDISCARD] = 0x0f, [VWERASE] = 0x17,
                                        [VLNEXT] = 0x16, [VEOL2] = 0 };
    memcpy(t.c_cc, cc, sizeof cc);
    return tcsetattr(fd, TCSAFLUSH, &t);
}

// The terminal opened (flags beside O_RDWR), with Linux's defaults.
static __attribute__((unused)) int tty_open(int flags)
{
    int fd = open(tty_path, O_RDWR | flags);
    if (fd >= 0 && tty_set_defaults(fd) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

// Types `length` bytes at the terminal.
static __attribute__((unused)) void tty_type(const char *keys, size_t length)
{
    if (tty_master >= 0) {
        if (write(tty_master, keys, length) != (ssize_t)length) printf("# typing failed: %s\n", strerror(errno));
        return;
    }
    char line[512];
    size_t at = (size_t)snprintf(line, sizeof line, "# type: ");
    for (size_t i = 0; i < length && at < sizeof line - 6; i++) {
        unsigned char c = (unsigned char)keys[i];
        if (c == '\r') at += (size_t)snprintf(line + at, sizeof line - at, "\\r");
        else if (c == '\n') at += (size_t)snprintf(line + at, sizeof line - at, "\\n");
        else if (c == '\\') at += (size_t)snprintf(line + at, sizeof line - at, "\\\\");
        else if (c < 0x20 || c >= 0x7f) at += (size_t)snprintf(line + at, sizeof line - at, "\\x%02x", c);
        else line[at++] = (char)c;
    }
    line[at] = 0;
    // A newline first: the echo of what was typed before may have left a line open ("lost^C"),
    // and the runner answers only a line that starts with the request.
    printf("\n%s\n", line);
    fflush(stdout);
}

#define TTY_TYPE(keys) tty_type(keys, sizeof keys - 1)

// Waits up to 30 s (the runner may be slow) until at least `count` bytes can be read.
static __attribute__((unused)) int tty_wait_input(int fd, int count)
{
    for (int waited = 0; waited < 30000; waited += 10) {
        int ready = 0;
        if (ioctl(fd, FIONREAD, &ready) != 0) return -1;
        if (ready >= count) return 0;
        usleep(10000);
    }
    return -1;
}

// What the terminal sent since the last call (its echo, a program's output): collected until
// it has been quiet for 200 ms. Empty where there is no master.
static __attribute__((unused)) size_t tty_output(char *buffer, size_t size)
{
    size_t length = 0;
    if (tty_master < 0) return 0;
    struct pollfd p = { .fd = tty_master, .events = POLLIN };
    while (length < size - 1 && poll(&p, 1, 200) == 1 && (p.revents & POLLIN)) {
        ssize_t got = read(tty_master, buffer + length, size - 1 - length);
        if (got <= 0) break;
        length += (size_t)got;
    }
    buffer[length] = 0;
    return length;
}

// Whether the terminal's output since the last look is exactly `expected` (always, on Lunix).
static __attribute__((unused)) int tty_echo_is(const char *expected, size_t length)
{
    char seen[1024];
    if (tty_master < 0) return 1;
    size_t got = tty_output(seen, sizeof seen);
    return got == length && memcmp(seen, expected, length) == 0;
}

#define TTY_ECHO_IS(expected) tty_echo_is(expected, sizeof expected - 1)

// A read that must return `expected` exactly.
static __attribute__((unused)) int tty_read_is(int fd, const char *expected, size_t length)
{
    char buffer[256];
    ssize_t got = read(fd, buffer, sizeof buffer);
    return got == (ssize_t)length && memcmp(buffer, expected, length) == 0;
}

#define TTY_READ_IS(fd, expected) tty_read_is(fd, expected, sizeof expected - 1)

#endif
