// PM's processes: fork, vfork, clone with a stack of its own (posix_spawn's way), exit codes,
// wait4 and waitid, zombies, orphans, execve (arguments, environment, what it resets and keeps,
// its refusals), process groups and sessions, and the ids. Children report through their exit
// status and signals: no pipe, no file of their own. Runs on the host Linux and, as init, on Lunix.
#include "tap.h"
#include <sched.h>
#include <sys/resource.h>

static volatile uintptr_t bad_address = 8;          // an address no process has (page zero)

// `pm_process --exec-child PID WORD`: what the new image sees, as an exit status: 42 when the
// pid is the one before execve, argv[3] is WORD, PM_MARK is in the environment, SIGUSR1 is back
// to SIG_DFL, SIGUSR2 still ignored and SIGTERM still blocked.
static int exec_child(int argc, char **argv)
{
    if (argc != 4 || atoi(argv[2]) != getpid()) return 1;
    if (strcmp(argv[3], "hello") != 0 && strcmp(argv[3], "vfork") != 0) return 2;
    const char *mark = getenv("PM_MARK");
    if (mark == NULL || strcmp(mark, "lunix") != 0) return 3;
    struct sigaction usr1, usr2;
    sigaction(SIGUSR1, NULL, &usr1);
    sigaction(SIGUSR2, NULL, &usr2);
    if (usr1.sa_handler != SIG_DFL) return 4;
    if (usr2.sa_handler != SIG_IGN) return 5;
    sigset_t mask;
    sigprocmask(SIG_SETMASK, NULL, &mask);
    if (!sigismember(&mask, SIGTERM)) return 6;
    return 42;
}

static void on_usr1(int signal) { (void)signal; }

static const char *fork_gives_a_new_process(void)
{
    pid_t parent = getpid();
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) _exit(getppid() == parent && getpid() != parent && getpid() > 0 ? 0 : 1);
    CHECK(pid != parent);
    CHECK(tap_exited_with(pid, 0));
    CHECK(syscall(SYS_gettid) == getpid());
    return NULL;
}

static const char *exit_codes_keep_eight_bits(void)
{
    static const int codes[] = { 0, 1, 7, 255, 256, 257 };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        pid_t pid = tap_fork();
        CHECK(pid >= 0);
        if (pid == 0) _exit(codes[i]);
        int status;
        struct rusage usage;
        CHECK(wait4(pid, &status, 0, &usage) == pid);
        CHECK(WIFEXITED(status) && !WIFSIGNALED(status) && !WIFSTOPPED(status));
        if (WEXITSTATUS(status) != (codes[i] & 0xff)) return tap_fail("_exit(%d) came back as %d", codes[i], WEXITSTATUS(status));
        CHECK(usage.ru_utime.tv_usec >= 0 && usage.ru_utime.tv_usec < 1000000);
    }
    return NULL;
}

static const char *wnohang_then_wait(void)
{
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        struct timespec pause = { 0, 200000000 };
        nanosleep(&pause, NULL);
        _exit(5);
    }
    int status = 0;
    CHECK(wait4(pid, &status, WNOHANG, NULL) == 0);
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 5);
    CHECK_ERRNO(wait4(pid, &status, WNOHANG, NULL), ECHILD);
    return NULL;
}

static const char *waiting_for_one_of_two(void)
{
    pid_t slow = tap_fork();
    CHECK(slow >= 0);
    if (slow == 0) {
        struct timespec pause = { 0, 300000000 };
        nanosleep(&pause, NULL);
        _exit(1);
    }
    pid_t quick = tap_fork();
    CHECK(quick >= 0);
    if (quick == 0) _exit(2);
    int status;
    CHECK(waitpid(quick, &status, 0) == quick);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 2);
    CHECK(waitpid(-1, &status, 0) == slow);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 1);
    return NULL;
}

static const char *no_child_is_echild(void)
{
    int status;
    CHECK_ERRNO(wait4(-1, &status, 0, NULL), ECHILD);
    CHECK_ERRNO(wait4(-1, &status, WNOHANG, NULL), ECHILD);
    CHECK_ERRNO(waitpid(getpid(), &status, 0), ECHILD);
    CHECK_ERRNO(wait4(-1, &status, 0x100, NULL), EINVAL);
    siginfo_t info;
    CHECK_ERRNO(waitid(P_ALL, 0, &info, WNOHANG), EINVAL);          // neither WEXITED, WSTOPPED nor WCONTINUED
    return NULL;
}

