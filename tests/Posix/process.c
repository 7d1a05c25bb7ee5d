// Processes: ids, fork, wait4 and waitid, exit codes, execve, process groups and sessions.
#include "tap.h"
#include <sys/resource.h>

// Run as `process --exec-child REPORT_FD CLOEXEC_FD WORD` by the execve checks: writes what
// the new image sees to REPORT_FD and exits 42.
static int exec_child(char **argv)
{
    int report = atoi(argv[2]), cloexec = atoi(argv[3]);
    struct sigaction usr1, usr2;
    sigset_t mask;
    sigaction(SIGUSR1, NULL, &usr1);
    sigaction(SIGUSR2, NULL, &usr2);
    sigprocmask(SIG_SETMASK, NULL, &mask);
    const char *mark = getenv("POSIX_TEST_MARK");
    dprintf(report, "pid=%d word=%s mark=%s cloexec=%s usr1=%s usr2=%s term=%s",
            getpid(), argv[4], mark ? mark : "-",
            fcntl(cloexec, F_GETFD) == -1 && errno == EBADF ? "closed" : "open",
            usr1.sa_handler == SIG_DFL ? "default" : "other",
            usr2.sa_handler == SIG_IGN ? "ignored" : "other",
            sigismember(&mask, SIGTERM) ? "blocked" : "unblocked");
    return 42;
}

static void ignore_signal(int signal) { (void)signal; }

// Forks a child that prepares dispositions and a mask, then execs `--exec-child`; the report.
static const char *run_exec_child(char *report, size_t size, pid_t *child)
{
    int pipe_ends[2], cloexec;
    CHECK(pipe(pipe_ends) == 0);
    CHECK((cloexec = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0);
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(pipe_ends[0]);
        signal(SIGUSR1, ignore_signal);
        signal(SIGUSR2, SIG_IGN);
        sigset_t term;
        sigemptyset(&term);
        sigaddset(&term, SIGTERM);
        sigprocmask(SIG_BLOCK, &term, NULL);
        char report_fd[16], cloexec_fd[16];
        snprintf(report_fd, sizeof report_fd, "%d", pipe_ends[1]);
        snprintf(cloexec_fd, sizeof cloexec_fd, "%d", cloexec);
        char *arguments[] = { tap_self, "--exec-child", report_fd, cloexec_fd, "hello", NULL };
        char *environment[] = { "POSIX_TEST_MARK=lunix", NULL };
        execve(tap_self, arguments, environment);
        _exit(127);
    }
    close(pipe_ends[1]);
    close(cloexec);
    ssize_t got = 0, n;
    while ((n = read(pipe_ends[0], report + got, size - 1 - got)) > 0) got += n;
    close(pipe_ends[0]);
    report[got < 0 ? 0 : got] = 0;
    *child = pid;
    CHECK(tap_exited_with(pid, 42));
    return NULL;
}

static const char *ids_are_stable(void)
{
    pid_t pid = getpid();
    CHECK(pid > 0);
    CHECK(getpid() == pid);
    // As Linux: init (pid 1) has no parent, getppid 0; everyone else's parent is someone else.
    CHECK(pid == 1 ? getppid() == 0 : getppid() > 0);
    CHECK(getppid() != pid);
    CHECK(syscall(SYS_gettid) == pid);
    return NULL;
}

static const char *fork_child_sees_its_parent(void)
{
    pid_t parent = getpid();
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) _exit(getppid() == parent && getpid() != parent ? 0 : 1);
    CHECK(pid != parent);
    CHECK(tap_exited_with(pid, 0));
    return NULL;
}

static const char *wait4_returns_pid_and_code(void)
{
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) _exit(7);
    int status;
    struct rusage usage;
    CHECK(wait4(pid, &status, 0, &usage) == pid);
    CHECK(WIFEXITED(status));
    CHECK(!WIFSIGNALED(status));
    CHECK(WEXITSTATUS(status) == 7);
    CHECK(usage.ru_utime.tv_usec >= 0 && usage.ru_utime.tv_usec < 1000000);
    return NULL;
}

static const char *exit_codes_are_eight_bits(void)
{
    static const int codes[] = { 0, 1, 255, 256, 257 };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        pid_t pid = tap_fork();
        CHECK(pid >= 0);
        if (pid == 0) _exit(codes[i]);
        int status = tap_wait(pid);
        CHECK(status != -1 && WIFEXITED(status));
        if (WEXITSTATUS(status) != (codes[i] & 0xff))
            return tap_fail("_exit(%d) came back as %d", codes[i], WEXITSTATUS(status));
    }
    // exit() (not _exit): the code survives stdio's flush.
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) exit(3);
    CHECK(tap_exited_with(pid, 3));
    return NULL;
}

