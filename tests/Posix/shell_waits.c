// How busybox's shell and init wait for their children, call for call (ash's waitproc and
// init's waitfor): a background child that execs a program, reaped by waitpid(-1, WNOHANG)
// and sigsuspend with every signal blocked until the SIGCHLD handler has run; a child reaped
// by wait(NULL), after which kill(pid, 0) no longer finds it. A shell's `wait`, and init
// going on from its sysinit script to the console shell, stand on exactly these.
#include "tap.h"

static volatile sig_atomic_t got_sigchld;

static void on_sigchld(int signal)
{
    (void)signal;
    got_sigchld = 1;
}

// ash's dowait(DOWAIT_BLOCK_OR_SIG): the reaped pid, 0 never.
static pid_t wait_block_or_sig(int *status)
{
    for (;;) {
        got_sigchld = 0;
        pid_t pid;
        do
            pid = waitpid(-1, status, WNOHANG);
        while (pid < 0 && errno == EINTR);
        if (pid != 0) return pid;
        sigset_t all, old;
        sigfillset(&all);
        sigprocmask(SIG_SETMASK, &all, &old);
        while (!got_sigchld)
            sigsuspend(&old);
        sigprocmask(SIG_SETMASK, &old, NULL);
    }
}

static pid_t spawn_true(void)
{
    pid_t pid = tap_fork();
    if (pid == 0) {
        execl("/bin/true", "true", (char *)NULL);
        _exit(127);
    }
    return pid;
}

// ash's background subshell, as strace shows it on Linux: it ignores SIGINT, reads /dev/null
// and ends (here with 3).
static pid_t spawn_subshell(void)
{
    pid_t pid = tap_fork();
    if (pid == 0) {
        signal(SIGINT, SIG_IGN);
        close(0);
        if (open("/dev/null", O_RDONLY) != 0) _exit(1);
        _exit(3);
    }
    return pid;
}

// 20 children from `spawn`, each reaped by ash's wait with `handler_mask` as its SIGCHLD
// handler's sa_mask; half the time the child has ended already.
static const char *ash_waits(const sigset_t *handler_mask, pid_t (*spawn)(void), int code)
{
    struct sigaction action = { .sa_handler = on_sigchld, .sa_mask = *handler_mask };
    CHECK(sigaction(SIGCHLD, &action, NULL) == 0);
    for (int round = 0; round < 20; round++) {
        pid_t pid = spawn();
        CHECK(pid > 0);
        if (round % 2) usleep(20000);
        int status = -1;
        CHECK(wait_block_or_sig(&status) == pid);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == code);
    }
    CHECK(waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD);
    signal(SIGCHLD, SIG_DFL);
    return NULL;
}

static const char *ash_waits_for_a_background_program(void)
{
    sigset_t none;
    sigemptyset(&none);
    return ash_waits(&none, spawn_true, 0);
}

// ash's own handler, as strace shows it on Linux: it blocks every signal and does not restart
// calls.
static const char *ash_waits_for_a_background_subshell(void)
{
    sigset_t all;
    sigfillset(&all);
    return ash_waits(&all, spawn_subshell, 3);
}

static const char *init_waits_for_its_sysinit_program(void)
{
    sigset_t all, old;
    sigfillset(&all);
    CHECK(sigprocmask(SIG_BLOCK, &all, &old) == 0);   // init keeps its signals blocked
    for (int round = 0; round < 20; round++) {
        pid_t pid = spawn_true();
        CHECK(pid > 0);
        if (round % 2) usleep(20000);
        CHECK(wait(NULL) == pid);
        CHECK(kill(pid, 0) == -1 && errno == ESRCH);  // reaped: gone
    }
    CHECK(wait(NULL) == -1 && errno == ECHILD);
    CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
    return NULL;
}

static const char *a_zombie_is_still_found_by_kill(void)
{
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) _exit(0);
    siginfo_t info;
    CHECK(waitid(P_PID, pid, &info, WEXITED | WNOWAIT) == 0);   // it has ended, not reaped
    CHECK(kill(pid, 0) == 0);
    CHECK(tap_exited_with(pid, 0));
    CHECK(kill(pid, 0) == -1 && errno == ESRCH);
    return NULL;
}

static const struct tap_check checks[] = {
    { "ash's wait: waitpid(-1, WNOHANG) and sigsuspend until its SIGCHLD handler ran, 20 programs", ash_waits_for_a_background_program },
    { "ash's wait for a subshell: its SIGCHLD handler blocks everything, the child reads /dev/null and exits 3", ash_waits_for_a_background_subshell },
    { "init's waitfor: wait(NULL) with every signal blocked, then kill(pid, 0) is ESRCH, 20 programs", init_waits_for_its_sysinit_program },
    { "an ended child not yet reaped is found by kill(pid, 0); reaped, it is not", a_zombie_is_still_found_by_kill },
};

int main(int argc, char **argv)
{
    return tap_main(argc, argv, checks, sizeof checks / sizeof checks[0]);
}