static const char *killed_children_report_their_signal(void)
{
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) for (;;) pause();
    CHECK(kill(pid, SIGKILL) == 0);
    int status = tap_wait(pid);
    CHECK(status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL && !WIFEXITED(status));
    // A fault with the default action: SIGSEGV ends it.
    pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        *(volatile int *)bad_address = 1;
        _exit(0);
    }
    status = tap_wait(pid);
    CHECK(status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
    return NULL;
}

static const char *waitid_leaves_a_zombie_with_wnowait(void)
{
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) _exit(9);
    siginfo_t info;
    memset(&info, 0xff, sizeof info);
    CHECK(waitid(P_PID, pid, &info, WEXITED | WNOWAIT) == 0);
    CHECK(info.si_signo == SIGCHLD && info.si_pid == pid && info.si_code == CLD_EXITED && info.si_status == 9);
    CHECK(info.si_uid == getuid());
    CHECK(kill(pid, 0) == 0);                               // a zombie still has its pid
    memset(&info, 0, sizeof info);
    CHECK(waitid(P_ALL, 0, &info, WEXITED) == 0 && info.si_pid == pid);
    CHECK_ERRNO(kill(pid, 0), ESRCH);
    // Nothing to report with WNOHANG: 0, and si_pid 0.
    pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        struct timespec pause = { 0, 200000000 };
        nanosleep(&pause, NULL);
        _exit(0);
    }
    info.si_pid = 77;
    CHECK(waitid(P_PID, pid, &info, WEXITED | WNOHANG) == 0 && info.si_pid == 0);
    CHECK(tap_exited_with(pid, 0));
    return NULL;
}

static const char *vfork_parent_waits_for_exit(void)
{
    pid_t parent = getpid();
    fflush(NULL);
    pid_t pid = vfork();
    if (pid == 0) _exit(getpid() != parent ? 7 : 8);
    CHECK(pid > 0);
    CHECK(tap_exited_with(pid, 7));
    return NULL;
}

static const char *vfork_then_execve(void)
{
    char pid_text[16];
    char *environment[] = { "PM_MARK=lunix", NULL };
    sigset_t term;
    sigemptyset(&term);
    sigaddset(&term, SIGTERM);
    sigprocmask(SIG_BLOCK, &term, NULL);
    signal(SIGUSR2, SIG_IGN);
    fflush(NULL);
    pid_t pid = vfork();
    if (pid == 0) {
        snprintf(pid_text, sizeof pid_text, "%d", getpid());
        char *arguments[] = { tap_self, "--exec-child", pid_text, "vfork", NULL };
        execve(tap_self, arguments, environment);
        _exit(127);
    }
    CHECK(pid > 0);
    int status = tap_wait(pid);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 42) return tap_fail("the exec'd child said %d", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return NULL;
}

static char clone_stack[64 * 1024] __attribute__((aligned(16)));

static int clone_child(void *argument)
{
    char local;
    uintptr_t low = (uintptr_t)clone_stack, high = low + sizeof clone_stack;
    uintptr_t at = (uintptr_t)&local;
    return at >= low && at < high && argument == (void *)clone_stack ? 5 : 6;
}

static const char *clone_vm_vfork_runs_the_child_on_its_stack(void)
{
    // posix_spawn's clone: the child on a stack of its own, the parent held until it is gone.
    fflush(NULL);
    int pid = clone(clone_child, clone_stack + sizeof clone_stack, CLONE_VM | CLONE_VFORK | SIGCHLD, clone_stack);
    CHECK(pid > 0);
    CHECK(tap_exited_with(pid, 5));
    return NULL;
}

static const char *execve_replaces_the_image(void)
{
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        signal(SIGUSR1, on_usr1);
        signal(SIGUSR2, SIG_IGN);
        sigset_t term;
        sigemptyset(&term);
        sigaddset(&term, SIGTERM);
        sigprocmask(SIG_BLOCK, &term, NULL);
        char pid_text[16];
        snprintf(pid_text, sizeof pid_text, "%d", getpid());
        char *arguments[] = { tap_self, "--exec-child", pid_text, "hello", NULL };
        char *environment[] = { "PM_MARK=lunix", NULL };
        execve(tap_self, arguments, environment);
        _exit(127);
    }
    int status = tap_wait(pid);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 42) return tap_fail("the exec'd child said %d", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return NULL;
}