static const char *wnohang_then_exit(void)
{
    int hold[2];
    CHECK(pipe(hold) == 0);
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        char byte;
        close(hold[1]);
        _exit(read(hold[0], &byte, 1) == 0 ? 5 : 6);   // EOF once the parent closes its end
    }
    close(hold[0]);
    int status = 0;
    CHECK(wait4(pid, &status, WNOHANG, NULL) == 0);
    close(hold[1]);
    CHECK(wait4(pid, &status, 0, NULL) == pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 5);
    return NULL;
}

static const char *no_children_is_echild(void)
{
    int status;
    CHECK_ERRNO(wait4(-1, &status, 0, NULL), ECHILD);
    CHECK_ERRNO(wait4(-1, &status, WNOHANG, NULL), ECHILD);
    CHECK_ERRNO(waitpid(getpid(), &status, 0), ECHILD);
    return NULL;
}

static const char *killed_child_reports_signal(void)
{
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        for (;;) pause();
    }
    CHECK(kill(pid, SIGKILL) == 0);
    int status = tap_wait(pid);
    CHECK(status != -1);
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);
    CHECK(!WIFEXITED(status));
    return NULL;
}

static const char *wait_for_one_of_two(void)
{
    int hold[2];
    CHECK(pipe(hold) == 0);
    pid_t first = tap_fork();
    CHECK(first >= 0);
    if (first == 0) {
        char byte;
        close(hold[1]);
        read(hold[0], &byte, 1);
        _exit(1);
    }
    pid_t second = tap_fork();
    CHECK(second >= 0);
    if (second == 0) _exit(2);
    close(hold[0]);
    int status;
    CHECK(waitpid(second, &status, 0) == second);           // the first is still running
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 2);
    close(hold[1]);
    CHECK(waitpid(-1, &status, 0) == first);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 1);
    return NULL;
}

static const char *zombie_until_reaped(void)
{
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) _exit(9);
    siginfo_t info;
    memset(&info, 0, sizeof info);
    CHECK(waitid(P_PID, pid, &info, WEXITED | WNOWAIT) == 0);   // waits, leaves it a zombie
    CHECK(info.si_pid == pid);
    CHECK(info.si_code == CLD_EXITED);
    CHECK(info.si_status == 9);
    CHECK(kill(pid, 0) == 0);
    CHECK(tap_exited_with(pid, 9));
    CHECK_ERRNO(kill(pid, 0), ESRCH);
    return NULL;
}

static const char *execve_self_with_argument(void)
{
    char report[256];
    pid_t child;
    const char *why = run_exec_child(report, sizeof report, &child);
    if (why) return why;
    char expected[64];
    snprintf(expected, sizeof expected, "pid=%d word=hello mark=lunix ", child);
    if (strncmp(report, expected, strlen(expected)) != 0)
        return tap_fail("report '%s' does not start with '%s'", report, expected);
    return NULL;
}

static const char *execve_closes_cloexec_only(void)
{
    char report[256];
    pid_t child;
    const char *why = run_exec_child(report, sizeof report, &child);
    if (why) return why;
    // The report itself came through the descriptor without FD_CLOEXEC.
    if (strstr(report, " cloexec=closed ") == NULL) return tap_fail("report '%s'", report);
    return NULL;
}

static const char *execve_resets_handlers_keeps_ignored_and_mask(void)
{
    char report[256];
    pid_t child;
    const char *why = run_exec_child(report, sizeof report, &child);
    if (why) return why;
    if (strstr(report, " usr1=default usr2=ignored term=blocked") == NULL) return tap_fail("report '%s'", report);
    return NULL;
}

static const char *execve_refusals(void)
{
    char *arguments[] = { "x", NULL };
    char *environment[] = { NULL };
    CHECK_ERRNO(execve("./missing", arguments, environment), ENOENT);
    CHECK_ERRNO(execve(".", arguments, environment), EACCES);
    // Not executable for anyone: EACCES even for root, who needs one execute bit.
    CHECK(tap_write_file("plain", "#!/bin/sh\n", 10) == 0);
    CHECK_ERRNO(execve("./plain", arguments, environment), EACCES);
    // Executable but neither ELF nor "#!": ENOEXEC from the kernel (execvp would try sh).
    CHECK(tap_write_file("garbage", "garbage\n", 8) == 0);
    CHECK(chmod("garbage", 0755) == 0);
    CHECK_ERRNO(execve("./garbage", arguments, environment), ENOEXEC);
    CHECK(unlink("plain") == 0 && unlink("garbage") == 0);
    return NULL;
}

