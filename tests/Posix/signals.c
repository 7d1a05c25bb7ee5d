// Signals: sigaction and its flags, masks and pending signals, queued real-time signals, kill
// to oneself and to a child, SIGCHLD, sigsuspend, alarm and timers, EINTR and SA_RESTART,
// sigaltstack, stop and continue, and siglongjmp out of a handler.
#include "tap.h"
#include <setjmp.h>
#include <sys/time.h>

static volatile sig_atomic_t deliveries;
static volatile sig_atomic_t last_signal;
static volatile sig_atomic_t blocked_inside;     // the handled signal was blocked while it ran
static volatile sig_atomic_t other_blocked_inside;
static siginfo_t last_info;

static void count(int signal)
{
    deliveries++;
    last_signal = signal;
    sigset_t now;
    sigprocmask(SIG_SETMASK, NULL, &now);
    blocked_inside = sigismember(&now, signal);
    other_blocked_inside = sigismember(&now, SIGUSR2);
}

static void record_info(int signal, siginfo_t *info, void *context)
{
    (void)context;
    deliveries++;
    last_signal = signal;
    last_info = *info;
}

static int install(int signal, void (*handler)(int), int flags)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    action.sa_flags = flags;
    sigemptyset(&action.sa_mask);
    return sigaction(signal, &action, NULL);
}

static void block(int how, int signal)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signal);
    sigprocmask(how, &set, NULL);
}

static const char *handler_runs_before_kill_returns(void)
{
    deliveries = 0;
    CHECK(install(SIGUSR1, count, 0) == 0);
    CHECK(kill(getpid(), SIGUSR1) == 0);
    CHECK(deliveries == 1 && last_signal == SIGUSR1);
    CHECK(raise(SIGUSR1) == 0);
    CHECK(deliveries == 2);
    CHECK(syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1) == 0);
    CHECK(deliveries == 3);
    CHECK(kill(getpid(), 0) == 0);                          // signal 0: a check only
    CHECK(deliveries == 3);
    signal(SIGUSR1, SIG_DFL);
    return NULL;
}

static const char *sigaction_returns_old_action_and_refuses(void)
{
    struct sigaction action, old;
    memset(&action, 0, sizeof action);
    action.sa_handler = count;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    sigaddset(&action.sa_mask, SIGUSR2);
    CHECK(sigaction(SIGUSR1, &action, NULL) == 0);
    CHECK(sigaction(SIGUSR1, NULL, &old) == 0);
    CHECK(old.sa_handler == count);
    CHECK(old.sa_flags & SA_RESTART);
    CHECK(sigismember(&old.sa_mask, SIGUSR2));
    action.sa_handler = SIG_DFL;
    CHECK(sigaction(SIGUSR1, &action, &old) == 0 && old.sa_handler == count);
    CHECK_ERRNO(sigaction(SIGKILL, &action, NULL), EINVAL);
    CHECK_ERRNO(sigaction(SIGSTOP, &action, NULL), EINVAL);
    CHECK_ERRNO(sigaction(0, &action, NULL), EINVAL);
    CHECK_ERRNO(syscall(SYS_rt_sigaction, 65, NULL, &old, 8), EINVAL);
    CHECK_ERRNO(kill(getpid(), 65), EINVAL);
    return NULL;
}

static const char *siginfo_names_the_sender(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = record_info;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    CHECK(sigaction(SIGUSR2, &action, NULL) == 0);
    memset(&last_info, 0, sizeof last_info);
    deliveries = 0;
    CHECK(kill(getpid(), SIGUSR2) == 0);
    CHECK(deliveries == 1);
    CHECK(last_info.si_signo == SIGUSR2);
    CHECK(last_info.si_code == SI_USER);
    CHECK(last_info.si_pid == getpid());
    CHECK(last_info.si_uid == getuid());
    // sigqueue carries a value and says SI_QUEUE.
    union sigval value = { .sival_int = 4242 };
    CHECK(sigqueue(getpid(), SIGUSR2, value) == 0);
    CHECK(deliveries == 2 && last_info.si_code == SI_QUEUE && last_info.si_value.sival_int == 4242);
    signal(SIGUSR2, SIG_DFL);
    return NULL;
}

