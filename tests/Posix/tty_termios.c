// The terminal's line discipline as a program sees it: Linux's default termios, canonical
// reads with erase, kill and word erase and their echo, ^D, raw reads by VMIN and VTIME,
// the flush and drain forms of tcsetattr, window size, and ENOTTY off a terminal. Keys are
// typed at a pseudo-terminal on the host, at the serial console on Lunix (tty.h).
#include "tap.h"
#include "tty.h"

// Each check: a fresh terminal opened with Linux's defaults, no controlling terminal taken.
static int fresh(void)
{
    if (tty_fresh() != 0) return -1;
    int fd = tty_open(O_NOCTTY);
    char discard[256];
    tty_output(discard, sizeof discard);
    return fd;
}

static const char *defaults(void)
{
    int fd = open(tty_fresh() == 0 ? tty_path : "/", O_RDWR | O_NOCTTY);
    CHECK(fd >= 0);
    struct termios t;
    CHECK(tcgetattr(fd, &t) == 0);
    close(fd);
    if (tty_master < 0) return NULL;        // the console may have been set by an earlier program
    CHECK(t.c_iflag == (ICRNL | IXON));
    CHECK(t.c_oflag == (OPOST | ONLCR));
    CHECK(t.c_lflag == (ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN));
    CHECK(t.c_cc[VINTR] == 3 && t.c_cc[VQUIT] == 0x1c && t.c_cc[VERASE] == 0x7f && t.c_cc[VKILL] == 0x15);
    CHECK(t.c_cc[VEOF] == 4 && t.c_cc[VMIN] == 1 && t.c_cc[VTIME] == 0 && t.c_cc[VSUSP] == 0x1a && t.c_cc[VWERASE] == 0x17);
    return NULL;
}

static const char *erase_and_kill(void)
{
    int fd = fresh();
    CHECK(fd >= 0);
    TTY_TYPE("wrong\x15hx\x7f" "ello\n");
    CHECK(TTY_READ_IS(fd, "hello\n"));
    CHECK(TTY_ECHO_IS("wrong\b \b\b \b\b \b\b \b\b \bhx\b \bello\r\n"));
    close(fd);
    return NULL;
}

static const char *word_erase(void)
{
    int fd = fresh();
    CHECK(fd >= 0);
    TTY_TYPE("echo foo\x17" "bar\bz\n");
    CHECK(TTY_READ_IS(fd, "echo bar\bz\n"));
    CHECK(TTY_ECHO_IS("echo foo\b \b\b \b\b \bbar^Hz\r\n"));
    close(fd);
    return NULL;
}

static const char *end_of_file(void)
{
    int fd = fresh();
    CHECK(fd >= 0);
    TTY_TYPE("\x04");
    char buffer[16];
    CHECK(read(fd, buffer, sizeof buffer) == 0);
    // The line ^D ended leaves nothing behind: the Enter after it ends an empty line. (On Lunix
    // the Enter also ends the echo's line on the console, which the next TAP line shares.)
    TTY_TYPE("abc\x04\r");
    CHECK(TTY_READ_IS(fd, "abc"));
    CHECK(TTY_READ_IS(fd, "\n"));
    CHECK(TTY_ECHO_IS("abc\r\n"));
    close(fd);
    return NULL;
}

static const char *partial_reads(void)
{
    int fd = fresh();
    CHECK(fd >= 0);
    TTY_TYPE("abcdef\r");
    char buffer[3];
    CHECK(read(fd, buffer, 3) == 3 && memcmp(buffer, "abc", 3) == 0);
    CHECK(TTY_READ_IS(fd, "def\n"));
    close(fd);
    return NULL;
}

static int set_raw(int fd, int echo, int min, int time)
{
    struct termios t;
    if (tcgetattr(fd, &t) != 0) return -1;
    t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    if (echo) t.c_lflag |= ECHO;
    t.c_cc[VMIN] = (cc_t)min;
    t.c_cc[VTIME] = (cc_t)time;
    return tcsetattr(fd, TCSANOW, &t);
}

static const char *raw_byte(void)
{
    int fd = fresh();
    CHECK(fd >= 0);
    CHECK(set_raw(fd, 0, 1, 0) == 0);
    TTY_TYPE("q");
    CHECK(TTY_READ_IS(fd, "q"));
    CHECK(TTY_ECHO_IS(""));
    close(fd);
    return NULL;
}

