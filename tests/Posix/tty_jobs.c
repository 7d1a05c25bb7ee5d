// Job control on a terminal as busybox ash uses it: a session leader's open makes the
// terminal its controlling terminal; ^C, ^Z and ^\ signal the foreground process group; a
// background job's read gets SIGTTIN (EIO when ignored); TIOCSPGRP moves the foreground, and a
// background tcsetpgrp with SIGTTOU blocked succeeds (ash handing the terminal back to itself);
// SIGWINCH on a window-size change; a session leader's exit hangs up its foreground group and
// frees the terminal. Each check runs in a child that makes a session of its
// own, and talks to the parent, who types, through a pipe (tty.h).
#include "tap.h"
#include "tty.h"

static volatile sig_atomic_t caught[NSIG];

static void note(int signal_number) { caught[signal_number]++; }

static void catch_without_restart(int signal_number)
{
    struct sigaction action = { .sa_handler = note };
    sigemptyset(&action.sa_mask);
    sigaction(signal_number, &action, NULL);
}

// The child's side: a new session whose controlling terminal is the terminal under test.
static int leader_open(void)
{
    if (setsid() < 0) return -1;
    return tty_open(0);
}

// One byte from the other side, or -1 after 30 s.
static int await_byte(int fd)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };
    char c;
    if (poll(&p, 1, 30000) != 1 || read(fd, &c, 1) != 1) return -1;
    return c;
}

static void say(int fd, char c)
{
    if (write(fd, &c, 1) != 1) _exit(90);
}

