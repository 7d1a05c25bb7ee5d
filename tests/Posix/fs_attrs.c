// chmod, fchmod, fchmodat, chown, fchown, lchown, fchownat, utimensat, access, faccessat,
// umask, fsync, fdatasync, sync: attributes set and read back, and the errors.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "fs_check.h"

static char dir[64], path[96], link_path[96], sub[96];

int main(void)
{
    fs_scratch(dir, "fs_attrs");
    snprintf(path, sizeof path, "%s/file", dir);
    snprintf(link_path, sizeof link_path, "%s/link", dir);
    snprintf(sub, sizeof sub, "%s/sub", dir);

    mode_t old = umask(022);
    CHECK(umask(077) == 022, "umask returns the previous mask");
    int fd = open(path, O_CREAT | O_RDWR, 0666);
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0600, "the umask takes bits from a new file's mode");
    mkdir(sub, 0777);
    CHECK(stat(sub, &st) == 0 && (st.st_mode & 0777) == 0700, "and from a new directory's");
    umask(022);

    OK(chmod(path, 0751), "chmod");
    CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0751 && S_ISREG(st.st_mode), "the new mode, the type kept");
    OK(fchmod(fd, 04644), "fchmod with set-user-id");
    CHECK(fstat(fd, &st) == 0 && (st.st_mode & 07777) == 04644, "fchmod's mode");
    int directory = open(dir, O_RDONLY | O_DIRECTORY);
    OK(fchmodat(directory, "file", 0600, 0), "fchmodat relative to a directory descriptor");
    CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0600, "its mode");
    FAILS(chmod("/no/such", 0600), ENOENT, "chmod of a missing file is ENOENT");
    FAILS(fchmod(99, 0600), EBADF, "fchmod of a closed descriptor is EBADF");

    uid_t me = getuid();
    gid_t group = getgid();
    OK(chown(path, me, group), "chown to our own ids");
    OK(fchown(fd, -1, -1), "fchown changing nothing");
    symlink("file", link_path);
    OK(lchown(link_path, me, group), "lchown of a symlink");
    OK(fchownat(directory, "file", me, group, AT_SYMLINK_NOFOLLOW), "fchownat");
    CHECK(stat(path, &st) == 0 && st.st_uid == me && st.st_gid == group, "the owner is ours");
    if (me == 0)
    {
        OK(chown(path, 1234, 5678), "root gives the file away");
        CHECK(stat(path, &st) == 0 && st.st_uid == 1234 && st.st_gid == 5678, "the new owner and group");
        chown(path, 0, 0);
    }
    FAILS(fchownat(directory, "file", me, group, 0x8000000), EINVAL, "fchownat with an unknown flag is EINVAL");

    struct timespec times[2] = { { 1000000000, 123456789 }, { 1200000000, 5 } };
    OK(utimensat(AT_FDCWD, path, times, 0), "utimensat with explicit times");
    CHECK(stat(path, &st) == 0 && st.st_atim.tv_sec == 1000000000 && st.st_atim.tv_nsec == 123456789
          && st.st_mtim.tv_sec == 1200000000 && st.st_mtim.tv_nsec == 5, "both times, to the nanosecond");
    struct timespec omit[2] = { { 0, UTIME_OMIT }, { 1300000000, 0 } };
    OK(utimensat(AT_FDCWD, path, omit, 0), "utimensat with UTIME_OMIT for the access time");
    CHECK(stat(path, &st) == 0 && st.st_atim.tv_sec == 1000000000 && st.st_mtim.tv_sec == 1300000000, "only the modification time moved");
    struct timespec now[2] = { { 0, UTIME_NOW }, { 0, UTIME_OMIT } };
    OK(utimensat(AT_FDCWD, path, now, 0), "utimensat with UTIME_NOW");
    CHECK(stat(path, &st) == 0 && st.st_atim.tv_sec != 1000000000 && st.st_mtim.tv_sec == 1300000000, "the access time is now");
    OK(utimensat(fd, NULL, times, 0), "futimens through utimensat(fd, NULL)");
    CHECK(fstat(fd, &st) == 0 && st.st_mtim.tv_sec == 1200000000, "its times");
    OK(utimensat(AT_FDCWD, link_path, times, AT_SYMLINK_NOFOLLOW), "utimensat AT_SYMLINK_NOFOLLOW on a symlink");
    struct timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
    FAILS(utimensat(AT_FDCWD, path, bad, 0), EINVAL, "a nanosecond count of a second or more is EINVAL");
    FAILS(utimensat(AT_FDCWD, "/no/such", times, 0), ENOENT, "utimensat of a missing file is ENOENT");

    OK(access(path, F_OK), "access F_OK");
    OK(access(path, R_OK | W_OK), "access R_OK|W_OK");
    chmod(path, 0644);
    FAILS(access(path, X_OK), EACCES, "access X_OK of a file no one may execute is EACCES, even for root");
    chmod(path, 0744);
    OK(access(path, X_OK), "access X_OK once someone may");
    OK(faccessat(directory, "file", R_OK, 0), "faccessat relative to a directory descriptor");
    FAILS(access("/no/such", F_OK), ENOENT, "access of a missing file is ENOENT");
    FAILS(access(path, 8), EINVAL, "access with an unknown mode is EINVAL");
    OK(access(dir, X_OK), "a directory may be searched");

    OK(fsync(fd), "fsync");
    OK(fdatasync(fd), "fdatasync");
    sync();
    CHECK(1, "sync returns");
    FAILS(fsync(99), EBADF, "fsync of a closed descriptor is EBADF");

    close(directory);
    close(fd);
    umask(old);
    unlink(link_path);
    unlink(path);
    rmdir(sub);
    OK(rmdir(dir), "clean up");
    return fs_done();
}