static const char *resethand_runs_once(void)
{
    deliveries = 0;
    CHECK(install(SIGUSR1, count, SA_RESETHAND) == 0);
    CHECK(kill(getpid(), SIGUSR1) == 0);
    CHECK(deliveries == 1);
    struct sigaction now;
    CHECK(sigaction(SIGUSR1, NULL, &now) == 0);
    CHECK(now.sa_handler == SIG_DFL);
    // Linux still blocks the signal inside (POSIX lets SA_RESETHAND imply SA_NODEFER; Linux does not).
    CHECK(blocked_inside);
    return NULL;
}

static const char *nodefer_and_sa_mask(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = count;
    sigemptyset(&action.sa_mask);
    sigaddset(&action.sa_mask, SIGUSR2);
    CHECK(sigaction(SIGUSR1, &action, NULL) == 0);
    CHECK(kill(getpid(), SIGUSR1) == 0);
    CHECK(blocked_inside && other_blocked_inside);         // the signal itself and sa_mask
    sigset_t after;
    sigprocmask(SIG_SETMASK, NULL, &after);
    CHECK(!sigismember(&after, SIGUSR1) && !sigismember(&after, SIGUSR2));   // restored on return
    action.sa_flags = SA_NODEFER;
    sigemptyset(&action.sa_mask);
    CHECK(sigaction(SIGUSR1, &action, NULL) == 0);
    CHECK(kill(getpid(), SIGUSR1) == 0);
    CHECK(!blocked_inside && !other_blocked_inside);
    signal(SIGUSR1, SIG_DFL);
    return NULL;
}

static const char *blocked_signal_pends_once(void)
{
    deliveries = 0;
    CHECK(install(SIGUSR1, count, 0) == 0);
    block(SIG_BLOCK, SIGUSR1);
    CHECK(kill(getpid(), SIGUSR1) == 0);
    CHECK(kill(getpid(), SIGUSR1) == 0);
    CHECK(deliveries == 0);
    sigset_t pending;
    CHECK(sigpending(&pending) == 0 && sigismember(&pending, SIGUSR1) && !sigismember(&pending, SIGUSR2));
    block(SIG_UNBLOCK, SIGUSR1);
    CHECK(deliveries == 1);                                 // a standard signal does not queue
    CHECK(sigpending(&pending) == 0 && !sigismember(&pending, SIGUSR1));
    // SIGKILL and SIGSTOP cannot be blocked: sigprocmask drops them silently.
    sigset_t all, now;
    sigfillset(&all);
    CHECK(sigprocmask(SIG_SETMASK, &all, NULL) == 0);
    CHECK(sigprocmask(SIG_SETMASK, NULL, &now) == 0);
    CHECK(!sigismember(&now, SIGKILL) && !sigismember(&now, SIGSTOP) && sigismember(&now, SIGUSR1));
    sigemptyset(&all);
    CHECK(sigprocmask(SIG_SETMASK, &all, NULL) == 0);
    CHECK_ERRNO(sigprocmask(42, &all, NULL), EINVAL);
    signal(SIGUSR1, SIG_DFL);
    return NULL;
}

static const char *realtime_signals_queue(void)
{
    int signal_number = SIGRTMIN + 1;
    deliveries = 0;
    CHECK(install(signal_number, count, 0) == 0);
    block(SIG_BLOCK, signal_number);
    union sigval value = { .sival_int = 1 };
    CHECK(sigqueue(getpid(), signal_number, value) == 0);
    CHECK(sigqueue(getpid(), signal_number, value) == 0);
    CHECK(kill(getpid(), signal_number) == 0);
    block(SIG_UNBLOCK, signal_number);
    CHECK(deliveries == 3);
    signal(signal_number, SIG_DFL);
    return NULL;
}