static const char *vfork_then_execve(void)
{
    int cloexec = open(".", O_RDONLY | O_DIRECTORY);
    CHECK(cloexec >= 0);
    int report[2];
    CHECK(pipe(report) == 0);
    char report_fd[16], cloexec_fd[16];
    snprintf(report_fd, sizeof report_fd, "%d", report[1]);
    snprintf(cloexec_fd, sizeof cloexec_fd, "%d", cloexec);
    char *arguments[] = { tap_self, "--exec-child", report_fd, cloexec_fd, "vfork", NULL };
    char *environment[] = { NULL };
    fflush(NULL);
    pid_t pid = vfork();
    if (pid == 0) {
        execve(tap_self, arguments, environment);
        _exit(127);
    }
    CHECK(pid > 0);
    close(report[1]);
    close(cloexec);
    char text[256];
    ssize_t got = read(report[0], text, sizeof text - 1);
    close(report[0]);
    CHECK(got > 0);
    text[got] = 0;
    CHECK(strstr(text, " word=vfork ") != NULL);
    CHECK(tap_exited_with(pid, 42));
    return NULL;
}

static const char *process_groups_and_sessions(void)
{
    pid_t group = getpgrp();
    CHECK(group > 0);
    CHECK(getpgid(0) == group);
    CHECK(getsid(0) >= 0);   // 0 where the session's leader is outside our pid namespace (a container)
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        if (getpgrp() != group) _exit(1);               // inherited
        if (setsid() != getpid()) _exit(2);             // a new session, led by the child
        if (getsid(0) != getpid() || getpgrp() != getpid()) _exit(3);
        if (setpgid(0, 0) != -1 || errno != EPERM) _exit(4);   // a session leader cannot move
        _exit(0);
    }
    CHECK(tap_exited_with(pid, 0));

    int hold[2];
    CHECK(pipe(hold) == 0);
    pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        char byte;
        close(hold[1]);
        read(hold[0], &byte, 1);
        _exit(getpgrp() == getpid() ? 0 : 1);
    }
    close(hold[0]);
    CHECK(setpgid(pid, pid) == 0);                      // the parent moves its child, as a shell does
    CHECK(getpgid(pid) == pid);
    CHECK(kill(-pid, 0) == 0);                          // the group exists
    close(hold[1]);
    CHECK(tap_exited_with(pid, 0));
    return NULL;
}

static const struct tap_check checks[] = {
    { "getpid, getppid and gettid: positive, stable, and gettid is getpid in one thread", ids_are_stable },
    { "a forked child has a new pid and its getppid is the parent's getpid", fork_child_sees_its_parent },
    { "wait4 returns the child's pid, WIFEXITED, its exit code and fills the rusage", wait4_returns_pid_and_code },
    { "exit codes keep their low eight bits: 0, 1, 255, 256 -> 0, 257 -> 1; exit() too", exit_codes_are_eight_bits },
    { "wait4 with WNOHANG returns 0 while the child runs, then its pid and code once it exited", wnohang_then_exit },
    { "wait4 and waitpid with no child to wait for fail with ECHILD", no_children_is_echild },
    { "a child killed by SIGKILL is WIFSIGNALED with WTERMSIG 9", killed_child_reports_signal },
    { "waitpid for one of two children returns it while the other runs; then -1 returns the other", wait_for_one_of_two },
    { "waitid WNOWAIT leaves a zombie that kill(pid, 0) still finds; after waitpid, ESRCH", zombie_until_reaped },
    { "execve of itself with an argument and an environment: same pid, both arrive, exit code 42 reaches the parent", execve_self_with_argument },
    { "execve closes FD_CLOEXEC descriptors and keeps the others open", execve_closes_cloexec_only },
    { "execve resets caught signals to default, keeps ignored ones ignored and keeps the signal mask", execve_resets_handlers_keeps_ignored_and_mask },
    { "execve refuses: ENOENT for a missing file, EACCES for a directory or a file without execute bits, ENOEXEC for garbage", execve_refusals },
    { "vfork then execve: the parent resumes, the new image gets its argument and inherited descriptor", vfork_then_execve },
    { "process groups and sessions: inherited, setsid makes a leader, setpgid moves a child, kill(-group, 0)", process_groups_and_sessions },
};

int main(int argc, char **argv)
{
    if (argc == 5 && strcmp(argv[1], "--exec-child") == 0) return exec_child(argv);
    return tap_main(argc, argv, checks, sizeof checks / sizeof checks[0]);
}
