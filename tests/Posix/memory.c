// Memory: brk, anonymous and file mappings (private and shared, across fork), MAP_FIXED,
// munmap, mprotect with SIGSEGV caught, mremap, madvise, executable pages, stack growth.
#include "tap.h"
#include <setjmp.h>
#include <sys/mman.h>

#define PAGE 4096ul

static sigjmp_buf recover;
static volatile uintptr_t fault_address;
static volatile int fault_code;

static void on_segv(int signal, siginfo_t *info, void *context)
{
    (void)signal; (void)context;
    fault_address = (uintptr_t)info->si_addr;
    fault_code = info->si_code;
    siglongjmp(recover, 1);
}

static void catch_segv(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_segv;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    sigaction(SIGSEGV, &action, NULL);
}

// 1 when writing (or reading) one byte at the address faults, 0 when it does not.
static int faults(volatile char *address, int write)
{
    fault_address = 0;
    fault_code = 0;
    if (sigsetjmp(recover, 1)) return 1;
    if (write) *address = 1;
    else (void)*address;
    return 0;
}

static const char *brk_grows_and_shrinks(void)
{
    uintptr_t start = (uintptr_t)syscall(SYS_brk, 0);
    CHECK(start != 0);
    CHECK((uintptr_t)sbrk(0) == start);                     // musl's sbrk(0) asks the same
    uintptr_t grown = (uintptr_t)syscall(SYS_brk, start + 64 * 1024);
    CHECK(grown == start + 64 * 1024);
    for (uintptr_t at = start; at < grown; at += 512) CHECK(*(volatile char *)at == 0);
    memset((void *)start, 0x5a, grown - start);
    CHECK(syscall(SYS_brk, start) == (long)start);         // shrink back
    CHECK(syscall(SYS_brk, 0) == (long)start);
    // Grown again, the memory given back reads zero once more.
    CHECK(syscall(SYS_brk, start + 2 * PAGE) == (long)(start + 2 * PAGE));
    uintptr_t first_page = (start + PAGE - 1) & ~(PAGE - 1);
    CHECK(*(volatile char *)(first_page + 10) == 0);
    CHECK(syscall(SYS_brk, start) == (long)start);
    // A break below the start is refused: the old break comes back.
    CHECK(syscall(SYS_brk, 4096) == (long)start);
    return NULL;
}

static const char *anonymous_private_is_zeroed(void)
{
    size_t length = 16 * PAGE;
    char *memory = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(memory != MAP_FAILED);
    CHECK(((uintptr_t)memory & (PAGE - 1)) == 0);
    for (size_t i = 0; i < length; i += 512) CHECK(memory[i] == 0);
    memset(memory, 0xab, length);
    CHECK((unsigned char)memory[length - 1] == 0xab);
    CHECK(munmap(memory, length) == 0);
    // A second mapping does not overlap a live one.
    char *first = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *second = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(first != MAP_FAILED && second != MAP_FAILED && first != second);
    munmap(first, PAGE);
    munmap(second, PAGE);
    return NULL;
}

static const char *shared_and_private_across_fork(void)
{
    int *shared = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    int *private = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(shared != MAP_FAILED && private != MAP_FAILED);
    shared[0] = 1;
    private[0] = 1;
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        if (shared[0] != 1 || private[0] != 1) _exit(1);   // both inherited
        shared[0] = 2;
        private[0] = 2;
        _exit(0);
    }
    CHECK(tap_exited_with(pid, 0));
    CHECK(shared[0] == 2);                                  // the child's write is seen
    CHECK(private[0] == 1);                                 // copy-on-write: the child had its own
    // And the other way: the parent writes while the child waits, the child sees only the shared one.
    int ready[2];
    CHECK(pipe(ready) == 0);
    pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        char byte;
        close(ready[1]);
        if (read(ready[0], &byte, 1) != 1) _exit(1);
        _exit(shared[0] == 3 && private[0] == 1 ? 0 : 2);
    }
    close(ready[0]);
    shared[0] = 3;
    private[0] = 3;
    CHECK(write(ready[1], "g", 1) == 1);
    close(ready[1]);
    CHECK(tap_exited_with(pid, 0));
    munmap(shared, PAGE);
    munmap(private, PAGE);
    return NULL;
}

