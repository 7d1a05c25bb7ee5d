// Private file mappings (VM's FileMappings, with VFS's MapRead): the file's bytes at the offset
// asked, zero past its end, private writes that never reach the file, and the refusals VFS
// gives (EBADF, EACCES, ENODEV). The file is this program (argv[0]): every system has it. Shared
// file mappings are not done on Lunix (ENODEV) and not checked here.
#include "tap.h"
#include <sys/mman.h>
#include <fcntl.h>

#define PAGE 4096ul

static const char *self;
static int file = -1;
static off_t file_length;

static const char *private_mapping_shows_the_file(void)
{
    static char expected[3 * PAGE];
    size_t length = file_length < (off_t)sizeof expected ? (size_t)file_length : sizeof expected;
    CHECK(pread(file, expected, length, 0) == (ssize_t)length);
    char *mapped = mmap(NULL, length, PROT_READ, MAP_PRIVATE, file, 0);
    CHECK(mapped != MAP_FAILED);
    CHECK(memcmp(mapped, expected, length) == 0);
    CHECK(munmap(mapped, length) == 0);
    return NULL;
}

static const char *an_offset_maps_from_there(void)
{
    char expected[64];
    CHECK(file_length > (off_t)(2 * PAGE + sizeof expected));
    CHECK(pread(file, expected, sizeof expected, PAGE) == (ssize_t)sizeof expected);
    char *mapped = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, file, PAGE);
    CHECK(mapped != MAP_FAILED && memcmp(mapped, expected, sizeof expected) == 0);
    CHECK(munmap(mapped, PAGE) == 0);
    CHECK_ERRNO(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, file, 100), EINVAL);
    return NULL;
}

static const char *past_the_end_reads_zero(void)
{
    // The whole file: the rest of its last page reads zero.
    size_t length = ((size_t)file_length + PAGE - 1) & ~(PAGE - 1);
    char *mapped = mmap(NULL, length, PROT_READ, MAP_PRIVATE, file, 0);
    CHECK(mapped != MAP_FAILED);
    for (size_t at = (size_t)file_length; at < length; at++) CHECK(mapped[at] == 0);
    CHECK(mapped[0] == 0x7f && mapped[1] == 'E');           // an ELF file, from its start
    CHECK(munmap(mapped, length) == 0);
    return NULL;
}

static const char *private_writes_stay_private(void)
{
    char *mapped = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, file, 0);
    CHECK(mapped != MAP_FAILED);
    mapped[0] = 'X';
    char first;
    CHECK(pread(file, &first, 1, 0) == 1 && first == 0x7f);
    CHECK(mapped[0] == 'X' && mapped[1] == 'E');
    // And another mapping of the file sees the file, not this one's write.
    char *other = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, file, 0);
    CHECK(other != MAP_FAILED && other[0] == 0x7f);
    CHECK(munmap(mapped, PAGE) == 0 && munmap(other, PAGE) == 0);
    return NULL;
}

static const char *refusals(void)
{
    int closed = open(self, O_RDONLY);
    CHECK(closed >= 0 && close(closed) == 0);
    CHECK_ERRNO(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, closed, 0), EBADF);
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0) {
        CHECK_ERRNO(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, null, 0), EACCES);   // not open for reading
        close(null);
    }
    int ends[2];
    if (pipe(ends) == 0) {
        CHECK_ERRNO(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, ends[0], 0), ENODEV);   // nothing to map
        close(ends[0]);
        close(ends[1]);
    }
    return NULL;
}

int main(int argc, char **argv)
{
    static const struct tap_check checks[] = {
        { "a private mapping of a file shows its bytes", private_mapping_shows_the_file },
        { "a mapping at an offset starts there; EINVAL for an unaligned offset", an_offset_maps_from_there },
        { "the rest of the file's last page reads zero", past_the_end_reads_zero },
        { "writes to a private file mapping stay in it: the file and other mappings keep the file's bytes", private_writes_stay_private },
        { "refusals: EBADF for a closed descriptor, EACCES for one not open for reading, ENODEV for a pipe", refusals },
    };
    self = argc > 0 ? argv[0] : "";
    file = open(self, O_RDONLY);
    if (file < 0 && errno == ENOSYS) {
        printf("1..0 # SKIP open is not there yet (ENOSYS)\n");
        return 0;
    }
    file_length = file >= 0 ? lseek(file, 0, SEEK_END) : -1;
    if (file < 0 || file_length <= 0) {
        printf("1..1\nnot ok 1 - the program's own file opens and has a length # %s, errno %d\n", self, errno);
        return 1;
    }
    return tap_main(argc, argv, checks, sizeof checks / sizeof checks[0]);
}
