// The edges of file descriptors: scatter-gather I/O, positioned I/O, sendfile, statx, the *at
// calls relative to AT_FDCWD and to a directory descriptor, and statfs.
#include "tap.h"
#include <sys/sendfile.h>
#include <sys/sysmacros.h>
#include <sys/statfs.h>
#include <sys/uio.h>

// musl 1.2.3 has no statx wrapper and its headers no struct statx: Linux's layout (include/uapi/linux/stat.h).
struct statx_timestamp { int64_t tv_sec; uint32_t tv_nsec; int32_t reserved; };
struct linux_statx {
    uint32_t stx_mask, stx_blksize;
    uint64_t stx_attributes;
    uint32_t stx_nlink, stx_uid, stx_gid;
    uint16_t stx_mode, spare0;
    uint64_t stx_ino, stx_size, stx_blocks, stx_attributes_mask;
    struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
    uint32_t stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
    uint64_t spare[14];
};
#define STATX_BASIC_STATS 0x7ffu

static const char *scatter_gather(void)
{
    int fd = open("vectors", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0);
    struct iovec out[3] = { { "alpha ", 6 }, { "", 0 }, { "beta", 4 } };
    CHECK(writev(fd, out, 3) == 10);
    CHECK(lseek(fd, 0, SEEK_CUR) == 10);
    char first[3], second[16];
    struct iovec in[2] = { { first, sizeof first }, { second, sizeof second } };
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    CHECK(readv(fd, in, 2) == 10);
    CHECK(memcmp(first, "alp", 3) == 0 && memcmp(second, "ha beta", 7) == 0);
    // preadv and pwritev take an offset and leave the file offset alone.
    struct iovec patch[1] = { { "B", 1 } };
    CHECK(pwritev(fd, patch, 1, 6) == 1);
    CHECK(lseek(fd, 0, SEEK_CUR) == 10);
    CHECK(preadv(fd, in, 2, 5) == 5);
    CHECK(memcmp(first, " Be", 3) == 0 && memcmp(second, "ta", 2) == 0);
    struct iovec negative[1] = { { first, (size_t)-1 } };
    CHECK_ERRNO(readv(fd, negative, 1), EINVAL);
    CHECK_ERRNO(writev(fd, out, IOV_MAX + 1), EINVAL);
    close(fd);
    CHECK(unlink("vectors") == 0);
    return NULL;
}

static const char *positioned_io(void)
{
    int fd = open("positioned", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, "0123456789", 10) == 10);
    CHECK(lseek(fd, 2, SEEK_SET) == 2);
    char buffer[8] = { 0 };
    CHECK(pread(fd, buffer, 4, 5) == 4 && memcmp(buffer, "5678", 4) == 0);
    CHECK(syscall(SYS_pread64, fd, buffer, 2, 0) == 2 && memcmp(buffer, "01", 2) == 0);
    CHECK(pwrite(fd, "xy", 2, 8) == 2);
    CHECK(syscall(SYS_pwrite64, fd, "zz", 2, 12) == 2);     // past the end, leaving a hole of two zero bytes
    CHECK(lseek(fd, 0, SEEK_CUR) == 2);                     // none of these moved the offset
    CHECK(pread(fd, buffer, 8, 7) == 7 && memcmp(buffer, "7xy\0\0zz", 7) == 0);
    CHECK(pread(fd, buffer, 8, 100) == 0);                  // past the end: 0
    CHECK_ERRNO(pread(fd, buffer, 1, -1), EINVAL);
    close(fd);
    CHECK(unlink("positioned") == 0);
    return NULL;
}

