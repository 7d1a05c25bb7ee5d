// What a page cache must never hide: a read returns the file's bytes as they are now, whatever
// was read (and so cached) before. Lunix's VFS keeps pages of the RAM file system's files
// (PageCache) and answers small reads from them, so each check first reads the old bytes, then
// changes the file (a write through another descriptor or another process, truncation shorter
// and longer, a rename over it, a new file under its name, O_APPEND, a hard link, chmod and
// utimensat), then reads again and compares with what the bytes must be. Reads of every size
// and offset around page boundaries and around the cache's 64 KiB chunks (every read of a block
// file system's file goes through the cache), a mapping of a changed file, and more than the
// cache holds, check the copies.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include "fs_check.h"

#define PAGE 4096
#define FILE_BYTES (3 * PAGE + 1000)
#define CHUNK 65536
#define SPAN (3 * CHUNK + 1234)
#define BIG_PAGES 512

static char dir[64], a[96], b[96], c[96], hard[96];
static unsigned char expected[5 * PAGE], got[5 * PAGE];
static unsigned char span_expected[SPAN], span_got[SPAN + PAGE];

// The byte at `at` of the pattern `seed` writes.
static unsigned char pattern(int seed, long at) { return (unsigned char)(at * 7 + seed * 13 + (at >> 12)); }

static void make(const char *path, int seed, long size)
{
    int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
    for (long i = 0; i < size; i++) expected[i] = pattern(seed, i);
    long done = 0;
    while (done < size) done += write(fd, expected + done, size - done);
    close(fd);
}

// Whether pread of `count` at `at` gives exactly the expected bytes of a `size`-byte file.
static int pread_right(int fd, long at, long count, long size)
{
    long want = at >= size ? 0 : (at + count > size ? size - at : count);
    long n = pread(fd, got, count, at);
    return n == want && memcmp(got, expected + at, want) == 0;
}

// The whole file read with read(2) in `chunk`-byte parts equals the expected bytes.
static int read_right(const char *path, long chunk, long size)
{
    int fd = open(path, O_RDONLY);
    long total = 0, n;
    while ((n = read(fd, got + total, chunk)) > 0) total += n;
    close(fd);
    return n == 0 && total == size && memcmp(got, expected, size) == 0;
}

// Whether pread of `count` at `at` of the SPAN-byte file gives exactly its bytes.
static int span_right(int fd, long at, long count)
{
    long want = at >= SPAN ? 0 : (at + count > SPAN ? SPAN - at : count);
    return pread(fd, span_got, count, at) == want && memcmp(span_got, span_expected + at, want) == 0;
}

// A file of several chunks: reads of every size across the chunks' edges, twice; a write across
// an edge seen by reads and by a new mapping; one read larger than the file.
static void across_chunks(const char *path)
{
    int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
    for (long i = 0; i < SPAN; i++) span_expected[i] = pattern(7, i);
    CHECK(write(fd, span_expected, SPAN) == SPAN, "write a file of three chunks and a bit");
    static const long counts[] = { 1, 200, PAGE, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 5, SPAN };
    static const long offsets[] = { 0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK - 100, 3 * CHUNK, SPAN - 10, SPAN, SPAN + CHUNK };
    for (int pass = 0; pass < 2; pass++)
    {
        int right = 1;
        for (unsigned i = 0; i < sizeof counts / sizeof counts[0]; i++)
            for (unsigned j = 0; j < sizeof offsets / sizeof offsets[0]; j++)
                right &= span_right(fd, offsets[j], counts[i]);
        CHECK(right, pass == 0 ? "pread of every size across the chunks' edges" : "the same preads again");
    }
    CHECK(lseek(fd, 0, SEEK_SET) == 0 && read(fd, span_got, SPAN + PAGE) == SPAN && memcmp(span_got, span_expected, SPAN) == 0,
          "one read larger than the file reads all of it");

    unsigned char *before = mmap(NULL, SPAN, PROT_READ, MAP_PRIVATE, fd, 0);
    CHECK(before != MAP_FAILED && memcmp(before, span_expected, SPAN) == 0, "a mapping of it has its bytes");
    int other = open(path, O_WRONLY);
    OK(pwrite(other, "over the edge", 13, 2 * CHUNK - 6), "write across a chunk's edge through another descriptor");
    close(other);
    memcpy(span_expected + 2 * CHUNK - 6, "over the edge", 13);
    CHECK(span_right(fd, 2 * CHUNK - 50, 100) && span_right(fd, 0, SPAN), "reads see the write");
    unsigned char *after = mmap(NULL, SPAN, PROT_READ, MAP_PRIVATE, fd, 0);
    int zeros = 1;
    if (after != MAP_FAILED)
        for (long i = SPAN; i % PAGE != 0; i++) zeros &= after[i] == 0;
    CHECK(after != MAP_FAILED && memcmp(after, span_expected, SPAN) == 0 && zeros, "a new mapping sees the write, zeros after the end");
    if (before != MAP_FAILED) munmap(before, SPAN);
    if (after != MAP_FAILED) munmap(after, SPAN);
    close(fd);
    unlink(path);
}

