// Memory across fork (VM's Forks and the kernel's FORK): MAP_SHARED memory stays shared both
// ways, touched before the fork or not; private memory, the heap and the program's data are
// the child's own copies; MADV_DONTFORK and MADV_WIPEONFORK; the child's munmap, mprotect and
// mremap leave the parent's memory alone. Each child says how it went by its exit status.
#include "tap.h"
#include <sys/mman.h>
#include <sys/wait.h>

#define PAGE 4096ul

static void *map_anonymous(size_t length, int prot)
{
    return mmap(NULL, length, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static int global = 1;

// The child's exit status, or -1.
static int child_status(pid_t pid)
{
    int status;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
    return WEXITSTATUS(status);
}

static const char *shared_stays_shared_private_is_copied(void)
{
    int *shared = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int *private = map_anonymous(PAGE, PROT_READ | PROT_WRITE);
    CHECK(shared != MAP_FAILED && private != MAP_FAILED);
    shared[0] = 1;
    private[0] = 1;
    pid_t pid = fork();
    if (pid == 0) {
        if (shared[0] != 1 || private[0] != 1) _exit(1);   // both inherited
        shared[0] = 2;
        private[0] = 2;
        _exit(shared[0] == 2 && private[0] == 2 ? 0 : 3);
    }
    CHECK(child_status(pid) == 0);
    CHECK(shared[0] == 2);                                  // the child's write is seen
    CHECK(private[0] == 1);                                 // and its private copy is its own
    CHECK(munmap(shared, PAGE) == 0 && munmap(private, PAGE) == 0);
    return NULL;
}

static const char *untouched_shared_pages_are_shared_too(void)
{
    char *shared = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(shared != MAP_FAILED);
    pid_t pid = fork();
    if (pid == 0) {
        shared[PAGE] = 'c';                                 // the child touches it first
        shared[3 * PAGE + 1] = 'd';
        _exit(0);
    }
    CHECK(child_status(pid) == 0);
    CHECK(shared[PAGE] == 'c' && shared[3 * PAGE + 1] == 'd' && shared[0] == 0);
    CHECK(munmap(shared, 4 * PAGE) == 0);
    return NULL;
}

static const char *heap_and_data_are_copies(void)
{
    char *heap = (char *)syscall(SYS_brk, 0);
    CHECK(syscall(SYS_brk, heap + 2 * PAGE) == (long)(heap + 2 * PAGE));
    heap[0] = 'h';
    global = 5;
    pid_t pid = fork();
    if (pid == 0) {
        if (heap[0] != 'h' || global != 5) _exit(1);
        heap[0] = 'x';
        heap[PAGE] = 'y';
        global = 6;
        // The child's break moves on its own.
        if (syscall(SYS_brk, heap + 8 * PAGE) != (long)(heap + 8 * PAGE)) _exit(2);
        heap[7 * PAGE] = 'z';
        _exit(0);
    }
    CHECK(child_status(pid) == 0);
    CHECK(heap[0] == 'h' && heap[PAGE] == 0 && global == 5);
    CHECK(syscall(SYS_brk, 0) == (long)(heap + 2 * PAGE));
    CHECK(syscall(SYS_brk, heap) == (long)heap);
    return NULL;
}

static const char *fork_advice(void)
{
    char *kept = map_anonymous(PAGE, PROT_READ | PROT_WRITE);
    char *dropped = map_anonymous(PAGE, PROT_READ | PROT_WRITE);
    char *wiped = map_anonymous(2 * PAGE, PROT_READ | PROT_WRITE);
    CHECK(kept != MAP_FAILED && dropped != MAP_FAILED && wiped != MAP_FAILED);
    kept[0] = dropped[0] = wiped[0] = wiped[PAGE] = 'k';
    CHECK(madvise(dropped, PAGE, MADV_DONTFORK) == 0);
    CHECK(madvise(wiped, 2 * PAGE, MADV_WIPEONFORK) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        unsigned char vector[2];
        if (kept[0] != 'k') _exit(1);
        if (mincore(dropped, PAGE, vector) == 0 || errno != ENOMEM) _exit(2);   // not the child's
        if (wiped[0] != 0 || wiped[PAGE] != 0) _exit(3);                        // the child's, empty
        wiped[0] = 'w';
        _exit(0);
    }
    CHECK(child_status(pid) == 0);
    CHECK(dropped[0] == 'k' && wiped[0] == 'k' && wiped[PAGE] == 'k');
    CHECK(madvise(wiped, 2 * PAGE, MADV_KEEPONFORK) == 0 && madvise(dropped, PAGE, MADV_DOFORK) == 0);
    pid = fork();
    if (pid == 0) _exit(dropped[0] == 'k' && wiped[PAGE] == 'k' ? 0 : 1);
    CHECK(child_status(pid) == 0);
    CHECK(munmap(kept, PAGE) == 0 && munmap(dropped, PAGE) == 0 && munmap(wiped, 2 * PAGE) == 0);
    return NULL;
}

static const char *the_childs_changes_are_its_own(void)
{
    char *memory = map_anonymous(4 * PAGE, PROT_READ | PROT_WRITE);
    CHECK(memory != MAP_FAILED);
    memset(memory, 'p', 4 * PAGE);
    pid_t pid = fork();
    if (pid == 0) {
        if (munmap(memory, PAGE) != 0) _exit(1);
        if (mprotect(memory + PAGE, PAGE, PROT_READ) != 0) _exit(2);
        char *moved = mremap(memory + 2 * PAGE, 2 * PAGE, 16 * PAGE, MREMAP_MAYMOVE);
        if (moved == MAP_FAILED || moved[0] != 'p' || moved[2 * PAGE - 1] != 'p') _exit(3);
        moved[0] = 'm';
        _exit(0);
    }
    CHECK(child_status(pid) == 0);
    CHECK(memory[0] == 'p' && memory[2 * PAGE] == 'p' && memory[4 * PAGE - 1] == 'p');
    memory[PAGE] = 'w';                                     // still writable here
    CHECK(munmap(memory, 4 * PAGE) == 0);
    return NULL;
}

int main(int argc, char **argv)
{
    static const struct tap_check checks[] = {
        { "after fork, MAP_SHARED anonymous memory is shared and MAP_PRIVATE memory is copy-on-write", shared_stays_shared_private_is_copied },
        { "shared pages nobody touched before the fork are shared too once touched", untouched_shared_pages_are_shared_too },
        { "the heap and the program's data are the child's own copies, and its break its own", heap_and_data_are_copies },
        { "MADV_DONTFORK keeps a mapping from the child, MADV_WIPEONFORK gives it empty; DOFORK and KEEPONFORK undo them", fork_advice },
        { "the child's munmap, mprotect and mremap of inherited memory leave the parent's alone", the_childs_changes_are_its_own },
    };
    // Without fork there is nothing to check here (Lunix's PM answers it later than VM does).
    pid_t probe = fork();
    if (probe < 0 && errno == ENOSYS) {
        printf("1..0 # SKIP fork is not there yet (ENOSYS)\n");
        return 0;
    }
    if (probe == 0) _exit(0);
    child_status(probe);
    return tap_main(argc, argv, checks, sizeof checks / sizeof checks[0]);
}