static const char *raw_timeout(void)
{
    int fd = fresh();
    CHECK(fd >= 0);
    CHECK(set_raw(fd, 0, 0, 3) == 0);
    char buffer[8];
    uint64_t start = tap_monotonic_ns();
    CHECK(read(fd, buffer, sizeof buffer) == 0);
    uint64_t took = (tap_monotonic_ns() - start) / 1000000;
    CHECK(took >= 250 && took < 3000);
    close(fd);
    return NULL;
}

static const char *reads_that_do_not_wait(void)
{
    int fd = fresh();
    CHECK(fd >= 0);
    CHECK(set_raw(fd, 0, 0, 0) == 0);
    char buffer[8];
    CHECK(read(fd, buffer, sizeof buffer) == 0);
    CHECK(tty_set_defaults(fd) == 0);
    CHECK(fcntl(fd, F_SETFL, O_NONBLOCK) == 0);
    CHECK_ERRNO(read(fd, buffer, sizeof buffer), EAGAIN);
    close(fd);
    return NULL;
}

static const char *flush_on_set(void)
{
    int fd = fresh();
    CHECK(fd >= 0);
    TTY_TYPE("junk\n");
    CHECK(tty_wait_input(fd, 5) == 0);
    struct termios t;
    CHECK(tcgetattr(fd, &t) == 0);
    CHECK(tcsetattr(fd, TCSAFLUSH, &t) == 0);
    int left = -1;
    CHECK(ioctl(fd, FIONREAD, &left) == 0 && left == 0);
    close(fd);
    return NULL;
}

static const char *drain_on_set(void)
{
    int fd = fresh();
    CHECK(fd >= 0);
    CHECK(write(fd, "drained\n", 8) == 8);
    struct termios t;
    CHECK(tcgetattr(fd, &t) == 0);
    t.c_lflag &= ~(tcflag_t)ECHO;
    CHECK(tcsetattr(fd, TCSADRAIN, &t) == 0);
    CHECK(tcdrain(fd) == 0);
    CHECK(tcgetattr(fd, &t) == 0 && (t.c_lflag & ECHO) == 0);
    CHECK(TTY_ECHO_IS("drained\r\n"));
    close(fd);
    return NULL;
}

static const char *window_size(void)
{
    int fd = fresh();
    CHECK(fd >= 0);
    struct winsize size = { .ws_row = 24, .ws_col = 80 };
    CHECK(ioctl(fd, TIOCSWINSZ, &size) == 0);
    memset(&size, 0, sizeof size);
    CHECK(ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_row == 24 && size.ws_col == 80);
    close(fd);
    return NULL;
}

static const char *not_a_terminal(void)
{
    int pipe_fds[2];
    CHECK(pipe(pipe_fds) == 0);
    struct termios t;
    CHECK_ERRNO(tcgetattr(pipe_fds[0], &t), ENOTTY);
    CHECK(!isatty(pipe_fds[1]) && errno == ENOTTY);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    return NULL;
}

int main(int argc, char **argv)
{
    static const struct tap_check checks[] = {
        { "a fresh terminal has Linux's default termios", defaults },
        { "a canonical read returns the line with kill and erase applied, each erased character echoed as \\b \\b", erase_and_kill },
        { "^W erases the last word; ^H is an ordinary character, echoed as ^H", word_erase },
        { "^D at a line's start reads as end of file; after text it ends the line, itself not read", end_of_file },
        { "a read takes what it asks of a line; the rest comes with the next read; Enter is '\\n' (ICRNL)", partial_reads },
        { "raw mode with VMIN 1 returns a byte as it is typed, not echoed without ECHO", raw_byte },
        { "VMIN 0 VTIME 3 returns nothing after about 0.3 s", raw_timeout },
        { "VMIN 0 VTIME 0 returns at once; a nonblocking canonical read with no line fails with EAGAIN", reads_that_do_not_wait },
        { "tcsetattr TCSAFLUSH (TCSETSF) throws typed input away", flush_on_set },
        { "tcsetattr TCSADRAIN (TCSETSW) applies the settings after the output went out", drain_on_set },
        { "TIOCSWINSZ sets the window size TIOCGWINSZ reads", window_size },
        { "tcgetattr and isatty off a terminal fail with ENOTTY", not_a_terminal },
    };
    return tap_main(argc, argv, checks, sizeof checks / sizeof checks[0]);
}
