// read, write, pread64, pwrite64, readv, writev, lseek, sendfile, truncate, ftruncate: offsets,
// holes, a large file written and read back, and the errors of each.
#include <fcntl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include "fs_check.h"

#define BIG (1024 * 1024)
static char dir[64], path[96], copy_path[96];
static unsigned char big[BIG], back[BIG];

int main(void)
{
    fs_scratch(dir, "fs_rw");
    snprintf(path, sizeof path, "%s/data", dir);
    snprintf(copy_path, sizeof copy_path, "%s/copy", dir);
    char bytes[64];

    int fd = OK(open(path, O_CREAT | O_RDWR, 0600), "open a new file");
    CHECK(write(fd, "0123456789", 10) == 10, "write 10 bytes");
    CHECK(lseek(fd, 0, SEEK_CUR) == 10, "the offset moved past them");
    CHECK(lseek(fd, 0, SEEK_SET) == 0, "lseek SEEK_SET");
    CHECK(read(fd, bytes, 4) == 4 && memcmp(bytes, "0123", 4) == 0, "read from the start");
    CHECK(read(fd, bytes, 100) == 6 && memcmp(bytes, "456789", 6) == 0, "a read past the end is short");
    CHECK(read(fd, bytes, 100) == 0, "a read at the end is 0");
    CHECK(read(fd, bytes, 0) == 0, "a read of 0 bytes is 0");
    CHECK(lseek(fd, -3, SEEK_END) == 7, "lseek SEEK_END");
    CHECK(lseek(fd, 2, SEEK_CUR) == 9, "lseek SEEK_CUR");
    FAILS(lseek(fd, -20, SEEK_CUR), EINVAL, "a negative offset is EINVAL");
    FAILS(lseek(fd, 0, 42), EINVAL, "an unknown whence is EINVAL");
    CHECK(lseek(fd, 9, SEEK_SET) == 9, "the offset survives a failed lseek");

    CHECK(pwrite(fd, "AB", 2, 3) == 2, "pwrite at 3");
    CHECK(pread(fd, bytes, 5, 1) == 5 && memcmp(bytes, "12AB5", 5) == 0, "pread sees it");
    CHECK(lseek(fd, 0, SEEK_CUR) == 9, "pread and pwrite leave the offset");
    FAILS(pread(fd, bytes, 1, -1), EINVAL, "pread at a negative offset is EINVAL");

    CHECK(lseek(fd, 100, SEEK_SET) == 100, "lseek past the end");
    CHECK(write(fd, "Z", 1) == 1, "write there");
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && st.st_size == 101, "the file grew to 101 bytes");
    memset(bytes, 'x', sizeof bytes);
    CHECK(pread(fd, bytes, 20, 20) == 20, "read the hole");
    int zeros = 1;
    for (int i = 0; i < 20; i++) zeros &= bytes[i] == 0;
    CHECK(zeros, "a hole reads as zeros");

    struct iovec parts[3] = { { "ab", 2 }, { "", 0 }, { "cde", 3 } };
    CHECK(lseek(fd, 0, SEEK_SET) == 0, "back to the start");
    CHECK(writev(fd, parts, 3) == 5, "writev of three parts, one empty");
    char first[2], second[3];
    struct iovec into[2] = { { first, 2 }, { second, 3 } };
    CHECK(lseek(fd, 0, SEEK_SET) == 0 && readv(fd, into, 2) == 5 && memcmp(first, "ab", 2) == 0 && memcmp(second, "cde", 3) == 0,
          "readv reads them back in order");
    FAILS(readv(fd, into, -1), EINVAL, "readv with a negative count is EINVAL");
    struct iovec bad[1] = { { (void *)1, 4 } };
    FAILS(writev(fd, bad, 1), EFAULT, "writev from a bad buffer is EFAULT");

    FAILS(write(fd, (void *)1, 4), EFAULT, "write from a bad buffer is EFAULT");
    FAILS(read(fd, (void *)1, 4), EFAULT, "read into a bad buffer is EFAULT");
    FAILS(read(99, bytes, 1), EBADF, "read from a closed descriptor is EBADF");
    FAILS(write(-1, bytes, 1), EBADF, "write to -1 is EBADF");

    OK(ftruncate(fd, 4), "ftruncate to 4 bytes");
    CHECK(fstat(fd, &st) == 0 && st.st_size == 4, "the file is 4 bytes");
    OK(ftruncate(fd, 8192), "ftruncate to 8192 bytes");
    CHECK(pread(fd, bytes, 8, 4) == 8 && bytes[0] == 0 && bytes[7] == 0, "growing reads zeros");
    FAILS(ftruncate(fd, -1), EINVAL, "ftruncate to a negative length is EINVAL");
    OK(truncate(path, 2), "truncate by path");
    CHECK(fstat(fd, &st) == 0 && st.st_size == 2, "the descriptor sees the new length");
    FAILS(truncate(dir, 0), EISDIR, "truncate of a directory is EISDIR");
    close(fd);

    int reader = OK(open(path, O_RDONLY), "open read-only");
    FAILS(write(reader, "x", 1), EBADF, "writing a read-only descriptor is EBADF");
    FAILS(ftruncate(reader, 0), EINVAL, "ftruncate of a read-only descriptor is EINVAL");
    close(reader);
    int writer = OK(open(path, O_WRONLY), "open write-only");
    FAILS(read(writer, bytes, 1), EBADF, "reading a write-only descriptor is EBADF");
    close(writer);
    int directory = OK(open(dir, O_RDONLY | O_DIRECTORY), "open the directory");
    FAILS(read(directory, bytes, 1), EISDIR, "reading a directory is EISDIR");
    close(directory);

    for (int i = 0; i < BIG; i++) big[i] = (unsigned char)(i * 7 + i / 4096);
    fd = OK(open(path, O_RDWR | O_TRUNC), "open for a large file");
    CHECK(write(fd, big, BIG) == BIG, "write 1 MiB at once");
    CHECK(pread(fd, back, BIG, 0) == BIG && memcmp(big, back, BIG) == 0, "pread 1 MiB back, the same bytes");
    memset(back, 0, BIG);
    int same = 1;
    for (int at = 0; at < BIG; at += 4096)
        same &= pread(fd, back, 4096, at) == 4096 && memcmp(back, big + at, 4096) == 0;
    CHECK(same, "page by page, the same bytes");

    int out = OK(open(copy_path, O_CREAT | O_WRONLY | O_TRUNC, 0600), "open a copy");
    off_t offset = 1000;
    CHECK(sendfile(out, fd, &offset, 5000) == 5000 && offset == 6000, "sendfile 5000 bytes from offset 1000");
    CHECK(lseek(fd, 0, SEEK_CUR) == BIG, "sendfile with an offset leaves the source's offset");
    close(out);
    out = open(copy_path, O_RDONLY);
    CHECK(read(out, back, 6000) == 5000 && memcmp(back, big + 1000, 5000) == 0, "the copy holds those bytes");
    FAILS(sendfile(out, fd, NULL, 10), EBADF, "sendfile to a read-only descriptor is EBADF");
    close(out);
    close(fd);

    unlink(copy_path);
    unlink(path);
    OK(rmdir(dir), "clean up");
    return fs_done();
}
