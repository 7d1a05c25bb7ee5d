// reboot(2)'s refusals, and, as process 1, the power-off itself. The checks never reboot the
// host: a bad magic number or command is refused before anything happens, and the one call
// that would power off is made by a process that gave root up (EPERM on any Linux) or, at the
// end, only by process 1, which on the host a test never is. Runs on the host Linux and, as
// init, on Lunix (the boot test then sees the machine power off without `poweroff` asked for).
#include "tap.h"
#include <sys/reboot.h>

#define MAGIC1 0xfee1dead
#define MAGIC2 0x28121969

// Root may boot on Lunix and on a Linux that gives it CAP_SYS_BOOT; elsewhere EPERM comes first.
static int refused_as_linux_refuses(long result, int expected)
{
    if (result != -1) return 0;
    if (getpid() == 1) return errno == expected;
    return errno == expected || errno == EPERM;
}

static const char *bad_magic_is_einval(void)
{
    errno = 0;
    CHECK(refused_as_linux_refuses(syscall(SYS_reboot, 0x12345678, MAGIC2, RB_POWER_OFF, NULL), EINVAL));
    CHECK(refused_as_linux_refuses(syscall(SYS_reboot, MAGIC1, 0x1234, RB_POWER_OFF, NULL), EINVAL));
    return NULL;
}

static const char *unknown_command_is_einval(void)
{
    errno = 0;
    CHECK(refused_as_linux_refuses(syscall(SYS_reboot, MAGIC1, MAGIC2, 0x12345678, NULL), EINVAL));
    return NULL;
}

// A process that is not root (nobody) may not reboot: EPERM, and the machine goes on.
static const char *nobody_may_not_reboot(void)
{
    pid_t child = tap_fork();
    CHECK(child >= 0);
    if (child == 0) {
        if (geteuid() == 0 && setuid(65534) != 0) _exit(1);
        if (geteuid() == 0) _exit(2);                // never ask for a power-off as root here
        errno = 0;
        if (reboot(RB_POWER_OFF) != -1 || errno != EPERM) _exit(3);
        _exit(0);
    }
    int status = tap_wait(child);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    return NULL;
}

static const struct tap_check checks[] = {
    { "reboot with a wrong magic number fails with EINVAL", bad_magic_is_einval },
    { "reboot with an unknown command fails with EINVAL", unknown_command_is_einval },
    { "reboot by a process that is not root fails with EPERM", nobody_may_not_reboot },
};

int main(int argc, char **argv)
{
    int status = tap_main(argc, argv, checks, sizeof checks / sizeof checks[0]);
    if (getpid() == 1) {
        // As init: power the machine off (sync first, as reboot(8) does); reboot returns only on failure.
        printf("# powering off with reboot(RB_POWER_OFF)\n");
        fflush(stdout);
        sync();
        reboot(RB_POWER_OFF);
        printf("Bail out! reboot(RB_POWER_OFF) returned: %s\n", strerror(errno));
    }
    return status;
}
