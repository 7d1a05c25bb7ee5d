// service: MINIX's minix-service for Lunix. Lists the services RS runs and asks RS to restart,
// live-update or fault one, through Lunix's own system call (LunixCalls.Service in
// Abi/Linux/LunixCalls.cs), which the kernel routes to RS.
//
//   service [list]                 every service: label, endpoint, state, restarts, crashes
//   service status LABEL           one of them
//   service restart LABEL          restart it now; prints its endpoint once it is up again
//   service update LABEL           live-update it to a new copy of its program (rolled back on failure)
//   service fault LABEL KIND       make it fail on purpose (null-write, endless-loop, exit, ...)
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define LUNIX_SERVICE 0x4C58
enum { COUNT = 0, STATUS = 1, REQUEST = 2 };

struct service_status {             // Abi/Linux/LunixCalls.cs: ServiceStatus
    char label[16];
    int endpoint, state, restarts, crashes;
};

static const char *state_name(int state)
{
    static const char *names[] = {"?", "starting", "up", "waiting", "down", "preparing"};
    return state >= 1 && state <= 5 ? names[state] : names[0];
}

static int fail(const char *what)
{
    if (errno == ENOSYS) fprintf(stderr, "service: no reincarnation server answers (%s): this runs on Lunix only\n", strerror(errno));
    else fprintf(stderr, "service: %s: %s\n", what, strerror(errno));
    return 1;
}

static void show(const struct service_status *status)
{
    printf("%-16.16s %8d  %-9s %8d %7d\n", status->label, status->endpoint, state_name(status->state), status->restarts, status->crashes);
}

static int list(const char *only)
{
    long count = syscall(LUNIX_SERVICE, COUNT);
    if (count < 0) return fail("list");
    printf("%-16s %8s  %-9s %8s %7s\n", "LABEL", "ENDPOINT", "STATE", "RESTARTS", "CRASHES");
    int found = 0;
    for (long i = 0; i < count; i++) {
        struct service_status status;
        if (syscall(LUNIX_SERVICE, STATUS, i, &status, sizeof status) != 0) return fail("status");
        if (only && strncmp(status.label, only, sizeof status.label) != 0) continue;
        show(&status);
        found = 1;
    }
    if (only && !found) {
        fprintf(stderr, "service: no service %s\n", only);
        return 1;
    }
    return 0;
}

static int request(const char *action, const char *label, const char *kind)
{
    char text[64];
    int length = kind ? snprintf(text, sizeof text, "%s:%s:%s", action, label, kind) : snprintf(text, sizeof text, "%s:%s", action, label);
    if (length < 0 || length >= (int)sizeof text) {
        fprintf(stderr, "service: %s: label too long\n", label);
        return 1;
    }
    long result = syscall(LUNIX_SERVICE, REQUEST, text, (long)length);
    if (result < 0) {
        if (errno == EINVAL && kind) fprintf(stderr, "service: %s: no such fault kind (null-write, unmapped-write, endless-loop, garbage-reply, kernel-write, noncanonical-read, text-write, stack-overflow, illegal-instruction, exit, bad-syscall-pointers)\n", kind);
        else if (errno == ENOENT) fprintf(stderr, "service: %s: no such service\n", label);
        else return fail(text);
        return 1;
    }
    if (strcmp(action, "fault") == 0) printf("%s: fault %s injected\n", label, kind);
    else printf("%s: %s done, endpoint %ld\n", label, strcmp(action, "restart") == 0 ? "restart" : "update", result);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 1 || (argc == 2 && strcmp(argv[1], "list") == 0)) return list(0);
    if (argc == 3 && strcmp(argv[1], "status") == 0) return list(argv[2]);
    if (argc == 3 && (strcmp(argv[1], "restart") == 0 || strcmp(argv[1], "update") == 0)) return request(argv[1], argv[2], 0);
    if (argc == 4 && strcmp(argv[1], "fault") == 0) return request("fault", argv[2], argv[3]);
    fprintf(stderr, "usage: service [list]\n"
                    "       service status LABEL\n"
                    "       service restart LABEL\n"
                    "       service update LABEL\n"
                    "       service fault LABEL KIND\n");
    return 2;
}