static const char *sendfile_copies(void)
{
    CHECK(tap_write_file("source", "0123456789abcdef", 16) == 0);
    int in = open("source", O_RDONLY), out = open("copy", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(in >= 0 && out >= 0);
    off_t offset = 4;
    CHECK(sendfile(out, in, &offset, 6) == 6);              // from offset 4, which advances...
    CHECK(offset == 10);
    CHECK(lseek(in, 0, SEEK_CUR) == 0);                     // ...and not the file offset
    CHECK(sendfile(out, in, NULL, 3) == 3);                 // from the file offset, which advances
    CHECK(lseek(in, 0, SEEK_CUR) == 3);
    char buffer[16] = { 0 };
    CHECK(pread(out, buffer, sizeof buffer, 0) == 9 && memcmp(buffer, "456789012", 9) == 0);
    offset = 16;
    CHECK(sendfile(out, in, &offset, 5) == 0);              // at the end: nothing
    // Into a pipe as well.
    int ends[2];
    CHECK(pipe(ends) == 0);
    offset = 10;
    CHECK(sendfile(ends[1], in, &offset, 6) == 6);
    CHECK(read(ends[0], buffer, sizeof buffer) == 6 && memcmp(buffer, "abcdef", 6) == 0);
    close(ends[0]);
    close(ends[1]);
    CHECK_ERRNO(sendfile(out, 1000, NULL, 1), EBADF);
    close(in);
    close(out);
    CHECK(unlink("source") == 0 && unlink("copy") == 0);
    return NULL;
}

static const char *statx_matches_fstat(void)
{
    CHECK(tap_write_file("described", "twelve bytes", 12) == 0);
    struct linux_statx extended;
    memset(&extended, 0, sizeof extended);
    CHECK(syscall(SYS_statx, AT_FDCWD, "described", 0, STATX_BASIC_STATS, &extended) == 0);
    struct stat status;
    CHECK(stat("described", &status) == 0);
    CHECK((extended.stx_mask & STATX_BASIC_STATS) == STATX_BASIC_STATS);
    CHECK(extended.stx_size == 12 && (off_t)extended.stx_size == status.st_size);
    CHECK(extended.stx_ino == status.st_ino);
    CHECK(extended.stx_mode == status.st_mode);
    CHECK(extended.stx_nlink == status.st_nlink && extended.stx_uid == status.st_uid);
    CHECK(extended.stx_mtime.tv_sec == status.st_mtim.tv_sec && extended.stx_mtime.tv_nsec == (uint32_t)status.st_mtim.tv_nsec);
    CHECK(makedev(extended.stx_dev_major, extended.stx_dev_minor) == status.st_dev);
    // AT_EMPTY_PATH on a descriptor.
    int fd = open("described", O_RDONLY);
    CHECK(fd >= 0);
    memset(&extended, 0, sizeof extended);
    CHECK(syscall(SYS_statx, fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &extended) == 0 && extended.stx_ino == status.st_ino);
    close(fd);
    CHECK_ERRNO(syscall(SYS_statx, AT_FDCWD, "missing", 0, STATX_BASIC_STATS, &extended), ENOENT);
    CHECK(unlink("described") == 0);
    return NULL;
}

static const char *newfstatat_variants(void)
{
    CHECK(mkdir("d", 0755) == 0);
    CHECK(tap_write_file("d/f", "abc", 3) == 0);
    CHECK(symlink("f", "d/l") == 0);
    struct stat by_cwd, by_dir, link, empty, plain;
    int dir = open("d", O_RDONLY | O_DIRECTORY);
    CHECK(dir >= 0);
    CHECK(syscall(SYS_newfstatat, AT_FDCWD, "d/f", &by_cwd, 0) == 0);
    CHECK(fstatat(dir, "f", &by_dir, 0) == 0);
    CHECK(by_cwd.st_ino == by_dir.st_ino && by_dir.st_size == 3);
    CHECK(fstatat(dir, "l", &link, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(link.st_mode));
    CHECK(fstatat(dir, "l", &plain, 0) == 0 && plain.st_ino == by_dir.st_ino);   // followed
    CHECK(fstatat(dir, "", &empty, AT_EMPTY_PATH) == 0);
    CHECK(fstat(dir, &plain) == 0 && empty.st_ino == plain.st_ino && S_ISDIR(empty.st_mode));
    CHECK_ERRNO(fstatat(dir, "", &empty, 0), ENOENT);        // an empty path needs AT_EMPTY_PATH
    CHECK_ERRNO(fstatat(dir, "f", &empty, 0x12345), EINVAL);
    close(dir);
    CHECK(unlink("d/l") == 0 && unlink("d/f") == 0 && rmdir("d") == 0);
    return NULL;
}

static const char *openat_relative_to_a_directory(void)
{
    CHECK(mkdir("base", 0755) == 0);
    CHECK(mkdir("other", 0755) == 0);
    int base = open("base", O_RDONLY | O_DIRECTORY);
    CHECK(base >= 0);
    CHECK(chdir("other") == 0);                             // the cwd does not matter to openat
    int fd = openat(base, "inside", O_WRONLY | O_CREAT | O_EXCL, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, "at", 2) == 2);
    close(fd);
    CHECK(chdir(tap_scratch) == 0);
    struct stat status;
    CHECK(stat("base/inside", &status) == 0 && status.st_size == 2);
    CHECK_ERRNO(stat("other/inside", &status), ENOENT);
    CHECK((fd = openat(AT_FDCWD, "base/inside", O_RDONLY)) >= 0);   // AT_FDCWD is the cwd
    close(fd);
    // An absolute path ignores the directory descriptor, even a bad one.
    char absolute[PATH_MAX + 16];
    snprintf(absolute, sizeof absolute, "%s/base/inside", tap_scratch);
    CHECK((fd = openat(1000, absolute, O_RDONLY)) >= 0);
    close(fd);
    CHECK_ERRNO(openat(1000, "inside", O_RDONLY), EBADF);
    int file = open("base/inside", O_RDONLY);
    CHECK(file >= 0);
    CHECK_ERRNO(openat(file, "x", O_RDONLY), ENOTDIR);      // a file is no directory descriptor
    close(file);
    close(base);
    CHECK(unlink("base/inside") == 0 && rmdir("base") == 0 && rmdir("other") == 0);
    return NULL;
}

static const char *at_family_relative_to_a_directory(void)
{
    CHECK(mkdir("top", 0755) == 0);
    int top = open("top", O_RDONLY | O_DIRECTORY);
    CHECK(top >= 0);
    CHECK(mkdirat(top, "sub", 0700) == 0);
    int fd = openat(top, "sub/file", O_WRONLY | O_CREAT, 0600);
    CHECK(fd >= 0);
    close(fd);
    CHECK(renameat(top, "sub/file", top, "moved") == 0);
    CHECK(linkat(top, "moved", top, "linked", 0) == 0);
    CHECK(symlinkat("moved", top, "symbolic") == 0);
    char target[16] = { 0 };
    CHECK(readlinkat(top, "symbolic", target, sizeof target) == 5 && memcmp(target, "moved", 5) == 0);
    CHECK(faccessat(top, "moved", R_OK | W_OK, 0) == 0);
    CHECK(fchmodat(top, "moved", 0640, 0) == 0);
    CHECK(fchownat(top, "moved", geteuid(), getegid(), 0) == 0);
    struct stat status;
    CHECK(fstatat(top, "linked", &status, 0) == 0 && (status.st_mode & 0777) == 0640 && status.st_nlink == 2);
    CHECK(mknodat(top, "fifo", S_IFIFO | 0600, 0) == 0);
    CHECK(fstatat(top, "fifo", &status, 0) == 0 && S_ISFIFO(status.st_mode));
    CHECK_ERRNO(unlinkat(top, "sub", 0), EISDIR);
    CHECK_ERRNO(unlinkat(top, "moved", AT_REMOVEDIR), ENOTDIR);
    CHECK(unlinkat(top, "sub", AT_REMOVEDIR) == 0);
    CHECK(unlinkat(top, "moved", 0) == 0 && unlinkat(top, "linked", 0) == 0);
    CHECK(unlinkat(top, "symbolic", 0) == 0 && unlinkat(top, "fifo", 0) == 0);
    close(top);
    CHECK(rmdir("top") == 0);
    return NULL;
}

static const char *statfs_of_the_scratch_directory(void)
{
    struct statfs by_path, by_fd;
    CHECK(statfs(".", &by_path) == 0);
    CHECK(by_path.f_bsize > 0);
    CHECK(by_path.f_bfree <= by_path.f_blocks && by_path.f_bavail <= by_path.f_blocks);
    CHECK(by_path.f_namelen >= 255);
    int fd = open(".", O_RDONLY | O_DIRECTORY);
    CHECK(fd >= 0 && fstatfs(fd, &by_fd) == 0);
    close(fd);
    CHECK(by_fd.f_type == by_path.f_type && by_fd.f_bsize == by_path.f_bsize);
    CHECK_ERRNO(statfs("missing", &by_path), ENOENT);
    return NULL;
}

static const struct tap_check checks[] = {
    { "writev gathers and readv scatters in order, empty entries too; pwritev and preadv; EINVAL for huge lengths and IOV_MAX+1", scatter_gather },
    { "pread64 and pwrite64 use their offset, leave the file offset, fill a hole with zeroes, return 0 past the end; EINVAL", positioned_io },
    { "sendfile copies file to file from an offset it advances or from the file offset, into a pipe too; EBADF", sendfile_copies },
    { "statx gives fstat's size, inode, mode, links, owner, mtime and device, by path and by AT_EMPTY_PATH; ENOENT", statx_matches_fstat },
    { "newfstatat with AT_FDCWD and a directory descriptor, AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH; ENOENT and EINVAL", newfstatat_variants },
    { "openat is relative to its directory descriptor whatever the cwd; AT_FDCWD; absolute paths; EBADF and ENOTDIR", openat_relative_to_a_directory },
    { "mkdirat, renameat, linkat, symlinkat, readlinkat, faccessat, fchmodat, fchownat, mknodat and unlinkat on a directory descriptor", at_family_relative_to_a_directory },
    { "statfs and fstatfs of the scratch directory agree and are plausible; ENOENT", statfs_of_the_scratch_directory },
};

int main(int argc, char **argv)
{
    return tap_main(argc, argv, checks, sizeof checks / sizeof checks[0]);
}
