// mremap, madvise, msync and mincore (VM's PosixMemory.Mremap, .Madvise, .Mincore): growing in
// place and by moving, shrinking, MREMAP_FIXED, what MADV_DONTNEED gives back, which pages are
// there, and Linux's errors.
#include "tap.h"
#include <sys/mman.h>

#define PAGE 4096ul

static void *map_anonymous(size_t length, int prot)
{
    return mmap(NULL, length, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static const char *mremap_grows_by_moving(void)
{
    char *memory = map_anonymous(2 * PAGE, PROT_READ | PROT_WRITE);
    CHECK(memory != MAP_FAILED);
    memset(memory, 'm', 2 * PAGE);
    char *grown = mremap(memory, 2 * PAGE, 64 * PAGE, MREMAP_MAYMOVE);
    CHECK(grown != MAP_FAILED);
    CHECK(grown[0] == 'm' && grown[2 * PAGE - 1] == 'm');  // the bytes came along
    CHECK(grown[2 * PAGE] == 0 && grown[64 * PAGE - 1] == 0);
    grown[63 * PAGE] = 'g';
    char *shrunk = mremap(grown, 64 * PAGE, PAGE, 0);       // shrinking stays in place
    CHECK(shrunk == grown && shrunk[PAGE - 1] == 'm');
    CHECK(munmap(shrunk, PAGE) == 0);
    return NULL;
}

static const char *mremap_grows_in_place(void)
{
    // Two pages with three free ones above: it grows there, and may without MREMAP_MAYMOVE.
    char *memory = map_anonymous(5 * PAGE, PROT_READ | PROT_WRITE);
    CHECK(memory != MAP_FAILED && munmap(memory + 2 * PAGE, 3 * PAGE) == 0);
    memory[PAGE] = 'p';
    CHECK(mremap(memory, 2 * PAGE, 4 * PAGE, 0) == memory);
    CHECK(memory[PAGE] == 'p' && memory[3 * PAGE] == 0);
    memory[3 * PAGE] = 'q';
    // Blocked by a mapping above, it cannot grow without moving.
    char *above = mmap(memory + 4 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    CHECK(above == memory + 4 * PAGE);
    CHECK_ERRNO(mremap(memory, 4 * PAGE, 5 * PAGE, 0), ENOMEM);
    CHECK(memory[3 * PAGE] == 'q');
    CHECK(munmap(memory, 5 * PAGE) == 0);
    return NULL;
}

static const char *mremap_fixed(void)
{
    char *area = map_anonymous(8 * PAGE, PROT_READ | PROT_WRITE);
    CHECK(area != MAP_FAILED);
    memset(area, 'a', 2 * PAGE);
    memset(area + 4 * PAGE, 'z', 4 * PAGE);
    // Pages 0-1 go to pages 4-6, replacing what was there.
    char *moved = mremap(area, 2 * PAGE, 3 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, area + 4 * PAGE);
    CHECK(moved == area + 4 * PAGE);
    CHECK(moved[0] == 'a' && moved[2 * PAGE - 1] == 'a' && moved[2 * PAGE] == 0);
    CHECK(area[7 * PAGE] == 'z');                           // the page after is kept
    unsigned char vector[2];
    CHECK_ERRNO(mincore(area, 2 * PAGE, vector), ENOMEM);   // the old place is empty
    CHECK_ERRNO(syscall(SYS_mremap, moved, 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, moved + PAGE), EINVAL);   // overlapping
    CHECK_ERRNO(syscall(SYS_mremap, moved, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, area + 1), EINVAL);              // unaligned
    CHECK(munmap(area, 8 * PAGE) == 0);
    return NULL;
}

static const char *mremap_errors(void)
{
    char *memory = map_anonymous(4 * PAGE, PROT_READ | PROT_WRITE);
    CHECK(memory != MAP_FAILED && munmap(memory + 2 * PAGE, PAGE) == 0);
    CHECK_ERRNO(syscall(SYS_mremap, memory + 1, PAGE, 2 * PAGE, 0), EINVAL);
    CHECK_ERRNO(syscall(SYS_mremap, memory, PAGE, 0, 0), EINVAL);
    CHECK_ERRNO(syscall(SYS_mremap, memory, PAGE, 2 * PAGE, 8), EINVAL);                 // unknown flag
    CHECK_ERRNO(syscall(SYS_mremap, memory, PAGE, 2 * PAGE, MREMAP_FIXED, memory + 8 * PAGE), EINVAL);   // fixed, not movable
    CHECK_ERRNO(syscall(SYS_mremap, memory, 0, PAGE, MREMAP_MAYMOVE), EINVAL);           // duplicating private memory
    CHECK_ERRNO(syscall(SYS_mremap, memory, 4 * PAGE, 5 * PAGE, MREMAP_MAYMOVE), EFAULT);   // across the hole
    CHECK_ERRNO(syscall(SYS_mremap, memory + 2 * PAGE, PAGE, 2 * PAGE, MREMAP_MAYMOVE), EFAULT);   // in the hole
    CHECK(munmap(memory, 4 * PAGE) == 0);
    return NULL;
}

static const char *dontneed_zeroes_private_memory(void)
{
    char *memory = map_anonymous(4 * PAGE, PROT_READ | PROT_WRITE);
    CHECK(memory != MAP_FAILED);
    memset(memory, 9, 4 * PAGE);
    CHECK(madvise(memory, 4 * PAGE, MADV_WILLNEED) == 0);
    CHECK(madvise(memory, 4 * PAGE, MADV_NORMAL) == 0);
    CHECK(madvise(memory, 4 * PAGE, MADV_SEQUENTIAL) == 0 && madvise(memory, 4 * PAGE, MADV_RANDOM) == 0);
    CHECK(memory[0] == 9);
    CHECK(madvise(memory + PAGE, 2 * PAGE, MADV_DONTNEED) == 0);
    CHECK(memory[PAGE] == 0 && memory[3 * PAGE - 1] == 0);  // private anonymous pages come back zeroed
    CHECK(memory[PAGE - 1] == 9 && memory[3 * PAGE] == 9);
    memory[PAGE] = 1;                                       // and are usable again
    CHECK(memory[PAGE] == 1);
    CHECK(munmap(memory, 4 * PAGE) == 0);
    return NULL;
}

static const char *dontneed_keeps_shared_memory(void)
{
    char *shared = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(shared != MAP_FAILED);
    memset(shared, 4, 2 * PAGE);
    CHECK(madvise(shared, 2 * PAGE, MADV_DONTNEED) == 0);
    CHECK(shared[0] == 4 && shared[2 * PAGE - 1] == 4);     // the shared object keeps its bytes
    CHECK(munmap(shared, 2 * PAGE) == 0);
    return NULL;
}

static const char *madvise_errors(void)
{
    char *memory = map_anonymous(4 * PAGE, PROT_READ | PROT_WRITE);
    CHECK(memory != MAP_FAILED && munmap(memory + 2 * PAGE, PAGE) == 0);
    CHECK_ERRNO(madvise(memory + 1, PAGE, MADV_NORMAL), EINVAL);
    CHECK_ERRNO(madvise(memory, PAGE, 5), EINVAL);                 // no such advice
    CHECK_ERRNO(madvise(memory, 0, 5), EINVAL);                    // checked before the length
    CHECK(madvise(memory, 0, MADV_DONTNEED) == 0);
    CHECK_ERRNO(madvise(memory, 4 * PAGE, MADV_NORMAL), ENOMEM);   // the hole
    CHECK_ERRNO(madvise(memory, 4 * PAGE, MADV_DONTNEED), ENOMEM);
    CHECK_ERRNO(madvise(memory, PAGE, MADV_REMOVE), EINVAL);       // private memory has nothing to punch
    CHECK_ERRNO(syscall(SYS_madvise, memory, -PAGE, MADV_NORMAL), EINVAL);
    CHECK(munmap(memory, 4 * PAGE) == 0);
    return NULL;
}

static const char *msync_checks_its_range(void)
{
    char *memory = map_anonymous(4 * PAGE, PROT_READ | PROT_WRITE);
    CHECK(memory != MAP_FAILED && munmap(memory + 2 * PAGE, PAGE) == 0);
    CHECK(msync(memory, 2 * PAGE, MS_SYNC) == 0 && msync(memory, PAGE, MS_ASYNC | MS_INVALIDATE) == 0);
    CHECK(msync(memory, 0, MS_SYNC) == 0);
    CHECK_ERRNO(msync(memory + 1, PAGE, MS_SYNC), EINVAL);
    CHECK_ERRNO(msync(memory, PAGE, MS_SYNC | MS_ASYNC), EINVAL);
    CHECK_ERRNO(msync(memory, PAGE, 8), EINVAL);
    CHECK_ERRNO(msync(memory, 4 * PAGE, MS_SYNC), ENOMEM);
    CHECK(munmap(memory, 4 * PAGE) == 0);
    return NULL;
}

static const char *mincore_tells_which_pages_are_there(void)
{
    unsigned char vector[4];
    char *memory = map_anonymous(4 * PAGE, PROT_READ | PROT_WRITE);
    CHECK(memory != MAP_FAILED);
    CHECK(mincore(memory, 4 * PAGE, vector) == 0);
    CHECK((vector[0] | vector[1] | vector[2] | vector[3]) == 0);   // nothing touched yet
    memory[PAGE] = 1;
    memory[3 * PAGE + 7] = 1;
    CHECK(mincore(memory, 4 * PAGE, vector) == 0);
    CHECK(vector[0] == 0 && vector[1] == 1 && vector[2] == 0 && vector[3] == 1);
    CHECK(madvise(memory, 4 * PAGE, MADV_DONTNEED) == 0);
    CHECK(mincore(memory, 4 * PAGE, vector) == 0 && (vector[1] | vector[3]) == 0);
    CHECK(mincore(memory, 1, vector) == 0);                 // the length is rounded up
    CHECK_ERRNO(mincore(memory + 1, PAGE, vector), EINVAL);
    CHECK_ERRNO(mincore(memory, PAGE, (unsigned char *)8), EFAULT);
    CHECK(munmap(memory + 2 * PAGE, PAGE) == 0);
    CHECK_ERRNO(mincore(memory, 4 * PAGE, vector), ENOMEM);
    CHECK(munmap(memory, 4 * PAGE) == 0);
    return NULL;
}

static const char *mincore_into_fresh_memory(void)
{
    // The vector itself in memory not touched yet (a fresh mapping): the answer lands there.
    unsigned char *vector = map_anonymous(PAGE, PROT_READ | PROT_WRITE);
    char *memory = map_anonymous(2 * PAGE, PROT_READ | PROT_WRITE);
    CHECK(vector != MAP_FAILED && memory != MAP_FAILED);
    memory[0] = 1;
    CHECK(mincore(memory, 2 * PAGE, vector) == 0);
    CHECK(vector[0] == 1 && vector[1] == 0);
    CHECK(munmap(vector, PAGE) == 0 && munmap(memory, 2 * PAGE) == 0);
    return NULL;
}

int main(int argc, char **argv)
{
    static const struct tap_check checks[] = {
        { "mremap with MREMAP_MAYMOVE grows a mapping keeping its bytes, zero after them; shrinking stays in place", mremap_grows_by_moving },
        { "mremap grows in place where the pages above are free, and without MREMAP_MAYMOVE refuses to move (ENOMEM)", mremap_grows_in_place },
        { "mremap with MREMAP_FIXED moves to the address given, replacing what was there; EINVAL overlapping or unaligned", mremap_fixed },
        { "mremap refuses as Linux: EINVAL for bad addresses, lengths and flags, EFAULT for a range that is not one mapping", mremap_errors },
        { "madvise hints succeed; MADV_DONTNEED makes private anonymous pages read zero, and usable again", dontneed_zeroes_private_memory },
        { "MADV_DONTNEED keeps the bytes of shared anonymous memory", dontneed_keeps_shared_memory },
        { "madvise refuses as Linux: EINVAL for unaligned, unknown advice, MADV_REMOVE on private memory; ENOMEM for a hole", madvise_errors },
        { "msync succeeds on mapped memory and refuses as Linux: EINVAL for unaligned or bad flags, ENOMEM for a hole", msync_checks_its_range },
        { "mincore says which pages were touched and not given back; EINVAL, EFAULT, ENOMEM as Linux", mincore_tells_which_pages_are_there },
        { "mincore writes its answer into memory not touched yet", mincore_into_fresh_memory },
    };
    return tap_main(argc, argv, checks, sizeof checks / sizeof checks[0]);
}