// The child runs `body` (its exit status: 0 passed, else the failed step); the parent types
// `keys[i]` each time the child says 'T', until it exits.
static const char *run_child(int (*body)(int to_parent), const char *const *keys)
{
    CHECK(tty_fresh() == 0);
    int pipe_fds[2];
    CHECK(pipe(pipe_fds) == 0);
    pid_t child = tap_fork();
    CHECK(child >= 0);
    if (child == 0) {
        close(pipe_fds[0]);
        _exit(body(pipe_fds[1]));
    }
    close(pipe_fds[1]);
    for (int i = 0; await_byte(pipe_fds[0]) == 'T'; i++) {
        if (keys == NULL || keys[i] == NULL) break;
        tty_type(keys[i], strlen(keys[i]));
    }
    close(pipe_fds[0]);
    int status = tap_wait(child);
    CHECK(status != -1);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return tap_fail("the child %s %d", WIFEXITED(status) ? "failed at step" : "was killed by signal",
                        WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    return NULL;
}

static int controlling_body(int to_parent)
{
    (void)to_parent;
    int fd = leader_open();
    if (fd < 0) return 1;
    if (tcgetpgrp(fd) != getpid()) return 2;
    if (tcgetsid(fd) != getpid()) return 3;
    int other = open("/dev/tty", O_RDWR);
    if (other < 0) return 4;
    return 0;
}

static const char *controlling(void) { return run_child(controlling_body, NULL); }

// Waits up to 10 s for a signal to have been caught `count` times.
static int awaited(int signal_number, int count)
{
    for (int i = 0; i < 1000 && caught[signal_number] < count; i++) usleep(10000);
    return caught[signal_number] == count;
}

// The signal comes when the key is typed, whether or not a read waits (a read it interrupts
// ends with EINTR, which is PM's and VFS's part); the line typed before ^C is gone.
static int interrupt_body(int to_parent)
{
    catch_without_restart(SIGINT);
    int fd = leader_open();
    if (fd < 0) return 1;
    say(to_parent, 'T');                                        // "lost" and ^C
    if (!awaited(SIGINT, 1)) return 2;
    say(to_parent, 'T');                                        // "kept"
    if (!TTY_READ_IS(fd, "kept\n")) return 3;
    return 0;
}

static const char *interrupt(void)
{
    static const char *const keys[] = { "lost\x03", "kept\n", NULL };
    return run_child(interrupt_body, keys);
}

static int stop_and_quit_body(int to_parent)
{
    catch_without_restart(SIGTSTP);
    catch_without_restart(SIGQUIT);
    int fd = leader_open();
    if (fd < 0) return 1;
    say(to_parent, 'T');
    if (!awaited(SIGTSTP, 1)) return 2;
    say(to_parent, 'T');
    if (!awaited(SIGQUIT, 1)) return 3;
    if (!TTY_READ_IS(fd, "\n")) return 4;                     // the Enter typed after ^\ (stop_and_quit)
    return 0;
}

static const char *stop_and_quit(void)
{
    // The Enter after ^\ ends the echo's line (on Lunix the echo shares the console with the
    // TAP lines); the child reads that empty line, so the next check starts with no input.
    static const char *const keys[] = { "\x1a", "\x1c\n", NULL };
    return run_child(stop_and_quit_body, keys);
}

// A job of the session in a background group of its own: its read raises SIGTTIN (the
// handler runs, the read ends with EINTR), or fails with EIO once SIGTTIN is ignored.
static int background_job(int fd)
{
    setpgid(0, 0);
    catch_without_restart(SIGTTIN);
    char buffer[8];
    errno = 0;
    if (read(fd, buffer, sizeof buffer) != -1 || errno != EINTR || caught[SIGTTIN] != 1) return 10;
    signal(SIGTTIN, SIG_IGN);
    errno = 0;
    if (read(fd, buffer, sizeof buffer) != -1 || errno != EIO) return 11;
    return 0;
}

// ash's job control: a job in a group of its own is in the background until the shell gives it
// the terminal (TIOCSPGRP); the shell, in the background then, takes it back with SIGTTOU
// blocked.
static int foreground_body(int to_parent)
{
    (void)to_parent;
    int fd = leader_open();
    if (fd < 0) return 1;
    pid_t job = fork();
    if (job == 0) _exit(background_job(fd));
    if (job < 0) return 2;
    setpgid(job, job);
    int status = tap_wait(job);
    if (status == -1 || !WIFEXITED(status)) return 3;
    if (WEXITSTATUS(status) != 0) return WEXITSTATUS(status);
    job = fork();
    if (job == 0) {
        setpgid(0, 0);
        pause();
        _exit(0);
    }
    if (job < 0) return 4;
    setpgid(job, job);
    if (tcsetpgrp(fd, job) != 0 || tcgetpgrp(fd) != job) return 5;
    sigset_t ttou;
    sigemptyset(&ttou);
    sigaddset(&ttou, SIGTTOU);
    sigprocmask(SIG_BLOCK, &ttou, NULL);
    if (tcsetpgrp(fd, getpgrp()) != 0 || tcgetpgrp(fd) != getpid()) return 6;
    kill(job, SIGKILL);
    return tap_wait(job) == -1 ? 7 : 0;
}

static const char *foreground(void) { return run_child(foreground_body, NULL); }

static int window_change_body(int to_parent)
{
    (void)to_parent;
    catch_without_restart(SIGWINCH);
    int fd = leader_open();
    if (fd < 0) return 1;
    struct winsize size = { .ws_row = 30, .ws_col = 100 };
    if (ioctl(fd, TIOCSWINSZ, &size) != 0) return 2;
    for (int i = 0; i < 100 && caught[SIGWINCH] == 0; i++) usleep(10000);
    return caught[SIGWINCH] == 1 ? 0 : 3;
}

static const char *window_change(void) { return run_child(window_change_body, NULL); }

// A session leader's exit (Linux's disassociate_ctty): the terminal's foreground group gets
// SIGHUP, and the terminal is no session's any more, though a member of the old session keeps
// it open, so another session leader's open makes it its controlling terminal.
static int leader_exit_body(int to_parent)
{
    (void)to_parent;
    int hangups[2];
    if (pipe(hangups) != 0) return 1;
    catch_without_restart(SIGHUP);                              // inherited by the member
    pid_t leader = fork();
    if (leader < 0) return 2;
    if (leader == 0) {
        if (leader_open() < 0) _exit(1);
        pid_t member = fork();                                  // of the leader's (foreground) group
        if (member < 0) _exit(2);
        if (member == 0) {
            for (int i = 0; i < 1000 && caught[SIGHUP] == 0; i++) usleep(10000);
            char seen = caught[SIGHUP] == 1 ? 'H' : 'N';
            if (write(hangups[1], &seen, 1) != 1) _exit(3);
            _exit(0);
        }
        _exit(0);
    }
    close(hangups[1]);
    int status;
    if (waitpid(leader, &status, 0) != leader || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return 3;
    char seen = 0;
    if (read(hangups[0], &seen, 1) != 1 || seen != 'H') return 4;
    pid_t next = fork();
    if (next < 0) return 5;
    if (next == 0) {
        int fd = leader_open();
        _exit(fd >= 0 && tcgetsid(fd) == getpid() ? 0 : 1);
    }
    if (waitpid(next, &status, 0) != next || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return 6;
    return 0;
}

static const char *leader_exit(void) { return run_child(leader_exit_body, NULL); }

static const char *not_controlling(void)
{
    CHECK(tty_fresh() == 0);
    if (tty_master < 0) return NULL;        // on Lunix, init's console may be its controlling terminal
    int fd = tty_open(O_NOCTTY);
    CHECK(fd >= 0);
    CHECK_ERRNO(tcgetpgrp(fd), ENOTTY);
    close(fd);
    return NULL;
}

int main(int argc, char **argv)
{
    static const struct tap_check checks[] = {
        { "a session leader's open makes the terminal its controlling terminal; /dev/tty opens it", controlling },
        { "^C sends SIGINT to the foreground group and throws the typed line away", interrupt },
        { "^Z sends SIGTSTP and ^\\ sends SIGQUIT to the foreground group", stop_and_quit },
        { "a background job's read gets SIGTTIN, or EIO when ignored; TIOCSPGRP gives it the terminal; with SIGTTOU blocked the shell takes it back", foreground },
        { "a window-size change sends SIGWINCH to the foreground group", window_change },
        { "a session leader's exit sends SIGHUP to the foreground group and frees the terminal for another session", leader_exit },
        { "tcgetpgrp on a terminal that is not the caller's controlling terminal fails with ENOTTY", not_controlling },
    };
    return tap_main(argc, argv, checks, sizeof checks / sizeof checks[0]);
}