static char huge_argument[200 * 1024];

static const char *execve_refusals_leave_the_caller_running(void)
{
    char *arguments[] = { "x", NULL };
    char *environment[] = { NULL };
    CHECK_ERRNO(execve("/no/such/program", arguments, environment), ENOENT);
    CHECK_ERRNO(syscall(SYS_execve, bad_address, arguments, environment), EFAULT);
    CHECK_ERRNO(syscall(SYS_execve, tap_self, bad_address, environment), EFAULT);
    // One argument longer than Linux's MAX_ARG_STRLEN (32 pages).
    memset(huge_argument, 'a', sizeof huge_argument - 1);
    char *big[] = { tap_self, huge_argument, NULL };
    CHECK_ERRNO(execve(tap_self, big, environment), E2BIG);
    return NULL;
}

static volatile sig_atomic_t reparented;

static void on_reparented(int signal) { (void)signal; reparented = 1; }

static const char *orphans_go_to_init(void)
{
    reparented = 0;
    signal(SIGUSR1, on_reparented);
    sigset_t usr1, old;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, &old);
    pid_t top = getpid();
    pid_t middle = tap_fork();
    CHECK(middle >= 0);
    if (middle == 0) {
        pid_t me = getpid();
        pid_t orphan = tap_fork();
        if (orphan < 0) _exit(2);
        if (orphan == 0) {
            // Once its parent has gone, it belongs to someone else (init, or a subreaper).
            for (int i = 0; i < 1000 && getppid() == me; i++) {
                struct timespec pause = { 0, 5000000 };
                nanosleep(&pause, NULL);
            }
            if (getppid() != me) kill(top, SIGUSR1);
            _exit(0);
        }
        _exit(0);
    }
    CHECK(tap_exited_with(middle, 0));
    alarm(10);
    while (!reparented) sigsuspend(&old);
    alarm(0);
    sigprocmask(SIG_SETMASK, &old, NULL);
    // As init on Lunix the orphan is ours to reap; on the host, someone else's (ECHILD at once).
    int status;
    while (waitpid(-1, &status, 0) > 0 || errno == EINTR) { }
    CHECK(errno == ECHILD);
    return NULL;
}

static const char *process_groups_and_sessions(void)
{
    pid_t group = getpgrp();
    // getsid is 0 where the session's leader is outside our pid namespace (a container).
    CHECK(group > 0 && getpgid(0) == group && getsid(0) >= 0);
    CHECK_ERRNO(setpgid(0, -1), EINVAL);
    CHECK_ERRNO(getpgid(0x7ffffff0), ESRCH);
    CHECK_ERRNO(getsid(0x7ffffff0), ESRCH);
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        if (getpgrp() != group) _exit(1);
        if (setsid() != getpid()) _exit(2);
        if (getsid(0) != getpid() || getpgrp() != getpid()) _exit(3);
        if (setsid() != -1 || errno != EPERM) _exit(4);
        if (setpgid(0, 0) != -1 || errno != EPERM) _exit(5);
        _exit(0);
    }
    CHECK(tap_exited_with(pid, 0));

    // A parent moves its child into a group of its own, as a shell does; the child waits for it.
    signal(SIGUSR1, on_usr1);
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, NULL);
    pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        sigset_t none;
        sigemptyset(&none);
        alarm(10);
        sigsuspend(&none);
        _exit(getpgrp() == getpid() ? 0 : 1);
    }
    CHECK(setpgid(pid, pid) == 0);
    CHECK(getpgid(pid) == pid);
    CHECK(kill(-pid, 0) == 0);
    CHECK_ERRNO(setpgid(pid, 0x7ffffff0), EPERM);            // no such group in the session
    CHECK_ERRNO(setpgid(0x7ffffff0, 0), ESRCH);                // no such process
    CHECK(kill(pid, SIGUSR1) == 0);
    CHECK(tap_exited_with(pid, 0));
    CHECK_ERRNO(kill(-pid, 0), ESRCH);

    // A child that has made an execve may no longer be moved.
    pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        char pid_text[16];
        snprintf(pid_text, sizeof pid_text, "%d", getpid());
        char *arguments[] = { tap_self, "--wait-for-usr1", pid_text, NULL };
        char *environment[] = { NULL };
        execve(tap_self, arguments, environment);
        _exit(127);
    }
    for (int i = 0; i < 200; i++) {
        if (setpgid(pid, pid) == -1 && errno == EACCES) break;
        struct timespec pause = { 0, 10000000 };
        nanosleep(&pause, NULL);
    }
    CHECK_ERRNO(setpgid(pid, pid), EACCES);
    CHECK(kill(pid, SIGUSR1) == 0);
    CHECK(tap_exited_with(pid, 0));
    return NULL;
}