int main(void)
{
    fs_scratch(dir, "fs_page_cache");
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    snprintf(c, sizeof c, "%s/c", dir);
    snprintf(hard, sizeof hard, "%s/hard", dir);

    // Every size and offset around the page boundaries, twice (the second time from the cache).
    make(a, 1, FILE_BYTES);
    int fd = open(a, O_RDWR);
    static const long counts[] = { 1, 100, PAGE - 1, PAGE, PAGE + 1, 2 * PAGE, 4 * PAGE, 4 * PAGE + 1 };
    static const long offsets[] = { 0, 1, PAGE - 1, PAGE, PAGE + 1, 2 * PAGE - 7, FILE_BYTES - 1, FILE_BYTES, FILE_BYTES + 5000 };
    for (int pass = 0; pass < 2; pass++)
    {
        int right = 1;
        for (unsigned i = 0; i < sizeof counts / sizeof counts[0]; i++)
            for (unsigned j = 0; j < sizeof offsets / sizeof offsets[0]; j++)
                right &= pread_right(fd, offsets[j], counts[i], FILE_BYTES);
        CHECK(right, pass == 0 ? "pread of every size at every offset around the pages" : "the same preads again");
    }
    CHECK(read_right(a, 1000, FILE_BYTES), "read in 1000-byte parts");
    CHECK(read_right(a, PAGE, FILE_BYTES), "read a page at a time");
    CHECK(read_right(a, 3 * PAGE, FILE_BYTES), "read three pages at a time");

    // A write through another descriptor, in the middle of a page read before.
    int other = open(a, O_WRONLY);
    CHECK(pread_right(fd, PAGE, PAGE, FILE_BYTES), "read the second page");
    OK(pwrite(other, "CHANGED", 7, PAGE + 100), "write into it through another descriptor");
    memcpy(expected + PAGE + 100, "CHANGED", 7);
    CHECK(pread_right(fd, PAGE, PAGE, FILE_BYTES), "the read sees the write");
    CHECK(pread_right(fd, PAGE + 98, 20, FILE_BYTES), "a small read across it sees it too");

    // A write across a page boundary by the same descriptor's read/write position.
    lseek(fd, 2 * PAGE - 3, SEEK_SET);
    OK(write(fd, "boundary", 8), "write across a page boundary");
    memcpy(expected + 2 * PAGE - 3, "boundary", 8);
    CHECK(pread_right(fd, 2 * PAGE - 10, 30, FILE_BYTES), "read across the boundary sees it");

    // Another process writes; this one reads through its descriptor.
    pid_t child = fork();
    if (child == 0)
    {
        int mine = open(a, O_WRONLY);
        _exit(pwrite(mine, "child", 5, 10) == 5 ? 0 : 1);
    }
    int status = 0;
    waitpid(child, &status, 0);
    memcpy(expected + 10, "child", 5);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0 && pread_right(fd, 0, PAGE, FILE_BYTES), "a read sees another process's write");

    // Truncation shorter, then longer: the end moves, the new part reads as zeros.
    CHECK(pread_right(fd, 3 * PAGE, PAGE, FILE_BYTES), "read the last page");
    OK(truncate(a, PAGE + 50), "truncate by name into the second page");
    CHECK(pread_right(fd, 0, 4 * PAGE, PAGE + 50), "a read ends at the new size");
    CHECK(pread(fd, got, 100, 3 * PAGE) == 0, "a read past the new end reads nothing");
    OK(ftruncate(fd, 3 * PAGE), "ftruncate longer");
    memset(expected + PAGE + 50, 0, 3 * PAGE - (PAGE + 50));
    CHECK(pread_right(fd, 0, 4 * PAGE, 3 * PAGE), "the longer part reads as zeros");
    OK(pwrite(fd, "far", 3, 4 * PAGE), "write past the end, leaving a hole");
    memset(expected + 3 * PAGE, 0, PAGE);
    memcpy(expected + 4 * PAGE, "far", 3);
    CHECK(pread(fd, got, 10, 4 * PAGE) == 3 && memcmp(got, "far", 3) == 0 && pread_right(fd, 3 * PAGE - 10, PAGE, 4 * PAGE + 3),
          "the hole reads as zeros, the write after it as written");
    close(other);

    // O_APPEND: each write lands at the end another read just saw.
    int appender = open(a, O_WRONLY | O_APPEND);
    long size = 4 * PAGE + 3;
    CHECK(pread_right(fd, size - 3, 100, size), "read the end");
    OK(write(appender, "tail", 4), "append");
    memcpy(expected + size, "tail", 4);
    size += 4;
    CHECK(pread_right(fd, size - 10, 100, size), "the read sees the appended bytes");
    close(appender);
    close(fd);

    // chmod and utimensat change no byte.
    make(b, 2, 2 * PAGE);
    CHECK(read_right(b, PAGE, 2 * PAGE), "read a second file");
    OK(chmod(b, 0600), "chmod it");
    struct timespec times[2] = { { 1000, 0 }, { 2000, 0 } };
    OK(utimensat(AT_FDCWD, b, times, 0), "set its times");
    CHECK(read_right(b, PAGE, 2 * PAGE), "its bytes read the same");

    // A hard link: a write through one name, a read through the other.
    OK(link(b, hard), "link it");
    CHECK(read_right(hard, PAGE, 2 * PAGE), "read through the link");
    fd = open(b, O_WRONLY);
    OK(pwrite(fd, "linked", 6, 5), "write through the first name");
    close(fd);
    memcpy(expected + 5, "linked", 6);
    CHECK(read_right(hard, PAGE, 2 * PAGE), "the other name reads the write");

    // A rename over a file read before: its name now reads the other file.
    make(c, 3, PAGE + 10);
    make(a, 4, 2 * PAGE + 20);
    CHECK(read_right(a, PAGE, 2 * PAGE + 20), "read a");
    make(c, 3, PAGE + 10);
    OK(rename(c, a), "rename c over a");
    CHECK(read_right(a, PAGE, PAGE + 10), "a reads c's bytes");

    // Removed and made again under its name (perhaps with the same inode number).
    for (int round = 0; round < 4; round++)
    {
        CHECK(read_right(a, PAGE, round == 0 ? PAGE + 10 : 500 + round), "read the file");
        OK(unlink(a), "remove it");
        make(a, 10 + round, 500 + round + 1);
    }
    CHECK(read_right(a, PAGE, 504), "the last file made reads its own bytes");

    // readv across pages.
    make(b, 5, 2 * PAGE);
    fd = open(b, O_RDONLY);
    struct iovec parts[3] = { { got, 10 }, { got + 10, PAGE }, { got + 10 + PAGE, 5000 } };
    CHECK(readv(fd, parts, 3) == 2 * PAGE && memcmp(got, expected, 2 * PAGE) == 0, "readv across the pages");
    close(fd);

    across_chunks(c);

    // More than the cache holds (an eighth of the machine's memory: 16 MiB of 128 MiB): twelve
    // files of 2 MiB, each read twice in turn, each page's bytes checked.
    char name[96];
    int all = 1;
    for (int f = 0; f < 12; f++)
    {
        snprintf(name, sizeof name, "%s/big%d", dir, f);
        int out = open(name, O_CREAT | O_TRUNC | O_WRONLY, 0644);
        for (int p = 0; p < BIG_PAGES; p++)
        {
            for (int i = 0; i < PAGE; i++) got[i] = pattern(f + p, i);
            all &= write(out, got, PAGE) == PAGE;
        }
        close(out);
    }
    for (int pass = 0; pass < 2; pass++)
        for (int f = 0; f < 12; f++)
        {
            snprintf(name, sizeof name, "%s/big%d", dir, f);
            int in = open(name, O_RDONLY);
            for (int p = 0; p < BIG_PAGES; p++)
            {
                for (int i = 0; i < PAGE; i++) expected[i] = pattern(f + p, i);
                all &= read(in, got, PAGE) == PAGE && memcmp(got, expected, PAGE) == 0;
            }
            all &= read(in, got, PAGE) == 0;
            close(in);
            if (pass == 1) unlink(name);
        }
    CHECK(all, "24 MiB read twice through a cache of 16 MiB, every page right");

    unlink(a);
    unlink(b);
    unlink(hard);
    rmdir(dir);
    return fs_done();
}