static const char *map_fixed_replaces(void)
{
    char *memory = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(memory != MAP_FAILED);
    memset(memory, 7, 3 * PAGE);
    char *middle = mmap(memory + PAGE, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK(middle == memory + PAGE);
    CHECK(middle[0] == 0 && middle[PAGE - 1] == 0);         // fresh page
    CHECK(memory[PAGE - 1] == 7 && memory[2 * PAGE] == 7);  // neighbours kept
    CHECK(mmap(memory + 1, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED && errno == EINVAL);
    CHECK(munmap(memory, 3 * PAGE) == 0);
    return NULL;
}

static const char *munmap_leaves_a_hole(void)
{
    catch_segv();
    char *memory = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(memory != MAP_FAILED);
    memset(memory, 1, 3 * PAGE);
    CHECK(munmap(memory + PAGE, PAGE) == 0);
    CHECK(!faults(memory, 1) && !faults(memory + 2 * PAGE, 1));
    CHECK(faults(memory + PAGE + 100, 0));
    CHECK(fault_address == (uintptr_t)(memory + PAGE + 100));
    CHECK(fault_code == SEGV_MAPERR);
    CHECK(munmap(memory, 3 * PAGE) == 0);                   // unmapping across the hole is fine
    CHECK(munmap(memory, 3 * PAGE) == 0);                   // and unmapping nothing too
    CHECK_ERRNO(munmap(memory + 1, PAGE), EINVAL);
    CHECK_ERRNO(munmap(memory, 0), EINVAL);
    return NULL;
}

static const char *mprotect_read_only_faults(void)
{
    catch_segv();
    char *memory = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(memory != MAP_FAILED);
    memory[PAGE + 5] = 42;
    CHECK(mprotect(memory + PAGE, PAGE, PROT_READ) == 0);
    CHECK(!faults(memory + PAGE + 5, 0));
    CHECK(memory[PAGE + 5] == 42);
    CHECK(faults(memory + PAGE + 9, 1));
    CHECK(fault_address == (uintptr_t)(memory + PAGE + 9));
    CHECK(fault_code == SEGV_ACCERR);
    CHECK(memory[PAGE + 9] == 0);                           // the write did not happen
    CHECK(!faults(memory + 3, 1));                          // the first page is still writable
    CHECK(mprotect(memory + PAGE, PAGE, PROT_NONE) == 0);
    CHECK(faults(memory + PAGE, 0) && fault_code == SEGV_ACCERR);
    CHECK(mprotect(memory + PAGE, PAGE, PROT_READ | PROT_WRITE) == 0);
    CHECK(!faults(memory + PAGE + 9, 1));
    CHECK(memory[PAGE + 5] == 42);
    CHECK_ERRNO(syscall(SYS_mprotect, memory + 1, PAGE, PROT_READ), EINVAL);   // musl's mprotect would round down
    CHECK(munmap(memory, 2 * PAGE) == 0);
    CHECK_ERRNO(mprotect(memory, PAGE, PROT_READ), ENOMEM);   // nothing mapped there now
    return NULL;
}

static const char *unmapped_read_faults(void)
{
    volatile char *volatile page_zero = (volatile char *)16;
    catch_segv();
    CHECK(faults(page_zero, 0));
    CHECK(fault_address == 16 && fault_code == SEGV_MAPERR);
    // Without a handler, the default action ends the process with SIGSEGV.
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        signal(SIGSEGV, SIG_DFL);
        *page_zero = 1;
        _exit(0);
    }
    int status = tap_wait(pid);
    CHECK(status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
    return NULL;
}

static const char *bad_mmap_arguments(void)
{
    errno = 0;
    CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL);
    errno = 0;
    CHECK(mmap(NULL, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL);   // neither private nor shared
    errno = 0;
    CHECK(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, -1, 0) == MAP_FAILED && errno == EBADF);      // a file mapping without a file
    int fd = open("file", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0);
    errno = 0;
    CHECK(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 100) == MAP_FAILED && errno == EINVAL);   // unaligned offset
    close(fd);
    CHECK((fd = open("file", O_RDONLY)) >= 0);
    errno = 0;
    CHECK(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED && errno == EACCES);   // shared and writable, read-only file
    close(fd);
    CHECK(unlink("file") == 0);
    return NULL;
}

