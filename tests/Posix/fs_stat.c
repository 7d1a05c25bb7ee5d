// stat, fstat, lstat, newfstatat (fstatat), statx, statfs, fstatfs: what they report of files,
// directories, symlinks and devices, AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW, and their errors.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include "fs_check.h"

// statx's structure and numbers, as linux/stat.h has them (musl's headers may lack statx).
struct statx_timestamp_ { long long tv_sec; unsigned tv_nsec; int reserved; };
struct statx_ {
    unsigned stx_mask, stx_blksize; unsigned long long stx_attributes;
    unsigned stx_nlink, stx_uid, stx_gid; unsigned short stx_mode, spare0;
    unsigned long long stx_ino, stx_size, stx_blocks, stx_attributes_mask;
    struct statx_timestamp_ stx_atime, stx_btime, stx_ctime, stx_mtime;
    unsigned stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
    unsigned long long spare[14];
};
#define STATX_BASIC 0x7ffU

static char dir[64], path[96], link_path[96];

int main(void)
{
    fs_scratch(dir, "fs_stat");
    snprintf(path, sizeof path, "%s/file", dir);
    snprintf(link_path, sizeof link_path, "%s/link", dir);
    int fd = open(path, O_CREAT | O_WRONLY, 0640);
    write(fd, "twelve bytes", 12);
    symlink("file", link_path);

    struct stat st, lst, fst;
    OK(stat(path, &st), "stat a file");
    CHECK(S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0640, "a regular file with its mode");
    CHECK(st.st_size == 12 && st.st_nlink == 1, "its size and link count");
    CHECK(st.st_blksize > 0 && st.st_blocks >= 0, "a block size");
    OK(fstat(fd, &fst), "fstat its descriptor");
    CHECK(fst.st_ino == st.st_ino && fst.st_dev == st.st_dev, "the same inode and device");
    OK(lstat(link_path, &lst), "lstat the symlink");
    CHECK(S_ISLNK(lst.st_mode) && lst.st_size == 4 && lst.st_ino != st.st_ino, "the link itself: its own inode, its target's length");
    struct stat via;
    CHECK(stat(link_path, &via) == 0 && via.st_ino == st.st_ino, "stat follows the link");
    CHECK(fstatat(AT_FDCWD, link_path, &via, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(via.st_mode), "fstatat AT_SYMLINK_NOFOLLOW");
    int directory = open(dir, O_RDONLY | O_DIRECTORY);
    CHECK(fstatat(directory, "file", &via, 0) == 0 && via.st_ino == st.st_ino, "fstatat relative to a directory descriptor");
    CHECK(fstatat(fd, "", &via, AT_EMPTY_PATH) == 0 && via.st_ino == st.st_ino, "fstatat AT_EMPTY_PATH names the descriptor's file");
    FAILS(fstatat(fd, "", &via, 0), ENOENT, "an empty path without AT_EMPTY_PATH is ENOENT");
    FAILS(fstatat(AT_FDCWD, path, &via, 0x4000000), EINVAL, "fstatat with an unknown flag is EINVAL");
    CHECK(stat(dir, &via) == 0 && S_ISDIR(via.st_mode), "stat a directory");
    CHECK(stat("/", &via) == 0 && S_ISDIR(via.st_mode), "stat /");
    CHECK(stat("/dev/null", &via) == 0 && S_ISCHR(via.st_mode) && major(via.st_rdev) == 1 && minor(via.st_rdev) == 3, "/dev/null is char device 1:3");
    FAILS(stat("/no/such/file", &via), ENOENT, "stat of a missing file is ENOENT");
    FAILS(syscall(SYS_stat, path, (struct stat *)1), EFAULT, "stat into a bad buffer is EFAULT");
    FAILS(fstat(99, &via), EBADF, "fstat of a closed descriptor is EBADF");
    snprintf(link_path, sizeof link_path, "%s/file/x", dir);
    FAILS(stat(link_path, &via), ENOTDIR, "stat through a file is ENOTDIR");

    struct statx_ sx;
    memset(&sx, 0, sizeof sx);
    OK(syscall(SYS_statx, AT_FDCWD, path, 0, STATX_BASIC, &sx), "statx");
    CHECK((sx.stx_mask & STATX_BASIC) == STATX_BASIC, "statx reports the basic fields");
    CHECK(sx.stx_ino == st.st_ino && sx.stx_size == 12 && S_ISREG(sx.stx_mode) && sx.stx_nlink == 1, "the same as stat");
    CHECK(makedev(sx.stx_dev_major, sx.stx_dev_minor) == st.st_dev, "its device in two halves");
    CHECK(sx.stx_mtime.tv_sec == st.st_mtime, "its modification time");
    memset(&sx, 0, sizeof sx);
    OK(syscall(SYS_statx, fd, "", AT_EMPTY_PATH, STATX_BASIC, &sx), "statx AT_EMPTY_PATH");
    CHECK(sx.stx_ino == st.st_ino, "names the descriptor's file");
    FAILS(syscall(SYS_statx, AT_FDCWD, path, 0, 0x80000000U, &sx), EINVAL, "statx with the reserved mask bit is EINVAL");

    struct statfs fs, ffs;
    OK(statfs(dir, &fs), "statfs");
    CHECK(fs.f_bsize > 0 && fs.f_namelen == 255, "a block size and NAME_MAX");
    OK(fstatfs(fd, &ffs), "fstatfs");
    CHECK(ffs.f_type == fs.f_type, "the same file system");
    FAILS(statfs("/no/such", &fs), ENOENT, "statfs of a missing path is ENOENT");

    close(directory);
    close(fd);
    snprintf(link_path, sizeof link_path, "%s/link", dir);
    unlink(link_path);
    unlink(path);
    OK(rmdir(dir), "clean up");
    return fs_done();
}
