// mount and umount2 of a tmpfs: a file system of its own (its st_dev, statfs's type), ".." out
// of its root, getcwd inside it, EXDEV for rename and link across, EBUSY while it is in use,
// EINVAL and ENODEV. Needs root: a program run by anyone else only says so.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include "fs_check.h"

#define TMPFS_MAGIC 0x01021994
static char dir[64], point[96], inside[128], outside[96], cwd[256], up[160];

int main(void)
{
    if (getuid() != 0)
    {
        printf("1..0 # SKIP mount needs root\n");
        return 0;
    }
    fs_scratch(dir, "fs_mount");
    snprintf(point, sizeof point, "%s/point", dir);
    snprintf(inside, sizeof inside, "%s/point/file", dir);
    snprintf(outside, sizeof outside, "%s/outside", dir);
    mkdir(point, 0755);
    close(open(outside, O_CREAT | O_WRONLY, 0600));

    struct stat under, root, parent;
    stat(point, &under);
    stat(dir, &parent);
    OK(mount("none", point, "tmpfs", 0, NULL), "mount a tmpfs");
    CHECK(stat(point, &root) == 0 && root.st_dev != parent.st_dev, "its root has a device of its own");
    CHECK(root.st_ino != under.st_ino || root.st_dev != under.st_dev, "the directory under it is hidden");
    struct statfs fs;
    CHECK(statfs(point, &fs) == 0 && fs.f_type == TMPFS_MAGIC, "statfs says tmpfs");
    int fd = OK(open(inside, O_CREAT | O_RDWR, 0600), "a file in it");
    CHECK(write(fd, "kept", 4) == 4, "written");
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && st.st_dev == root.st_dev, "on the tmpfs's device");
    snprintf(up, sizeof up, "%s/point/..", dir);
    CHECK(stat(up, &st) == 0 && st.st_ino == parent.st_ino && st.st_dev == parent.st_dev, ".. of its root is the directory it is mounted in");
    snprintf(up, sizeof up, "%s/point/../outside", dir);
    CHECK(stat(up, &st) == 0 && S_ISREG(st.st_mode), "and a path goes on from there");
    snprintf(up, sizeof up, "%s/moved", dir);
    FAILS(rename(inside, up), EXDEV, "rename out of it is EXDEV");
    FAILS(link(outside, inside), EEXIST, "link onto an existing name is EEXIST first");
    snprintf(up, sizeof up, "%s/point/linked", dir);
    FAILS(link(outside, up), EXDEV, "link across file systems is EXDEV");
    FAILS(umount(point), EBUSY, "umount while a file is open is EBUSY");
    close(fd);
    OK(chdir(point), "chdir into it");
    CHECK(getcwd(cwd, sizeof cwd) && strcmp(cwd, point) == 0, "getcwd inside it");
    FAILS(umount(point), EBUSY, "umount while it is a working directory is EBUSY");
    OK(chdir(".."), "chdir .. out of it");
    CHECK(getcwd(cwd, sizeof cwd) && strcmp(cwd, dir) == 0, "back in the directory above");
    OK(umount(point), "umount");
    FAILS(access(inside, F_OK), ENOENT, "its files went with it");
    CHECK(stat(point, &st) == 0 && st.st_ino == under.st_ino && st.st_dev == under.st_dev, "the directory under it is back");
    FAILS(umount(point), EINVAL, "umount of a directory nothing is mounted on is EINVAL");
    FAILS(mount("none", point, "no-such-type", 0, NULL), ENODEV, "mount of an unknown type is ENODEV");
    FAILS(mount("none", outside, "tmpfs", 0, NULL), ENOTDIR, "mount on a file is ENOTDIR");
    FAILS(mount("none", "/no/such", "tmpfs", 0, NULL), ENOENT, "mount on a missing path is ENOENT");

    OK(chdir("/"), "leave");
    unlink(outside);
    rmdir(point);
    OK(rmdir(dir), "clean up");
    return fs_done();
}