static const char *ignored_signal_is_discarded(void)
{
    deliveries = 0;
    CHECK(install(SIGUSR1, count, 0) == 0);
    block(SIG_BLOCK, SIGUSR1);
    CHECK(kill(getpid(), SIGUSR1) == 0);
    sigset_t pending;
    CHECK(sigpending(&pending) == 0 && sigismember(&pending, SIGUSR1));
    // Setting SIG_IGN discards a pending signal, blocked or not.
    signal(SIGUSR1, SIG_IGN);
    CHECK(sigpending(&pending) == 0 && !sigismember(&pending, SIGUSR1));
    block(SIG_UNBLOCK, SIGUSR1);
    // An ignored signal sent while unblocked does nothing and leaves nothing pending.
    CHECK(kill(getpid(), SIGUSR1) == 0);
    CHECK(sigpending(&pending) == 0 && !sigismember(&pending, SIGUSR1));
    // A signal whose default action is to ignore it (SIGWINCH) does nothing either.
    CHECK(kill(getpid(), SIGWINCH) == 0);
    CHECK(deliveries == 0);
    signal(SIGUSR1, SIG_DFL);
    return NULL;
}

static void child_on_usr1(int signal) { (void)signal; _exit(33); }

static const char *kill_reaches_a_child(void)
{
    int ready[2];
    CHECK(pipe(ready) == 0);
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        install(SIGUSR1, child_on_usr1, 0);
        write(ready[1], "r", 1);
        for (;;) pause();
    }
    char byte;
    CHECK(read(ready[0], &byte, 1) == 1);
    close(ready[0]);
    close(ready[1]);
    CHECK(kill(pid, SIGUSR1) == 0);
    CHECK(tap_exited_with(pid, 33));
    CHECK_ERRNO(kill(pid, SIGUSR1), ESRCH);
    // The default action of SIGTERM ends a process.
    pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) for (;;) pause();
    CHECK(kill(pid, SIGTERM) == 0);
    int status = tap_wait(pid);
    CHECK(status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
    return NULL;
}

static const char *sigchld_on_child_exit(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = record_info;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    CHECK(sigaction(SIGCHLD, &action, NULL) == 0);
    block(SIG_BLOCK, SIGCHLD);
    deliveries = 0;
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) _exit(12);
    sigset_t none;
    sigemptyset(&none);
    while (deliveries == 0) sigsuspend(&none);
    block(SIG_UNBLOCK, SIGCHLD);
    signal(SIGCHLD, SIG_DFL);
    CHECK(last_signal == SIGCHLD);
    CHECK(last_info.si_pid == pid);
    CHECK(last_info.si_code == CLD_EXITED);
    CHECK(last_info.si_status == 12);
    CHECK(tap_exited_with(pid, 12));
    return NULL;
}

static const char *sigsuspend_swaps_the_mask(void)
{
    deliveries = 0;
    CHECK(install(SIGUSR1, count, 0) == 0);
    block(SIG_BLOCK, SIGUSR1);
    CHECK(kill(getpid(), SIGUSR1) == 0);                   // pending until sigsuspend opens the mask
    sigset_t open;
    sigemptyset(&open);
    CHECK_ERRNO(sigsuspend(&open), EINTR);
    CHECK(deliveries == 1);
    sigset_t now;
    sigprocmask(SIG_SETMASK, NULL, &now);
    CHECK(sigismember(&now, SIGUSR1));                      // the old mask is back
    block(SIG_UNBLOCK, SIGUSR1);
    signal(SIGUSR1, SIG_DFL);
    return NULL;
}

