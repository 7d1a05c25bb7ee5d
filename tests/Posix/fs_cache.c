// What a file system cache must never hide: every change made through one name or descriptor
// shows at once through every other path to the same file, for the same process and for
// another. Lunix's VFS keeps names and inodes of the RAM file system (NameCache, InodeCache),
// so each check here first makes it remember the old answer (a stat, a lookup), then changes the
// file, then asks again: sizes and times after writes and truncation, modes and owners,
// link counts, names removed, renamed, replaced and made again (new inode numbers), directories
// removed and made again, symlinks pointed elsewhere, search permission taken away from a
// directory (for a process that is not root), and a tmpfs mounted over a remembered directory.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "fs_check.h"

static char dir[64], a[96], b[96], c[96], sub[96], deep[128], link_path[96], hidden[128];

// A child that is not root stats `path`: 0, or the errno it got.
static int stat_as_nobody(const char *path)
{
    pid_t child = fork();
    if (child == 0)
    {
        if (setgid(65534) != 0 || setuid(65534) != 0) _exit(100);
        struct stat st;
        _exit(stat(path, &st) == 0 ? 0 : errno);
    }
    int status = 0;
    waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(void)
{
    fs_scratch(dir, "fs_cache");
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);
    snprintf(c, sizeof c, "%s/c", dir);
    snprintf(sub, sizeof sub, "%s/sub", dir);
    snprintf(deep, sizeof deep, "%s/sub/deep", dir);
    snprintf(link_path, sizeof link_path, "%s/link", dir);
    struct stat st, again;

    // Sizes and times: writes through a descriptor, truncation by name and by descriptor.
    int fd = open(a, O_CREAT | O_RDWR, 0644);
    stat(a, &st);
    CHECK(st.st_size == 0, "a new file is empty");
    write(fd, "0123456789", 10);
    CHECK(stat(a, &st) == 0 && st.st_size == 10, "stat by name sees a write through a descriptor");
    struct timespec old[2] = { { 1000, 0 }, { 2000, 0 } };
    OK(utimensat(AT_FDCWD, a, old, 0), "set old times");
    CHECK(stat(a, &st) == 0 && st.st_mtim.tv_sec == 2000 && st.st_atim.tv_sec == 1000, "stat sees utimensat's times");
    write(fd, "x", 1);
    CHECK(stat(a, &st) == 0 && st.st_size == 11 && st.st_mtim.tv_sec != 2000, "a write moves the modification time");
    OK(truncate(a, 3), "truncate by name");
    CHECK(fstat(fd, &st) == 0 && st.st_size == 3, "fstat sees truncate by name");
    OK(ftruncate(fd, 7), "ftruncate");
    CHECK(stat(a, &st) == 0 && st.st_size == 7, "stat sees ftruncate");
    close(fd);
    fd = open(a, O_WRONLY | O_TRUNC);
    CHECK(fd >= 0 && stat(a, &st) == 0 && st.st_size == 0, "stat sees O_TRUNC");
    close(fd);

    // Mode and owner.
    OK(chmod(a, 0600), "chmod");
    CHECK(stat(a, &st) == 0 && (st.st_mode & 07777) == 0600, "stat sees chmod");
    OK(chown(a, 123, 456), "chown");
    CHECK(stat(a, &st) == 0 && st.st_uid == 123 && st.st_gid == 456, "stat sees chown");
    chown(a, 0, 0);

    // Link counts: a hard link made and removed, a directory's subdirectories.
    OK(link(a, c), "link");
    CHECK(stat(a, &st) == 0 && st.st_nlink == 2, "the first name sees the second link");
    CHECK(stat(c, &again) == 0 && again.st_ino == st.st_ino, "both names lead to one inode");
    OK(unlink(c), "unlink the second name");
    CHECK(stat(a, &st) == 0 && st.st_nlink == 1, "the first name sees the link go");
    FAILS(stat(c, &st), ENOENT, "the removed name is gone");
    struct stat parent;
    stat(dir, &parent);
    OK(mkdir(sub, 0755), "mkdir");
    CHECK(stat(dir, &st) == 0 && st.st_nlink == parent.st_nlink + 1, "the parent's link count grows with a subdirectory");

    // Names removed and made again: a new inode, not the remembered one.
    stat(a, &st);
    unlink(a);
    FAILS(stat(a, &again), ENOENT, "stat after unlink is ENOENT");
    fd = open(a, O_CREAT | O_WRONLY, 0640);
    write(fd, "abc", 3);
    close(fd);
    CHECK(stat(a, &again) == 0 && again.st_size == 3 && (again.st_mode & 07777) == 0640, "the name made again is the new file");

    // Rename: the old name goes, the new one leads to the moved inode, a replaced target goes.
    stat(a, &st);
    close(open(b, O_CREAT | O_WRONLY, 0600));
    stat(b, &again);
    OK(rename(a, b), "rename over an existing file");
    FAILS(stat(a, &again), ENOENT, "the old name is gone");
    CHECK(stat(b, &again) == 0 && again.st_ino == st.st_ino && again.st_size == 3, "the new name leads to the moved file");

    // Directories removed and made again: nothing of the old one is found in the new one.
    close(open(deep, O_CREAT | O_WRONLY, 0600));
    CHECK(stat(deep, &st) == 0, "a file in the subdirectory");
    unlink(deep);
    OK(rmdir(sub), "rmdir");
    FAILS(stat(deep, &st), ENOENT, "a path through the removed directory is ENOENT");
    OK(mkdir(sub, 0700), "mkdir the same name again");
    FAILS(stat(deep, &st), ENOENT, "the new directory is empty");
    CHECK(stat(sub, &st) == 0 && (st.st_mode & 07777) == 0700, "the new directory's own mode");
    OK(rename(sub, c), "rename a directory");
    close(open(deep, O_CREAT | O_WRONLY, 0600));
    FAILS(stat(deep, &st), ENOENT, "nothing is made under the directory's old name");
    snprintf(deep, sizeof deep, "%s/c/deep", dir);
    close(open(deep, O_CREAT | O_WRONLY, 0600));
    CHECK(stat(deep, &st) == 0, "a file made under the directory's new name");

    // Symlinks pointed elsewhere.
    OK(symlink("b", link_path), "symlink to b");
    stat(b, &again);
    CHECK(stat(link_path, &st) == 0 && st.st_ino == again.st_ino, "the link leads to b");
    unlink(link_path);
    OK(symlink("c", link_path), "the link made again, to c");
    stat(c, &again);
    CHECK(stat(link_path, &st) == 0 && st.st_ino == again.st_ino && S_ISDIR(st.st_mode), "the link now leads to c");
    FAILS(open(link_path, O_WRONLY), EISDIR, "open for writing through it is EISDIR");

    // An open file whose name is removed: fstat sees no links left.
    fd = open(b, O_RDONLY);
    unlink(b);
    CHECK(fstat(fd, &st) == 0 && st.st_nlink == 0, "fstat of an open, unlinked file has no links");
    close(fd);

    if (getuid() == 0)
    {
        // Search permission taken away and given back, for a process that is not root.
        chmod(dir, 0755);
        chmod(c, 0755);
        CHECK(stat_as_nobody(deep) == 0, "another user may reach a file through searchable directories");
        OK(chmod(c, 0700), "take search permission away");
        CHECK(stat_as_nobody(deep) == EACCES, "then the path is EACCES for another user");
        OK(chmod(c, 0711), "give search permission back");
        CHECK(stat_as_nobody(deep) == 0, "then the path resolves again");

        // A tmpfs mounted over a remembered directory hides what is under it, and shows it again
        // when unmounted.
        snprintf(hidden, sizeof hidden, "%s/c/deep", dir);
        CHECK(stat(hidden, &st) == 0, "a file under the directory before the mount");
        OK(mount("none", c, "tmpfs", 0, NULL), "mount a tmpfs over the directory");
        FAILS(stat(hidden, &st), ENOENT, "the mount hides the file");
        close(open(hidden, O_CREAT | O_WRONLY, 0600));
        struct stat on_top;
        CHECK(stat(hidden, &on_top) == 0 && on_top.st_dev != parent.st_dev, "a file of the same name made on the mount is the mount's");
        unlink(hidden);
        OK(umount(c), "umount");
        CHECK(stat(hidden, &again) == 0 && again.st_dev == parent.st_dev, "the file under it shows again");
    }
    return fs_done();
}
