// brk, the program break (VM's ProgramBreak): where it starts, growing with zeroed memory,
// shrinking with memory given back, and the requests Linux answers with the old break.
#include "tap.h"
#include <sys/mman.h>
#include <stdlib.h>

#define PAGE 4096ul

extern char end;                        // the linker's: the end of the program's data

static uintptr_t brk_now(void) { return (uintptr_t)syscall(SYS_brk, 0); }
static uintptr_t page_up(uintptr_t address) { return (address + PAGE - 1) & ~(PAGE - 1); }

static const char *starts_after_the_program(void)
{
    uintptr_t now = brk_now();
    CHECK(now >= (uintptr_t)&end);
    CHECK((uintptr_t)syscall(SYS_brk, now) == now);             // asking for the break it has changes nothing
    CHECK(brk_now() == now);
    return NULL;
}

static const char *grows_with_zeroed_memory(void)
{
    uintptr_t start = brk_now(), wanted = start + 3 * PAGE + 100;
    CHECK((uintptr_t)syscall(SYS_brk, wanted) == wanted);       // the break moves by bytes, not pages
    CHECK(brk_now() == wanted);
    for (uintptr_t at = page_up(start); at < wanted; at += 64) CHECK(*(volatile char *)at == 0);
    memset((void *)start, 0x5a, wanted - start);
    CHECK(*(volatile unsigned char *)(wanted - 1) == 0x5a);
    CHECK((uintptr_t)syscall(SYS_brk, start) == start);
    return NULL;
}

static const char *shrinking_gives_memory_back(void)
{
    uintptr_t start = brk_now(), first = page_up(start);
    CHECK((uintptr_t)syscall(SYS_brk, first + 8 * PAGE) == first + 8 * PAGE);
    memset((void *)first, 0x77, 8 * PAGE);
    CHECK((uintptr_t)syscall(SYS_brk, first + 2 * PAGE) == first + 2 * PAGE);
    // The pages above the new break are gone: grown again, they read zero; those below are kept.
    CHECK((uintptr_t)syscall(SYS_brk, first + 8 * PAGE) == first + 8 * PAGE);
    CHECK(*(volatile unsigned char *)(first + 2 * PAGE - 1) == 0x77);
    for (uintptr_t at = first + 2 * PAGE; at < first + 8 * PAGE; at += 512) CHECK(*(volatile char *)at == 0);
    CHECK((uintptr_t)syscall(SYS_brk, start) == start);
    return NULL;
}

static const char *refusals_answer_the_old_break(void)
{
    uintptr_t start = brk_now();
    CHECK((uintptr_t)syscall(SYS_brk, 4096) == start);            // below where the break area starts
    CHECK((uintptr_t)syscall(SYS_brk, 0x7ffffffff000ul) == start); // into the stack and past it
    CHECK((uintptr_t)syscall(SYS_brk, ~0ul - 10) == start);      // past user space
    CHECK(brk_now() == start);
    return NULL;
}

static const char *stops_before_a_mapping(void)
{
    uintptr_t start = brk_now();
    // A mapping just above the break (where nothing else is, on Linux and Lunix alike).
    char *above = mmap((void *)(page_up(start) + 64 * PAGE), PAGE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    CHECK(above != MAP_FAILED);
    above[0] = 1;
    CHECK((uintptr_t)syscall(SYS_brk, (uintptr_t)above + PAGE) == start);   // over it: refused
    CHECK((uintptr_t)syscall(SYS_brk, (uintptr_t)above + 100 * PAGE) == start);
    CHECK((uintptr_t)syscall(SYS_brk, (uintptr_t)above) == start);          // up to it: a page must stay between
    CHECK(above[0] == 1);
    CHECK((uintptr_t)syscall(SYS_brk, (uintptr_t)above - PAGE) == (uintptr_t)above - PAGE);   // a page below it: fine
    CHECK((uintptr_t)syscall(SYS_brk, start) == start);
    CHECK(munmap(above, PAGE) == 0);
    return NULL;
}

static const char *malloc_still_works(void)
{
    // musl's malloc takes its bookkeeping from brk and its blocks from mmap.
    for (size_t size = 1; size <= (4u << 20); size *= 5) {
        unsigned char *block = malloc(size);
        CHECK(block != NULL);
        memset(block, 0xee, size);
        CHECK(block[size - 1] == 0xee);
        free(block);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    static const struct tap_check checks[] = {
        { "brk(0) answers the break, which starts after the program's data", starts_after_the_program },
        { "growing the break gives zeroed, writable memory up to it, to the byte", grows_with_zeroed_memory },
        { "shrinking the break gives the pages above it back: grown again, they read zero", shrinking_gives_memory_back },
        { "a break below its start, into the stack or past user space answers the old break", refusals_answer_the_old_break },
        { "the break does not grow into a mapping (nor up to it), but up to a page below it", stops_before_a_mapping },
        { "malloc of 1 B to 4 MiB works around it", malloc_still_works },
    };
    return tap_main(argc, argv, checks, sizeof checks / sizeof checks[0]);
}
