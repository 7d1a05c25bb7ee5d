// Corrupted programs for execve: copies of a valid static program with its ELF header, its
// program headers or any byte mangled, or cut short, each exec'd by a child. Every exec must end
// in one of three ways: execve refuses it (ENOEXEC, or another errno for a file it cannot map),
// the program is killed by a signal, or it runs and exits; never a hang, and never a panic of
// the system running it.
//
//   exec_corrupt [EXECS [SEED [PROGRAM]]]   (default 10,000 execs, seed 1, /tests/posix/smoke)
//
// A child that hangs is ended by the alarm it set before execve (alarms survive execve). The
// children's output goes nowhere: their standard output and error are closed.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_PROGRAM (4 << 20)
#define REFUSED 100                 // the child's exit status when execve returned

static unsigned char original[MAX_PROGRAM], copy[MAX_PROGRAM];
static uint64_t state;

static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static void put64(unsigned char *at, uint64_t value) { memcpy(at, &value, 8); }
static void put16(unsigned char *at, uint16_t value) { memcpy(at, &value, 2); }
static uint64_t get64(const unsigned char *at) { uint64_t value; memcpy(&value, at, 8); return value; }
static uint16_t get16(const unsigned char *at) { uint16_t value; memcpy(&value, at, 2); return value; }

static uint64_t extreme(void)
{
    static const uint64_t values[] = {
        0, 1, 0xfff, 0x1000, 0x400000, 0x7ffffffff000ull, 0x800000000000ull, 0xffff800000000000ull,
        0xffffffffffffffffull, 0x7fffffffffffffffull, 0x100000000ull, 0xdeadbeefull,
    };
    return next() % 2 ? values[next() % (sizeof values / sizeof values[0])] : next();
}

// One corruption of `copy` (length *size); several may pile up.
static void corrupt(size_t *size)
{
    uint64_t phoff = get64(copy + 32);
    uint16_t phentsize = get16(copy + 54), phnum = get16(copy + 56);
    switch (next() % 8) {
    case 0:                                                 // a byte of the ELF header
        copy[next() % 64] = (unsigned char)next();
        break;
    case 1: {                                               // a field of a program header
        if (phnum == 0 || phentsize < 56 || phoff > *size) break;
        size_t header = phoff + (next() % phnum) * phentsize;
        static const int fields[] = {0, 4, 8, 16, 24, 32, 40, 48};    // type, flags, offset, vaddr, paddr, filesz, memsz, align
        int field = fields[next() % 8];
        if (header + 56 > *size) break;
        if (field <= 4) copy[header + field + next() % 4] = (unsigned char)next();
        else put64(copy + header + field, extreme());
        break;
    }
    case 2:                                                 // the entry point, the program headers' place, size or count
        switch (next() % 4) {
        case 0: put64(copy + 24, extreme()); break;
        case 1: put64(copy + 32, extreme()); break;
        case 2: put16(copy + 54, (uint16_t)next()); break;
        default: put16(copy + 56, (uint16_t)next()); break;
        }
        break;
    case 3:                                                 // cut short
        *size = next() % (*size + 1);
        break;
    case 4: {                                               // a run of bytes anywhere
        size_t at = next() % *size, length = 1 + next() % 64;
        for (size_t i = at; i < at + length && i < *size; i++) copy[i] = (unsigned char)next();
        break;
    }
    case 5:                                                 // two segments on the same addresses
        if (phnum >= 2 && phentsize >= 56 && phoff + 2 * (size_t)phentsize <= *size)
            put64(copy + phoff + phentsize + 16, get64(copy + phoff + 16));
        break;
    default:                                                // a single byte anywhere
        copy[next() % *size] = (unsigned char)next();
        break;
    }
}

int main(int argc, char **argv)
{
    long total = argc > 1 ? atol(argv[1]) : 10000;
    unsigned long long seed = argc > 2 ? strtoull(argv[2], 0, 10) : 1;
    const char *source = argc > 3 ? argv[3] : "/tests/posix/smoke";
    state = seed ? seed : 1;
    signal(SIGPIPE, SIG_IGN);
    printf("1..3\n");
    fflush(stdout);

    int fd = open(source, O_RDONLY);
    ssize_t size = fd < 0 ? -1 : read(fd, original, sizeof original);
    if (fd >= 0) close(fd);
    if (size < 64 || memcmp(original, "\177ELF", 4) != 0) {
        printf("Bail out! cannot read the program %s\n", source);
        return 1;
    }
    mkdir("/tmp", 0777);
    mkdir("/tmp/corrupt-exec", 0755);
    const char *path = "/tmp/corrupt-exec/program";

    long refused = 0, signalled = 0, exited = 0, other_errors = 0, lost = 0;
    int original_ran = 0;
    for (long i = -1; i < total; i++) {
        size_t length = (size_t)size;
        memcpy(copy, original, length);
        if (i >= 0)                                         // the first run is the program itself
            for (int corruptions = 1 + (int)(next() % 3); corruptions > 0 && length >= 64; corruptions--) corrupt(&length);
        int out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
        if (out < 0 || write(out, copy, length) != (ssize_t)length || close(out) != 0) {
            printf("Bail out! cannot write %s: %s\n", path, strerror(errno));
            return 1;
        }
        pid_t child = fork();
        if (child < 0) {
            printf("Bail out! fork: %s\n", strerror(errno));
            return 1;
        }
        if (child == 0) {
            close(1);
            close(2);
            alarm(5);
            char *child_argv[] = {(char *)path, 0};
            char *child_envp[] = {"PATH=/bin", 0};
            execve(path, child_argv, child_envp);
            _exit(errno == ENOEXEC ? REFUSED : REFUSED + 1);
        }
        int status;
        if (waitpid(child, &status, 0) != child) {
            lost++;
            continue;
        }
        if (i < 0) {
            original_ran = WIFEXITED(status) && WEXITSTATUS(status) == 0;
            continue;
        }
        if (WIFSIGNALED(status)) signalled++;
        else if (WIFEXITED(status) && WEXITSTATUS(status) == REFUSED) refused++;
        else if (WIFEXITED(status) && WEXITSTATUS(status) == REFUSED + 1) other_errors++;
        else exited++;
    }
    unlink(path);
    printf("%s 1 - the program itself runs and exits 0\n", original_ran ? "ok" : "not ok");
    printf("%s 2 - %ld corrupted execs (seed %llu), each refused, signalled or exited\n",
           refused + signalled + exited + other_errors == total ? "ok" : "not ok", total, seed);
    printf("%s 3 - every child was reaped\n", lost == 0 ? "ok" : "not ok");
    printf("# %ld ENOEXEC, %ld other execve errors, %ld killed by a signal, %ld ran and exited\n",
           refused, other_errors, signalled, exited);
    return original_ran && lost == 0 && refused + signalled + exited + other_errors == total ? 0 : 1;
}