static const char *file_mappings(void)
{
    int fd = open("mapped", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK(ftruncate(fd, 2 * PAGE) == 0);
    CHECK(pwrite(fd, "file bytes", 10, PAGE) == 10);
    char *private = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    char *shared = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK(private != MAP_FAILED && shared != MAP_FAILED);
    CHECK(memcmp(private + PAGE, "file bytes", 10) == 0);
    CHECK(memcmp(shared + PAGE, "file bytes", 10) == 0);
    memcpy(private, "private", 7);                          // stays in this process
    memcpy(shared, "shared!", 7);                           // reaches the file
    char buffer[8];
    CHECK(pread(fd, buffer, 7, 0) == 7 && memcmp(buffer, "shared!", 7) == 0);
    CHECK(pwrite(fd, "written", 7, 100) == 7);
    CHECK(memcmp(shared + 100, "written", 7) == 0);         // a write() shows in the shared mapping
    CHECK(msync(shared, 2 * PAGE, MS_SYNC) == 0);
    CHECK(munmap(private, 2 * PAGE) == 0 && munmap(shared, 2 * PAGE) == 0);
    // A mapping at an offset starts there.
    char *second = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, PAGE);
    CHECK(second != MAP_FAILED && memcmp(second, "file bytes", 10) == 0);
    munmap(second, PAGE);
    close(fd);
    CHECK(unlink("mapped") == 0);
    return NULL;
}

static const char *mremap_grows_keeping_contents(void)
{
    char *memory = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(memory != MAP_FAILED);
    memset(memory, 'm', 2 * PAGE);
    char *grown = mremap(memory, 2 * PAGE, 64 * PAGE, MREMAP_MAYMOVE);
    CHECK(grown != MAP_FAILED);
    CHECK(grown[0] == 'm' && grown[2 * PAGE - 1] == 'm');
    CHECK(grown[2 * PAGE] == 0 && grown[64 * PAGE - 1] == 0);
    char *shrunk = mremap(grown, 64 * PAGE, PAGE, 0);
    CHECK(shrunk == grown && shrunk[PAGE - 1] == 'm');
    CHECK(munmap(shrunk, PAGE) == 0);
    return NULL;
}

static const char *madvise_dontneed_zeroes(void)
{
    char *memory = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(memory != MAP_FAILED);
    memset(memory, 9, 4 * PAGE);
    CHECK(madvise(memory, 4 * PAGE, MADV_WILLNEED) == 0);
    CHECK(madvise(memory, 4 * PAGE, MADV_NORMAL) == 0);
    CHECK(memory[0] == 9);
    CHECK(madvise(memory + PAGE, 2 * PAGE, MADV_DONTNEED) == 0);
    CHECK(memory[PAGE] == 0 && memory[3 * PAGE - 1] == 0);  // private anonymous pages come back zeroed
    CHECK(memory[PAGE - 1] == 9 && memory[3 * PAGE] == 9);
    CHECK_ERRNO(madvise(memory + 1, PAGE, MADV_NORMAL), EINVAL);
    CHECK(munmap(memory, 4 * PAGE) == 0);
    return NULL;
}

