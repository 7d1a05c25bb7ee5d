// The process limits: many processes alive at once, and a fork bomb under RLIMIT_NPROC that is
// refused with EAGAIN while the program that started it (the "shell") goes on.
//
//   process_limits [ALIVE [LIMIT]]     (default 1,000 children at once, a limit of 64)
//
// 1. ALIVE children are forked and all wait on one pipe at the same time; closing its write end
//    lets them all exit, and every one is reaped.
// 2. A child becomes user nobody (65534, as RLIMIT_NPROC does not bind root on Linux), sets
//    RLIMIT_NPROC to LIMIT and forks as fast as it can, every process of the bomb forking too.
//    Forks beyond the limit must fail with EAGAIN; the bomb's processes report each fork and
//    each refusal over a pipe, and once every one of them has been refused the test kills the
//    bomb's process group.
// 3. The program itself still forks and reaps a child afterwards.
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static int alive_at_once(int wanted)
{
    int gate[2];
    if (pipe(gate) != 0) return -1;
    int forked = 0;
    for (; forked < wanted; forked++) {
        pid_t child = fork();
        if (child < 0) {
            printf("# fork %d of %d failed: %s\n", forked + 1, wanted, strerror(errno));
            break;
        }
        if (child == 0) {
            char byte;
            close(gate[1]);
            _exit(read(gate[0], &byte, 1) == 0 ? 0 : 1);     // end of file once the parent closes
        }
    }
    close(gate[0]);
    close(gate[1]);
    int reaped = 0, clean = 0, status;
    while (wait(&status) > 0) {
        reaped++;
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) clean++;
    }
    return forked == reaped && reaped == clean ? forked : -1;
}

// The bomb: every process forks until refused; each success and each EAGAIN is a byte on the
// report pipe ('+' or 'x'); refused processes wait to be killed.
static void bomb(int report)
{
    for (int attempt = 0; attempt < 1000; attempt++) {
        pid_t child = fork();
        if (child == 0) continue;                     // the child bombs on
        if (child > 0) {
            if (write(report, "+", 1) != 1) _exit(1);
            continue;
        }
        if (write(report, errno == EAGAIN ? "x" : "?", 1) != 1) _exit(1);
        break;
    }
    for (;;) pause();
}

static int fork_bomb(int limit, int *refused)
{
    int report[2];
    if (pipe(report) != 0) return -1;
    pid_t leader = fork();
    if (leader == 0) {
        close(report[0]);
        setpgid(0, 0);
        struct rlimit rl = {(rlim_t)limit, (rlim_t)limit};
        if (setgid(65534) != 0 || setuid(65534) != 0 || setrlimit(RLIMIT_NPROC, &rl) != 0) _exit(2);
        bomb(report[1]);
    }
    close(report[1]);
    setpgid(leader, leader);
    int made = 0, odd = 0;
    *refused = 0;
    char bytes[64];
    // Each of the bomb's processes is refused once, then waits: once there are as many refusals
    // as processes (the forks made and the leader), all of them have hit the limit.
    while (*refused < made + 1) {
        ssize_t n = read(report[0], bytes, sizeof bytes);
        if (n <= 0) break;
        for (ssize_t i = 0; i < n; i++) {
            if (bytes[i] == '+') made++;
            else if (bytes[i] == 'x') ++*refused;
            else odd++;
        }
    }
    kill(-leader, SIGKILL);
    close(report[0]);
    int status;
    while (waitpid(-leader, &status, 0) > 0 || errno == EINTR) {}
    while (waitpid(-1, &status, WNOHANG) > 0) {}
    return odd ? -1 : made;
}

int main(int argc, char **argv)
{
    int alive = argc > 1 ? atoi(argv[1]) : 1000;
    int limit = argc > 2 ? atoi(argv[2]) : 64;
    printf("1..3\n");
    fflush(stdout);

    int at_once = alive_at_once(alive);
    printf("%s 1 - %d children alive at once, all reaped\n", at_once == alive ? "ok" : "not ok", alive);
    fflush(stdout);

    int refused = 0;
    int made = fork_bomb(limit, &refused);
    // The bomb's processes, its leader included, stay within the limit (a little slack for
    // processes of nobody's that exist already on a host).
    printf("%s 2 - a fork bomb under RLIMIT_NPROC %d: %d forks made, %d refused with EAGAIN\n",
           made >= 0 && made < limit && refused > 0 ? "ok" : "not ok", limit, made, refused);

    pid_t child = fork();
    if (child == 0) _exit(7);
    int status = 0;
    printf("%s 3 - the program still forks afterwards\n",
           child > 0 && waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 7 ? "ok" : "not ok");
    return 0;
}
