// A touch of memory the process may not touch ends it with SIGSEGV (VM refuses the fault, the
// kernel tells PM, the process's signal manager): PROT_NONE memory, a write to read-only
// memory, an address where nothing is mapped. Each touch is made by a child, whose end the
// parent checks. Without fork (Lunix's PM answers it later than VM does), the process touches
// its PROT_NONE page itself, after its other checks: its own end by SIGSEGV, which PM reports
// ("killed by signal 11"), is then the check, and the boot test reads it.
#include "tap.h"
#include <sys/mman.h>
#include <signal.h>
#include <sys/wait.h>

#define PAGE 4096ul

static void *map_anonymous(size_t length, int prot)
{
    return mmap(NULL, length, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static volatile char *prot_none;

// 1 when a child that writes (or reads) one byte at the address dies of SIGSEGV.
static int touch_kills(volatile char *address, int write)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (write) *address = 1;
        else (void)*address;
        _exit(0);
    }
    int status;
    return pid > 0 && waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV;
}

static const char *prot_none_is_mapped_but_out_of_reach(void)
{
    prot_none = map_anonymous(PAGE, PROT_NONE);
    CHECK(prot_none != MAP_FAILED);
    unsigned char vector;
    CHECK(mincore((void *)prot_none, PAGE, &vector) == 0);
    return NULL;
}

static const char *touches_kill(void)
{
    char *read_only = map_anonymous(PAGE, PROT_READ);
    CHECK(read_only != MAP_FAILED && read_only[0] == 0);
    CHECK(touch_kills(prot_none, 0));
    CHECK(touch_kills(prot_none, 1));
    CHECK(touch_kills(read_only, 1));
    CHECK(touch_kills((volatile char *)16, 0));
    CHECK(read_only[0] == 0);                               // the refused write did not happen
    return NULL;
}

int main(int argc, char **argv)
{
    static const struct tap_check checks[] = {
        { "a PROT_NONE page is mapped (mincore answers for it)", prot_none_is_mapped_but_out_of_reach },
        { "reading or writing PROT_NONE memory, writing read-only memory, reading page 0 kill with SIGSEGV", touches_kill },
    };
    pid_t probe = fork();
    if (probe < 0 && errno == ENOSYS) {
        setvbuf(stdout, NULL, _IOLBF, 0);
        printf("1..1\n");
        printf("%s 1 - %s\n", prot_none_is_mapped_but_out_of_reach() ? "not ok" : "ok", checks[0].name);
        printf("# fork is not there yet (ENOSYS): this process reads its PROT_NONE page itself, and must die of SIGSEGV\n");
        return *prot_none;
    }
    if (probe == 0) _exit(0);
    waitpid(probe, NULL, 0);
    return tap_main(argc, argv, checks, sizeof checks / sizeof checks[0]);
}
