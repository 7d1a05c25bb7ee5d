// open, openat, creat, close: creating, finding, truncating, appending, the lowest descriptor,
// O_DIRECTORY, O_NOFOLLOW, O_EXCL, and Linux's errors.
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include "fs_check.h"

static char dir[64], path[96], other[160], link_path[96], long_path[PATH_MAX + 16];

int main(void)
{
    fs_scratch(dir, "fs_open");
    snprintf(path, sizeof path, "%s/file", dir);
    snprintf(other, sizeof other, "%s/missing/file", dir);
    snprintf(link_path, sizeof link_path, "%s/link", dir);

    int fd = OK(open(path, O_CREAT | O_EXCL | O_WRONLY, 0640), "open O_CREAT|O_EXCL makes a new file");
    CHECK(fd >= 3, "the new descriptor is past stdin, stdout and stderr");
    CHECK(write(fd, "hello", 5) == 5, "the new file takes a write");
    FAILS(open(path, O_CREAT | O_EXCL | O_WRONLY, 0640), EEXIST, "O_CREAT|O_EXCL on an existing file is EEXIST");
    int again = OK(open(path, O_CREAT | O_RDONLY, 0640), "O_CREAT without O_EXCL opens the existing file");
    char bytes[16] = {0};
    CHECK(read(again, bytes, sizeof bytes) == 5 && memcmp(bytes, "hello", 5) == 0, "it holds what was written");
    OK(close(again), "close");
    OK(close(fd), "close the first");
    FAILS(close(fd), EBADF, "closing a closed descriptor is EBADF");
    FAILS(close(-1), EBADF, "close(-1) is EBADF");

    fd = OK(open(path, O_RDONLY), "open O_RDONLY");
    int lowest = OK(open(path, O_RDONLY), "a second open");
    OK(close(fd), "close the lower one");
    int reused = OK(open(path, O_RDONLY), "a third open");
    CHECK(reused == fd, "open takes the lowest free descriptor");
    close(reused);
    close(lowest);

    fd = OK(open(path, O_WRONLY | O_TRUNC), "open O_TRUNC");
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && st.st_size == 0, "O_TRUNC empties the file");
    close(fd);

    fd = OK(open(path, O_WRONLY | O_APPEND), "open O_APPEND");
    write(fd, "ab", 2);
    lseek(fd, 0, SEEK_SET);
    write(fd, "cd", 2);
    close(fd);
    fd = open(path, O_RDONLY);
    memset(bytes, 0, sizeof bytes);
    CHECK(read(fd, bytes, sizeof bytes) == 4 && memcmp(bytes, "abcd", 4) == 0, "O_APPEND writes at the end whatever the offset");
    close(fd);

    fd = OK(creat(path, 0600), "creat truncates an existing file");
    CHECK(fstat(fd, &st) == 0 && st.st_size == 0, "creat's file is empty");
    FAILS(read(fd, bytes, 1), EBADF, "creat opens for writing only");
    close(fd);

    FAILS(open(other, O_RDONLY), ENOENT, "a missing directory on the way is ENOENT");
    FAILS(open(other, O_CREAT | O_WRONLY, 0600), ENOENT, "O_CREAT under a missing directory is ENOENT");
    snprintf(other, sizeof other, "%s/file/below", dir);
    FAILS(open(other, O_RDONLY), ENOTDIR, "a file used as a directory is ENOTDIR");
    FAILS(open(dir, O_WRONLY), EISDIR, "a directory opened for writing is EISDIR");
    FAILS(open(path, O_RDONLY | O_DIRECTORY), ENOTDIR, "O_DIRECTORY on a file is ENOTDIR");
    fd = OK(open(dir, O_RDONLY | O_DIRECTORY), "O_DIRECTORY on a directory");
    close(fd);
    snprintf(other, sizeof other, "%s/", path);
    FAILS(open(other, O_RDONLY), ENOTDIR, "a trailing slash after a file is ENOTDIR");
    snprintf(other, sizeof other, "%s/new/", dir);
    FAILS(open(other, O_CREAT | O_WRONLY, 0600), EISDIR, "O_CREAT with a trailing slash is EISDIR");
    FAILS(open("", O_RDONLY), ENOENT, "an empty path is ENOENT");
    FAILS(open((const char *)1, O_RDONLY), EFAULT, "a bad path pointer is EFAULT");
    memset(long_path, 'a', PATH_MAX + 8);
    long_path[0] = '/';
    long_path[PATH_MAX + 8] = 0;
    FAILS(open(long_path, O_RDONLY), ENAMETOOLONG, "a path of PATH_MAX bytes or more is ENAMETOOLONG");
    memset(long_path, 0, sizeof long_path);
    snprintf(long_path, sizeof long_path, "%s/", dir);
    memset(long_path + strlen(long_path), 'n', 256);
    FAILS(open(long_path, O_RDONLY), ENAMETOOLONG, "a component over NAME_MAX is ENAMETOOLONG");

    OK(symlink("file", link_path), "symlink to the file");
    fd = OK(open(link_path, O_RDONLY), "open follows a symlink");
    close(fd);
    FAILS(open(link_path, O_RDONLY | O_NOFOLLOW), ELOOP, "O_NOFOLLOW on a symlink is ELOOP");
    snprintf(other, sizeof other, "%s/loop", dir);
    symlink("loop", other);
    FAILS(open(other, O_RDONLY), ELOOP, "a symlink to itself is ELOOP");

    int directory = OK(open(dir, O_RDONLY | O_DIRECTORY), "open the scratch directory");
    fd = OK(openat(directory, "file", O_RDONLY), "openat relative to a directory descriptor");
    close(fd);
    fd = OK(openat(directory, "made", O_CREAT | O_WRONLY, 0600), "openat O_CREAT relative to a directory descriptor");
    close(fd);
    fd = OK(openat(AT_FDCWD, path, O_RDONLY), "openat AT_FDCWD with an absolute path");
    FAILS(openat(fd, "file", O_RDONLY), ENOTDIR, "openat relative to a file descriptor is ENOTDIR");
    FAILS(openat(99, "file", O_RDONLY), EBADF, "openat relative to a closed descriptor is EBADF");
    fd = OK(openat(99, path, O_RDONLY), "an absolute path ignores the directory descriptor");
    close(fd);

    OK(unlinkat(directory, "made", 0), "clean up: made");
    close(directory);
    unlink(other);
    unlink(link_path);
    unlink(path);
    OK(rmdir(dir), "clean up: the scratch directory");
    return fs_done();
}