static const char *alarm_delivers_sigalrm(void)
{
    deliveries = 0;
    CHECK(install(SIGALRM, count, 0) == 0);
    CHECK(alarm(100) == 0);
    unsigned left = alarm(1);                               // replaces the first, returns what was left
    CHECK(left >= 99 && left <= 100);
    block(SIG_BLOCK, SIGALRM);
    uint64_t start = tap_monotonic_ns();
    sigset_t open;
    sigemptyset(&open);
    while (deliveries == 0) sigsuspend(&open);
    uint64_t elapsed = tap_monotonic_ns() - start;
    block(SIG_UNBLOCK, SIGALRM);
    CHECK(last_signal == SIGALRM);
    if (elapsed < 900000000u || elapsed > 5000000000u) return tap_fail("alarm(1) came after %llu ns", (unsigned long long)elapsed);
    CHECK(alarm(0) == 0);                                   // nothing left running
    CHECK(alarm(50) == 0);
    CHECK(alarm(0) > 0);                                    // alarm(0) cancels and reports
    signal(SIGALRM, SIG_DFL);
    return NULL;
}

static int pipe_ends[2];

static void write_into_pipe(int signal)
{
    (void)signal;
    write(pipe_ends[1], "s", 1);
}

static int arm_timer_ms(int milliseconds)
{
    struct itimerval timer = { { 0, 0 }, { 0, milliseconds * 1000 } };
    return setitimer(ITIMER_REAL, &timer, NULL);
}

static const char *eintr_without_sa_restart(void)
{
    CHECK(pipe(pipe_ends) == 0);
    deliveries = 0;
    CHECK(install(SIGALRM, count, 0) == 0);
    CHECK(arm_timer_ms(50) == 0);
    char byte;
    errno = 0;
    ssize_t got = read(pipe_ends[0], &byte, 1);             // nothing will come: the signal ends it
    int error = errno;
    signal(SIGALRM, SIG_DFL);
    close(pipe_ends[0]);
    close(pipe_ends[1]);
    CHECK(deliveries == 1);
    CHECK(got == -1 && error == EINTR);
    return NULL;
}

static const char *sa_restart_resumes_the_read(void)
{
    CHECK(pipe(pipe_ends) == 0);
    CHECK(install(SIGALRM, write_into_pipe, SA_RESTART) == 0);
    CHECK(arm_timer_ms(50) == 0);
    char byte = 0;
    ssize_t got = read(pipe_ends[0], &byte, 1);             // restarted after the handler wrote a byte
    signal(SIGALRM, SIG_DFL);
    close(pipe_ends[0]);
    close(pipe_ends[1]);
    CHECK(got == 1 && byte == 's');
    return NULL;
}

static char alternate_stack[64 * 1024];
static volatile uintptr_t handler_local_address;
static volatile int on_stack_flag;

static void on_alternate(int signal)
{
    (void)signal;
    volatile char local = 0;
    handler_local_address = (uintptr_t)&local;
    stack_t now;
    sigaltstack(NULL, &now);
    on_stack_flag = (now.ss_flags & SS_ONSTACK) != 0;
}

static const char *sigaltstack_runs_the_handler_there(void)
{
    stack_t stack = { .ss_sp = alternate_stack, .ss_size = sizeof alternate_stack, .ss_flags = 0 }, old;
    CHECK(sigaltstack(&stack, &old) == 0);
    CHECK(old.ss_flags & SS_DISABLE);
    CHECK(install(SIGUSR1, on_alternate, SA_ONSTACK) == 0);
    CHECK(raise(SIGUSR1) == 0);
    uintptr_t low = (uintptr_t)alternate_stack, high = low + sizeof alternate_stack;
    CHECK(handler_local_address >= low && handler_local_address < high);
    CHECK(on_stack_flag);
    // Without SA_ONSTACK the handler stays on the normal stack.
    CHECK(install(SIGUSR1, on_alternate, 0) == 0);
    CHECK(raise(SIGUSR1) == 0);
    CHECK(!(handler_local_address >= low && handler_local_address < high) && !on_stack_flag);
    stack_t too_small = { .ss_sp = alternate_stack, .ss_size = 512, .ss_flags = 0 };
    CHECK_ERRNO(sigaltstack(&too_small, NULL), ENOMEM);
    stack_t disable = { .ss_flags = SS_DISABLE };
    CHECK(sigaltstack(&disable, NULL) == 0);
    signal(SIGUSR1, SIG_DFL);
    return NULL;
}

