// mmap and munmap (VM's PosixMemory.Mmap): anonymous memory, private and shared, hint addresses,
// MAP_FIXED and MAP_FIXED_NOREPLACE, PROT_NONE and W^X, and Linux's errors; the stack's growth.
#include "tap.h"
#include <sys/mman.h>

#define PAGE 4096ul

static void *map_anonymous(size_t length, int prot)
{
    return mmap(NULL, length, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

// A range is mapped when mincore answers for it (ENOMEM for any page that is not).
static int mapped(void *address, size_t length)
{
    unsigned char vector[64];
    return length / PAGE <= sizeof vector && mincore(address, length, vector) == 0;
}

static const char *anonymous_private_memory(void)
{
    size_t length = 16 * PAGE;
    char *memory = map_anonymous(length, PROT_READ | PROT_WRITE);
    CHECK(memory != MAP_FAILED);
    CHECK(((uintptr_t)memory & (PAGE - 1)) == 0);
    for (size_t at = 0; at < length; at += 256) CHECK(memory[at] == 0);
    memset(memory, 0xab, length);
    CHECK((unsigned char)memory[length - 1] == 0xab);
    char *other = map_anonymous(length, PROT_READ | PROT_WRITE);
    CHECK(other != MAP_FAILED && (other + length <= memory || memory + length <= other));
    CHECK(other[0] == 0 && (unsigned char)memory[0] == 0xab);
    CHECK(munmap(memory, length) == 0 && munmap(other, length) == 0);
    CHECK(!mapped(memory, length));
    return NULL;
}

static const char *large_mapping_is_demand_paged(void)
{
    size_t length = 64ul << 20;
    char *memory = map_anonymous(length, PROT_READ | PROT_WRITE);
    CHECK(memory != MAP_FAILED);
    for (size_t at = 0; at < length; at += 16 * PAGE) memory[at] = (char)(at >> 16);
    for (size_t at = 0; at < length; at += 16 * PAGE) CHECK(memory[at] == (char)(at >> 16));
    CHECK(munmap(memory, length) == 0);
    return NULL;
}

static const char *hints_are_taken_where_free(void)
{
    char *area = map_anonymous(8 * PAGE, PROT_READ | PROT_WRITE);
    CHECK(area != MAP_FAILED);
    CHECK(munmap(area + 2 * PAGE, 4 * PAGE) == 0);
    // Free: taken as it is, or rounded down to its page (x86 Linux's rounding).
    char *exact = mmap(area + 2 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(exact == area + 2 * PAGE);
    char *rounded = mmap(area + 3 * PAGE + 1, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(rounded == area + 3 * PAGE);
    // Taken: the mapping goes elsewhere, over nothing of the others (the free pages 4 and 5
    // of the area may be where).
    char *elsewhere = mmap(area, 2 * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(elsewhere != MAP_FAILED && elsewhere != area);
    CHECK(elsewhere + 2 * PAGE <= area || elsewhere == area + 4 * PAGE || area + 8 * PAGE <= elsewhere);
    CHECK(munmap(area, 8 * PAGE) == 0 && munmap(elsewhere, 2 * PAGE) == 0);
    return NULL;
}

static const char *map_fixed_replaces(void)
{
    // Three pages with three free ones above them (where nothing else of the program is).
    char *memory = map_anonymous(6 * PAGE, PROT_READ | PROT_WRITE);
    CHECK(memory != MAP_FAILED && munmap(memory + 3 * PAGE, 3 * PAGE) == 0);
    memset(memory, 7, 3 * PAGE);
    char *middle = mmap(memory + PAGE, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK(middle == memory + PAGE);
    CHECK(middle[0] == 0 && middle[PAGE - 1] == 0);         // a fresh page
    CHECK(memory[PAGE - 1] == 7 && memory[2 * PAGE] == 7);  // its neighbours kept
    // Over a hole and the end of a mapping, and over nothing at all.
    CHECK(munmap(memory + PAGE, PAGE) == 0);
    CHECK(mmap(memory + PAGE, 4 * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == memory + PAGE);
    CHECK(memory[0] == 7 && memory[2 * PAGE] == 0 && mapped(memory, 5 * PAGE));
    CHECK_ERRNO(mmap(memory + 1, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), EINVAL);
    CHECK(munmap(memory, 5 * PAGE) == 0);
    return NULL;
}

static const char *map_fixed_noreplace_refuses(void)
{
    char *memory = map_anonymous(4 * PAGE, PROT_READ | PROT_WRITE);
    CHECK(memory != MAP_FAILED);
    memory[PAGE] = 3;
    CHECK(munmap(memory + 2 * PAGE, 2 * PAGE) == 0);
    CHECK_ERRNO(mmap(memory + PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), EEXIST);
    CHECK_ERRNO(mmap(memory + PAGE, 2 * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), EEXIST);
    CHECK(memory[PAGE] == 3);
    CHECK(mmap(memory + 2 * PAGE, 2 * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) == memory + 2 * PAGE);
    CHECK(munmap(memory, 4 * PAGE) == 0);
    return NULL;
}

static const char *munmap_cuts_holes(void)
{
    char *memory = map_anonymous(3 * PAGE, PROT_READ | PROT_WRITE);
    CHECK(memory != MAP_FAILED);
    memset(memory, 1, 3 * PAGE);
    CHECK(munmap(memory + PAGE, PAGE) == 0);
    CHECK(mapped(memory, PAGE) && mapped(memory + 2 * PAGE, PAGE) && !mapped(memory + PAGE, PAGE));
    CHECK(memory[0] == 1 && memory[2 * PAGE] == 1);
    CHECK(munmap(memory, 3 * PAGE) == 0);                   // across the hole is fine
    CHECK(munmap(memory, 3 * PAGE) == 0);                   // and over nothing too
    CHECK(!mapped(memory, 3 * PAGE));
    CHECK_ERRNO(syscall(SYS_munmap, memory + 1, PAGE), EINVAL);
    CHECK_ERRNO(syscall(SYS_munmap, memory, 0), EINVAL);
    CHECK_ERRNO(syscall(SYS_munmap, 0x7ffffffff000ul, 2 * PAGE), EINVAL);
    CHECK_ERRNO(syscall(SYS_munmap, memory, -PAGE), EINVAL);
    return NULL;
}

static const char *bad_arguments(void)
{
    CHECK_ERRNO(syscall(SYS_mmap, 0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL);
    CHECK_ERRNO(syscall(SYS_mmap, 0, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 100), EINVAL);   // unaligned offset
    CHECK_ERRNO(syscall(SYS_mmap, 0, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0), EINVAL);                    // neither private nor shared
    CHECK_ERRNO(syscall(SYS_mmap, 0, PAGE, PROT_READ, 0x0f | MAP_ANONYMOUS, -1, 0), EINVAL);
    CHECK_ERRNO(syscall(SYS_mmap, 0, PAGE, PROT_READ, MAP_PRIVATE, -1, 0), EBADF);                       // a file mapping without a file
    CHECK_ERRNO(syscall(SYS_mmap, 0, 0, PROT_READ, MAP_PRIVATE, -1, 0), EBADF);                          // the file first, as Linux
    CHECK_ERRNO(syscall(SYS_mmap, 0, -PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), ENOMEM);     // more than there is
    CHECK_ERRNO(syscall(SYS_mmap, 0, 1ul << 47, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), ENOMEM);
    CHECK_ERRNO(syscall(SYS_mmap, 0x7ffffffff000ul, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), ENOMEM);
    CHECK_ERRNO(syscall(SYS_mmap, 0x800000000000ul, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), ENOMEM);
    CHECK_ERRNO(syscall(SYS_mmap, 0, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0), ENOMEM);
    // Flags Linux does not know are ignored, except with MAP_SHARED_VALIDATE.
    void *ignored = (void *)syscall(SYS_mmap, 0, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | 0x800000, -1, 0);
    CHECK(ignored != MAP_FAILED && munmap(ignored, PAGE) == 0);
    return NULL;
}

static const char *prot_none_keeps_its_place(void)
{
    char *memory = map_anonymous(2 * PAGE, PROT_NONE);
    CHECK(memory != MAP_FAILED);
    CHECK(mapped(memory, 2 * PAGE));
    // Nothing else is placed there, and it can be opened up later.
    CHECK_ERRNO(mmap(memory, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), EEXIST);
    CHECK(mprotect(memory, 2 * PAGE, PROT_READ | PROT_WRITE) == 0);
    CHECK(memory[0] == 0 && memory[2 * PAGE - 1] == 0);
    memory[5] = 5;
    CHECK(mprotect(memory, 2 * PAGE, PROT_NONE) == 0);
    CHECK(mprotect(memory, 2 * PAGE, PROT_READ) == 0);
    CHECK(memory[5] == 5);                                  // its bytes were kept while out of reach
    CHECK(munmap(memory, 2 * PAGE) == 0);
    return NULL;
}

static const char *writable_and_executable_never_together(void)
{
    // Lunix keeps W^X: it refuses the pair with EACCES, as Linux does under a policy that
    // refuses it (SELinux's execmem); a Linux without one maps it. Either way, nothing else.
    errno = 0;
    char *both = map_anonymous(PAGE, PROT_READ | PROT_WRITE | PROT_EXEC);
    CHECK(both != MAP_FAILED || errno == EACCES);
    if (both != MAP_FAILED) CHECK(munmap(both, PAGE) == 0);
    char *code = map_anonymous(PAGE, PROT_READ | PROT_EXEC);
    CHECK(code != MAP_FAILED);
    CHECK(code[0] == 0 && code[PAGE - 1] == 0);             // executable memory is readable
    errno = 0;
    int refused = mprotect(code, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC);
    CHECK(refused == 0 || errno == EACCES);
    CHECK(munmap(code, PAGE) == 0);
    return NULL;
}

static const char *shared_anonymous_memory(void)
{
    int *shared = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(shared != MAP_FAILED);
    CHECK(shared[0] == 0 && shared[2 * PAGE / sizeof(int) - 1] == 0);
    shared[1] = 11;
    CHECK(shared[1] == 11);
    CHECK(munmap(shared, 2 * PAGE) == 0);
    return NULL;
}

static const char *populate_and_32bit(void)
{
    unsigned char vector[4];
    char *populated = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    CHECK(populated != MAP_FAILED);
    CHECK(mincore(populated, 4 * PAGE, vector) == 0);
    CHECK(vector[0] & vector[1] & vector[2] & vector[3] & 1);
    CHECK(populated[PAGE] == 0 && munmap(populated, 4 * PAGE) == 0);
    char *low = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    CHECK(low != MAP_FAILED && (uintptr_t)low + PAGE <= 0x80000000ul);
    CHECK(munmap(low, PAGE) == 0);
    return NULL;
}

static const char *many_mappings(void)
{
    // Placed one after the other, mappings alike join (as Linux's do), so many fit.
    static char *pages[300];
    for (int i = 0; i < 300; i++) {
        pages[i] = map_anonymous(PAGE, PROT_READ | PROT_WRITE);
        CHECK(pages[i] != MAP_FAILED);
        pages[i][0] = (char)i;
    }
    for (int i = 0; i < 300; i++) CHECK(pages[i][0] == (char)i);
    for (int i = 0; i < 300; i++) CHECK(munmap(pages[i], PAGE) == 0 && (i == 299 || pages[i + 1][0] == (char)(i + 1)));
    return NULL;
}

// Touches `kib` KiB of stack below the caller, a KiB a frame.
static __attribute__((noinline)) int touch_stack(int kib)
{
    volatile char buffer[1024];
    buffer[0] = (char)kib;
    buffer[1023] = 1;
    if (kib == 0) return buffer[1023];
    return touch_stack(kib - 1) + buffer[1023];
}

static const char *stack_grows_on_demand(void)
{
    CHECK(touch_stack(4096) == 4097);                       // 4 MiB below here
    return NULL;
}

int main(int argc, char **argv)
{
    static const struct tap_check checks[] = {
        { "anonymous private memory: page-aligned, zeroed, writable, apart from other mappings, gone after munmap", anonymous_private_memory },
        { "a 64 MiB anonymous mapping is usable page by page", large_mapping_is_demand_paged },
        { "a hint is taken where the range is free (rounded down to its page), else the mapping goes elsewhere", hints_are_taken_where_free },
        { "MAP_FIXED replaces a page with a fresh one and keeps its neighbours, also over holes; EINVAL unaligned", map_fixed_replaces },
        { "MAP_FIXED_NOREPLACE refuses any overlap with EEXIST and maps a free range where asked", map_fixed_noreplace_refuses },
        { "munmap cuts a hole in a mapping, takes holes and nothing fine; EINVAL unaligned, empty, past user space", munmap_cuts_holes },
        { "mmap refuses as Linux: length 0, unaligned offset, bad type (EINVAL), no file (EBADF), too long or past user space, MAP_HUGETLB (ENOMEM)", bad_arguments },
        { "PROT_NONE memory holds its place and its bytes until mprotect opens it", prot_none_keeps_its_place },
        { "writable and executable never together (EACCES on Lunix); PROT_READ|PROT_EXEC memory is readable", writable_and_executable_never_together },
        { "MAP_SHARED|MAP_ANONYMOUS memory is zeroed and writable", shared_anonymous_memory },
        { "MAP_POPULATE maps every page at once; MAP_32BIT maps below 2 GiB", populate_and_32bit },
        { "300 one-page mappings, each written, then unmapped one by one", many_mappings },
        { "the stack grows on demand by 4 MiB", stack_grows_on_demand },
    };
    return tap_main(argc, argv, checks, sizeof checks / sizeof checks[0]);
}