static const char *ids_are_consistent(void)
{
    uid_t real, effective, saved;
    gid_t greal, geffective, gsaved;
    CHECK(getresuid(&real, &effective, &saved) == 0 && real == getuid() && effective == geteuid());
    CHECK(getresgid(&greal, &geffective, &gsaved) == 0 && greal == getgid() && geffective == getegid());
    CHECK(getgroups(0, NULL) >= 0);
    CHECK(setuid(getuid()) == 0 && setgid(getgid()) == 0);
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        if (geteuid() != 0) _exit(setuid(0) == -1 && errno == EPERM ? 0 : 1);
        // Root gives itself up: every id changes, and there is no way back.
        if (setgroups(0, NULL) != 0) _exit(2);
        if (setresgid(1000, 1000, 1000) != 0 || setresuid(1000, 1000, 1000) != 0) _exit(3);
        if (getuid() != 1000 || geteuid() != 1000 || getgid() != 1000) _exit(4);
        if (setuid(0) != -1 || errno != EPERM) _exit(5);
        if (kill(getppid(), 0) != -1 || errno != EPERM) _exit(6);     // root's process is not ours
        _exit(0);
    }
    CHECK(tap_exited_with(pid, 0));
    return NULL;
}

static const struct tap_check checks[] = {
    { "fork gives a child with a new pid whose getppid is the parent; gettid is getpid", fork_gives_a_new_process },
    { "exit codes keep their low eight bits through wait4, which fills the rusage", exit_codes_keep_eight_bits },
    { "wait4 WNOHANG returns 0 while the child runs, then its pid and code; then ECHILD", wnohang_then_wait },
    { "waitpid for one of two children returns it while the other runs; -1 returns the other", waiting_for_one_of_two },
    { "wait4 and waitid with nothing to wait for or bad options: ECHILD, EINVAL", no_child_is_echild },
    { "children killed by SIGKILL and by a segmentation fault report WTERMSIG", killed_children_report_their_signal },
    { "waitid WNOWAIT leaves a zombie that kill(pid, 0) finds; reaped, ESRCH; WNOHANG gives si_pid 0", waitid_leaves_a_zombie_with_wnowait },
    { "vfork: the parent goes on once the child has exited", vfork_parent_waits_for_exit },
    { "vfork then execve: the new image has the argument, the environment, the mask and the ignored signal", vfork_then_execve },
    { "clone(CLONE_VM | CLONE_VFORK) runs the child on the stack it is given", clone_vm_vfork_runs_the_child_on_its_stack },
    { "execve keeps the pid, resets caught signals, keeps ignored ones and the mask", execve_replaces_the_image },
    { "execve refusals (ENOENT, EFAULT, E2BIG) leave the caller running", execve_refusals_leave_the_caller_running },
    { "an orphan's parent changes when its parent exits", orphans_go_to_init },
    { "process groups and sessions: setsid, setpgid by the parent, EPERM, ESRCH, EACCES after execve", process_groups_and_sessions },
    { "ids: getres*id agree with get*id; root can give itself up for good", ids_are_consistent },
};

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "--exec-child") == 0) return exec_child(argc, argv);
    if (argc == 3 && strcmp(argv[1], "--wait-for-usr1") == 0) {
        // SIGUSR1 came blocked through execve: it waits pending until sigsuspend opens the mask.
        signal(SIGUSR1, on_usr1);
        sigset_t none;
        sigemptyset(&none);
        alarm(10);
        sigsuspend(&none);
        return 0;
    }
    return tap_main(argc, argv, checks, sizeof checks / sizeof checks[0]);
}