static const char *stop_and_continue(void)
{
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) for (;;) pause();
    int status;
    CHECK(kill(pid, SIGSTOP) == 0);
    CHECK(waitpid(pid, &status, WUNTRACED) == pid);
    CHECK(WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP);
    CHECK(kill(pid, SIGCONT) == 0);
    CHECK(waitpid(pid, &status, WCONTINUED) == pid);
    CHECK(WIFCONTINUED(status));
    CHECK(kill(pid, SIGKILL) == 0);
    status = tap_wait(pid);
    CHECK(status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    // abort() ends a process with SIGABRT.
    pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) abort();
    status = tap_wait(pid);
    CHECK(status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
    return NULL;
}

static sigjmp_buf escape;

static void jump_out(int signal) { siglongjmp(escape, signal); }

static const char *siglongjmp_restores_the_mask(void)
{
    CHECK(install(SIGUSR1, jump_out, 0) == 0);
    // Twice: the second delivery shows the first jump left the signal unblocked.
    for (volatile int round = 0; round < 2; round++) {
        int from = sigsetjmp(escape, 1);
        if (from == 0) {
            raise(SIGUSR1);
            return tap_fail("round %d: the handler returned instead of jumping", round);
        }
        CHECK(from == SIGUSR1);
        sigset_t now;
        sigprocmask(SIG_SETMASK, NULL, &now);
        CHECK(!sigismember(&now, SIGUSR1));
    }
    signal(SIGUSR1, SIG_DFL);
    return NULL;
}

static const struct tap_check checks[] = {
    { "a handler runs before kill, raise or tgkill to oneself returns; kill with signal 0 delivers nothing", handler_runs_before_kill_returns },
    { "sigaction returns the old handler, flags and mask; EINVAL for SIGKILL, SIGSTOP, 0 and 65", sigaction_returns_old_action_and_refuses },
    { "SA_SIGINFO: si_signo, SI_USER, si_pid and si_uid of the sender; sigqueue's SI_QUEUE and value", siginfo_names_the_sender },
    { "SA_RESETHAND: the handler runs once, with the signal blocked as Linux does, then the action is SIG_DFL", resethand_runs_once },
    { "the signal and sa_mask are blocked inside the handler and unblocked after; SA_NODEFER leaves them open", nodefer_and_sa_mask },
    { "sigprocmask holds a signal pending (sigpending), unblocking delivers it once; SIGKILL and SIGSTOP stay unblockable", blocked_signal_pends_once },
    { "real-time signals queue: three sent while blocked, three delivered", realtime_signals_queue },
    { "setting SIG_IGN discards a pending signal; an ignored or default-ignored signal does nothing", ignored_signal_is_discarded },
    { "kill reaches a child's handler; SIGTERM's default ends it; ESRCH once it is gone", kill_reaches_a_child },
    { "SIGCHLD arrives when a child exits, with its pid, CLD_EXITED and the exit code", sigchld_on_child_exit },
    { "sigsuspend opens the mask, runs the pending handler, fails EINTR and restores the mask", sigsuspend_swaps_the_mask },
    { "alarm returns the previous alarm's seconds and delivers SIGALRM after one second; alarm(0) cancels", alarm_delivers_sigalrm },
    { "a blocking read interrupted by a handler without SA_RESTART fails with EINTR", eintr_without_sa_restart },
    { "with SA_RESTART the interrupted read restarts and returns what the handler wrote", sa_restart_resumes_the_read },
    { "sigaltstack: an SA_ONSTACK handler runs on the alternate stack with SS_ONSTACK; ENOMEM below MINSIGSTKSZ", sigaltstack_runs_the_handler_there },
    { "SIGSTOP and SIGCONT show in waitpid WUNTRACED and WCONTINUED; abort ends with SIGABRT", stop_and_continue },
    { "siglongjmp out of a handler restores the signal mask", siglongjmp_restores_the_mask },
};

int main(int argc, char **argv)
{
    return tap_main(argc, argv, checks, sizeof checks / sizeof checks[0]);
}
