// mprotect (VM's PosixMemory.Mprotect): rights that change and keep the bytes, code made
// executable once written (W^X's way), the program's own data (what glibc's RELRO does at
// start-up), splits, and Linux's errors.
#include "tap.h"
#include <sys/mman.h>

#define PAGE 4096ul

static void *map_anonymous(size_t length, int prot)
{
    return mmap(NULL, length, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

// Three pages of the program's own data (a segment EXEC loaded), page-aligned.
static char data[3 * PAGE] __attribute__((aligned(4096))) = { 1 };

static const char *rights_change_bytes_stay(void)
{
    char *memory = map_anonymous(2 * PAGE, PROT_READ | PROT_WRITE);
    CHECK(memory != MAP_FAILED);
    memory[PAGE + 5] = 42;
    CHECK(mprotect(memory + PAGE, PAGE, PROT_READ) == 0);
    CHECK(memory[PAGE + 5] == 42);
    memory[3] = 3;                                          // the first page is still writable
    CHECK(mprotect(memory, 2 * PAGE, PROT_READ | PROT_WRITE) == 0);
    memory[PAGE + 6] = 43;
    CHECK(memory[PAGE + 5] == 42 && memory[PAGE + 6] == 43 && memory[3] == 3);
    CHECK(munmap(memory, 2 * PAGE) == 0);
    return NULL;
}

static const char *untouched_pages_get_the_new_rights(void)
{
    // Made read-only before any touch: the pages come at their first read, zeroed.
    char *memory = map_anonymous(4 * PAGE, PROT_READ | PROT_WRITE);
    CHECK(memory != MAP_FAILED);
    CHECK(mprotect(memory, 4 * PAGE, PROT_READ) == 0);
    CHECK(memory[0] == 0 && memory[3 * PAGE] == 0);
    CHECK(mprotect(memory + 2 * PAGE, 2 * PAGE, PROT_READ | PROT_WRITE) == 0);
    memory[3 * PAGE + 1] = 9;
    CHECK(memory[3 * PAGE + 1] == 9 && memory[3 * PAGE] == 0);
    CHECK(munmap(memory, 4 * PAGE) == 0);
    return NULL;
}

static const char *written_code_runs(void)
{
    static const unsigned char forty_two[] = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3 };   // mov eax, 42; ret
    static const unsigned char seven[] = { 0xb8, 0x07, 0x00, 0x00, 0x00, 0xc3 };       // mov eax, 7; ret
    unsigned char *page = map_anonymous(PAGE, PROT_READ | PROT_WRITE);
    CHECK(page != MAP_FAILED);
    memcpy(page, forty_two, sizeof forty_two);
    CHECK(mprotect(page, PAGE, PROT_READ | PROT_EXEC) == 0);
    int (*function)(void) = (int (*)(void))(void *)page;
    CHECK(function() == 42);
    CHECK(mprotect(page, PAGE, PROT_READ | PROT_WRITE) == 0);
    memcpy(page, seven, sizeof seven);
    CHECK(mprotect(page, PAGE, PROT_EXEC) == 0);            // PROT_EXEC alone: readable too on x86
    CHECK(function() == 7 && page[1] == 7);
    CHECK(munmap(page, PAGE) == 0);
    return NULL;
}

static const char *the_programs_own_data(void)
{
    // glibc's RELRO: relocated data made read-only. Here the middle page, then back.
    data[PAGE] = 5;
    CHECK(mprotect(data + PAGE, PAGE, PROT_READ) == 0);
    CHECK(data[PAGE] == 5 && data[0] == 1);
    data[2 * PAGE] = 6;                                      // its neighbours keep their rights
    CHECK(mprotect(data + PAGE, PAGE, PROT_READ | PROT_WRITE) == 0);
    data[PAGE + 1] = 7;
    CHECK(data[PAGE] == 5 && data[PAGE + 1] == 7 && data[2 * PAGE] == 6);
    return NULL;
}

static const char *splits_and_joins(void)
{
    char *memory = map_anonymous(8 * PAGE, PROT_READ | PROT_WRITE);
    CHECK(memory != MAP_FAILED);
    for (int i = 0; i < 8; i++) memory[i * PAGE] = (char)i;
    for (int i = 1; i < 8; i += 2) CHECK(mprotect(memory + i * PAGE, PAGE, PROT_READ) == 0);
    CHECK(mprotect(memory, 8 * PAGE, PROT_READ | PROT_WRITE) == 0);   // across all the pieces
    for (int i = 0; i < 8; i++) CHECK(memory[i * PAGE] == (char)i);
    memory[7 * PAGE + 1] = 1;
    CHECK(munmap(memory, 8 * PAGE) == 0);
    return NULL;
}

static const char *bad_arguments(void)
{
    char *memory = map_anonymous(4 * PAGE, PROT_READ | PROT_WRITE);
    CHECK(memory != MAP_FAILED && munmap(memory + 2 * PAGE, PAGE) == 0);
    CHECK_ERRNO(syscall(SYS_mprotect, memory + 1, PAGE, PROT_READ), EINVAL);   // musl's mprotect would round down
    CHECK(syscall(SYS_mprotect, memory, 0, PROT_READ) == 0);                     // nothing to do
    CHECK(syscall(SYS_mprotect, memory, 0, 0x10) == 0);                          // not even checking the rights
    CHECK_ERRNO(syscall(SYS_mprotect, memory, PAGE, 0x10), EINVAL);
    CHECK_ERRNO(syscall(SYS_mprotect, memory, PAGE, PROT_READ | PROT_GROWSDOWN), EINVAL);
    // Over the hole (Linux changes the pages before it, Lunix none: the answer is the same).
    CHECK_ERRNO(syscall(SYS_mprotect, memory, 4 * PAGE, PROT_READ), ENOMEM);
    CHECK_ERRNO(syscall(SYS_mprotect, memory + 2 * PAGE, PAGE, PROT_READ), ENOMEM);
    CHECK_ERRNO(syscall(SYS_mprotect, memory, -PAGE, PROT_READ), ENOMEM);
    CHECK_ERRNO(syscall(SYS_mprotect, 0x800000000000ul, PAGE, PROT_READ), ENOMEM);
    CHECK(munmap(memory, 4 * PAGE) == 0);
    return NULL;
}

int main(int argc, char **argv)
{
    static const struct tap_check checks[] = {
        { "mprotect PROT_READ on part of a mapping keeps its bytes; back to writable, writes work again", rights_change_bytes_stay },
        { "pages not touched yet get the rights mprotect gave their range", untouched_pages_get_the_new_rights },
        { "code written to a page made PROT_READ|PROT_EXEC runs; rewritten and made PROT_EXEC, it runs anew", written_code_runs },
        { "the program's own data: a page made read-only and writable again (RELRO's call)", the_programs_own_data },
        { "a mapping cut in pieces by mprotect is changed whole by one mprotect across them", splits_and_joins },
        { "mprotect refuses as Linux: unaligned or unknown rights (EINVAL), a hole or past user space (ENOMEM); length 0 is fine", bad_arguments },
    };
    return tap_main(argc, argv, checks, sizeof checks / sizeof checks[0]);
}