static const char *large_mapping_is_demand_paged(void)
{
    size_t length = 64ul << 20;
    char *memory = mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(memory != MAP_FAILED);
    for (size_t at = 0; at < length; at += 16 * PAGE) memory[at] = (char)(at >> 16);
    for (size_t at = 0; at < length; at += 16 * PAGE) CHECK(memory[at] == (char)(at >> 16));
    CHECK(munmap(memory, length) == 0);
    // malloc of many sizes, through brk and mmap alike.
    for (size_t size = 1; size <= (8u << 20); size *= 3) {
        unsigned char *block = malloc(size);
        CHECK(block != NULL);
        memset(block, 0xee, size);
        CHECK(block[size - 1] == 0xee);
        free(block);
    }
    return NULL;
}

static const char *executable_page_runs(void)
{
    // mov eax, 0x2a; ret
    static const unsigned char code[] = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3 };
    unsigned char *page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(page != MAP_FAILED);
    memcpy(page, code, sizeof code);
    CHECK(mprotect(page, PAGE, PROT_READ | PROT_EXEC) == 0);
    int (*function)(void) = (int (*)(void))(void *)page;
    CHECK(function() == 42);
    CHECK(munmap(page, PAGE) == 0);
    return NULL;
}

// Touches `depth` KiB of stack below this frame, a page at a time from the top down.
static __attribute__((noinline)) int touch_stack(size_t kib)
{
    volatile char buffer[1024];
    buffer[0] = (char)kib;
    buffer[1023] = 1;
    if (kib == 0) return buffer[0];
    return touch_stack(kib - 1) + buffer[1023];
}

static const char *stack_grows_on_demand(void)
{
    CHECK(touch_stack(4096) == 4096);                       // 4 MiB below the current frame
    return NULL;
}

static const struct tap_check checks[] = {
    { "brk grows with zeroed memory, shrinks, gives zeroes again, refuses to go below the start; sbrk(0) agrees", brk_grows_and_shrinks },
    { "anonymous private mmap: page-aligned, zero-filled, writable, and two mappings do not overlap", anonymous_private_is_zeroed },
    { "after fork, MAP_SHARED anonymous memory is shared both ways and MAP_PRIVATE is copy-on-write", shared_and_private_across_fork },
    { "MAP_FIXED replaces the middle page of a mapping with a fresh one, keeps the others; EINVAL unaligned", map_fixed_replaces },
    { "munmap of the middle page leaves a hole that faults with SEGV_MAPERR at the address; EINVAL unaligned or empty", munmap_leaves_a_hole },
    { "mprotect PROT_READ then a write: SIGSEGV caught with si_addr and SEGV_ACCERR; PROT_NONE; back to writable", mprotect_read_only_faults },
    { "a read of page 0 raises SIGSEGV with SEGV_MAPERR; without a handler the process dies of SIGSEGV", unmapped_read_faults },
    { "mmap refuses: length 0, neither private nor shared, no file, unaligned offset, writable shared on a read-only file", bad_mmap_arguments },
    { "file mappings: private and shared see the file, shared writes reach it and write() reaches them, offsets", file_mappings },
    { "mremap grows a mapping keeping its contents, zero after them, and shrinks it in place", mremap_grows_keeping_contents },
    { "madvise WILLNEED and NORMAL succeed; DONTNEED makes private anonymous pages read zero again", madvise_dontneed_zeroes },
    { "a 64 MiB anonymous mapping is usable page by page; malloc of 1 B to 8 MiB works", large_mapping_is_demand_paged },
    { "code written to a page made PROT_READ|PROT_EXEC runs", executable_page_runs },
    { "the main stack grows on demand by 4 MiB", stack_grows_on_demand },
};

int main(int argc, char **argv)
{
    return tap_main(argc, argv, checks, sizeof checks / sizeof checks[0]);
}
