// mkdir, rmdir, getdents64, chdir, fchdir, getcwd, rename, renameat2, link, symlink, readlink,
// unlink, unlinkat and their errors: ENOTEMPTY, EEXIST, EISDIR, ENOTDIR, EINVAL, ELOOP.
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "fs_check.h"

static char dir[64], a[96], b[96], c[128], cwd[256];
static char entries[4096];

struct dirent64_record { uint64_t ino; int64_t off; unsigned short reclen; unsigned char type; char name[]; };

// Whether the directory open as `fd` lists `name` (of `type`), and how many entries it has.
static int lists(int fd, const char *name, int type, int *count)
{
    int found = 0;
    *count = 0;
    lseek(fd, 0, SEEK_SET);
    long n;
    while ((n = syscall(SYS_getdents64, fd, entries, sizeof entries)) > 0)
        for (long at = 0; at < n;)
        {
            struct dirent64_record *entry = (struct dirent64_record *)(entries + at);
            (*count)++;
            if (strcmp(entry->name, name) == 0 && (type < 0 || entry->type == type)) found = 1;
            at += entry->reclen;
        }
    return found;
}

int main(void)
{
    fs_scratch(dir, "fs_dirs");
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/b", dir);

    OK(mkdir(a, 0755), "mkdir");
    FAILS(mkdir(a, 0755), EEXIST, "mkdir of an existing name is EEXIST");
    FAILS(mkdir("/", 0755), EEXIST, "mkdir / is EEXIST");
    snprintf(c, sizeof c, "%s/x/y", dir);
    FAILS(mkdir(c, 0755), ENOENT, "mkdir under a missing directory is ENOENT");
    struct stat st;
    CHECK(stat(a, &st) == 0 && S_ISDIR(st.st_mode) && st.st_nlink == 2, "a new directory has 2 links");
    CHECK(stat(dir, &st) == 0 && st.st_nlink == 3, "its parent gained one");

    snprintf(c, sizeof c, "%s/a/file", dir);
    int fd = OK(open(c, O_CREAT | O_WRONLY, 0600), "a file in it");
    close(fd);
    FAILS(rmdir(a), ENOTEMPTY, "rmdir of a directory with a file is ENOTEMPTY");
    FAILS(rmdir(c), ENOTDIR, "rmdir of a file is ENOTDIR");
    FAILS(unlink(a), EISDIR, "unlink of a directory is EISDIR");

    int directory = OK(open(a, O_RDONLY | O_DIRECTORY), "open the directory");
    int count;
    CHECK(lists(directory, "file", DT_REG, &count) && count == 3, "getdents64 lists ., .. and the file");
    CHECK(lists(directory, ".", DT_DIR, &count) && lists(directory, "..", DT_DIR, &count), "with . and .. as directories");
    lseek(directory, 0, SEEK_SET);
    FAILS(syscall(SYS_getdents64, directory, entries, 8), EINVAL, "getdents64 into a buffer too small for one entry is EINVAL");
    int file = open(c, O_RDONLY);
    FAILS(syscall(SYS_getdents64, file, entries, sizeof entries), ENOTDIR, "getdents64 of a file is ENOTDIR");
    close(file);

    // Many entries: more than one getdents64 call's worth.
    char name[96];
    for (int i = 0; i < 200; i++)
    {
        snprintf(name, sizeof name, "%s/a/entry-with-a-longish-name-%03d", dir, i);
        close(open(name, O_CREAT | O_WRONLY, 0600));
    }
    CHECK(lists(directory, "entry-with-a-longish-name-199", DT_REG, &count) && count == 203, "200 more entries are all listed");
    for (int i = 0; i < 200; i++)
    {
        snprintf(name, sizeof name, "%s/a/entry-with-a-longish-name-%03d", dir, i);
        unlink(name);
    }
    CHECK(!lists(directory, "entry-with-a-longish-name-000", -1, &count) && count == 3, "and gone once unlinked");

    OK(chdir(a), "chdir");
    CHECK(getcwd(cwd, sizeof cwd) && strcmp(cwd, a) == 0, "getcwd names it");
    fd = OK(open("file", O_RDONLY), "a relative path starts there");
    close(fd);
    OK(chdir(".."), "chdir ..");
    CHECK(getcwd(cwd, sizeof cwd) && strcmp(cwd, dir) == 0, "getcwd names the parent");
    FAILS(getcwd(cwd, 2) ? 0 : -1, ERANGE, "getcwd into a buffer too small is ERANGE");
    OK(fchdir(directory), "fchdir");
    CHECK(getcwd(cwd, sizeof cwd) && strcmp(cwd, a) == 0, "getcwd after fchdir");
    FAILS(chdir(c), ENOTDIR, "chdir to a file is ENOTDIR");
    OK(chdir("/"), "chdir /");
    OK(chdir(".."), "chdir .. at / stays at /");
    CHECK(getcwd(cwd, sizeof cwd) && strcmp(cwd, "/") == 0, "getcwd is /");

    snprintf(name, sizeof name, "%s/a/renamed", dir);
    OK(rename(c, name), "rename a file");
    FAILS(access(c, F_OK), ENOENT, "the old name is gone");
    OK(access(name, F_OK), "the new one is there");
    FAILS(rename(c, name), ENOENT, "renaming a missing name is ENOENT");
    OK(mkdir(b, 0700), "another directory");
    FAILS(rename(b, a), ENOTEMPTY, "renaming over a directory that is not empty is ENOTEMPTY");
    FAILS(rename(name, b), EISDIR, "renaming a file over a directory is EISDIR");
    FAILS(rename(b, name), ENOTDIR, "renaming a directory over a file is ENOTDIR");
    snprintf(c, sizeof c, "%s/a/inside", dir);
    FAILS(rename(a, c), EINVAL, "renaming a directory into itself is EINVAL");
    OK(rename(b, c), "move a directory into another");
    CHECK(stat(a, &st) == 0 && st.st_nlink == 3, "its new parent gained a link");
    CHECK(stat(dir, &st) == 0 && st.st_nlink == 3, "its old parent lost one");
    snprintf(cwd, sizeof cwd, "%s/a/inside/..", dir);
    CHECK(stat(cwd, &st) == 0 && stat(a, &st) == 0, "its .. is its new parent");
    OK(rename(c, b), "and back");
    int out = open(b, O_RDONLY | O_DIRECTORY);
    FAILS(syscall(SYS_renameat2, AT_FDCWD, name, AT_FDCWD, name, 1) == 0 ? 0 : -1, EEXIST, "renameat2 RENAME_NOREPLACE onto an existing name is EEXIST");
    OK(syscall(SYS_renameat2, directory, "renamed", out, "moved", 1), "renameat2 between directory descriptors");
    close(out);
    snprintf(name, sizeof name, "%s/b/moved", dir);
    OK(rename(name, name), "renaming a file onto itself is fine");

    snprintf(c, sizeof c, "%s/b/hard", dir);
    OK(link(name, c), "link");
    struct stat st2;
    CHECK(stat(name, &st) == 0 && stat(c, &st2) == 0 && st.st_ino == st2.st_ino && st.st_nlink == 2, "both names, one inode, 2 links");
    FAILS(link(name, c), EEXIST, "link onto an existing name is EEXIST");
    snprintf(cwd, sizeof cwd, "%s/dirlink", dir);
    FAILS(link(a, cwd), EPERM, "link of a directory is EPERM");
    OK(unlink(c), "unlink one name");
    CHECK(stat(name, &st) == 0 && st.st_nlink == 1, "one link left");

    snprintf(c, sizeof c, "%s/b/sym", dir);
    OK(symlink("moved", c), "symlink");
    FAILS(symlink("moved", c), EEXIST, "symlink onto an existing name is EEXIST");
    char target[16] = {0};
    CHECK(readlink(c, target, sizeof target) == 5 && memcmp(target, "moved", 5) == 0, "readlink gives the target, no NUL counted");
    CHECK(readlink(c, target, 3) == 3 && memcmp(target, "mov", 3) == 0, "readlink into a short buffer truncates");
    FAILS(readlink(name, target, sizeof target), EINVAL, "readlink of a file is EINVAL");
    FAILS(syscall(SYS_readlink, c, target, 0), EINVAL, "readlink into 0 bytes is EINVAL");
    CHECK(lstat(c, &st) == 0 && S_ISLNK(st.st_mode) && st.st_size == 5, "lstat sees the link itself");
    CHECK(stat(c, &st) == 0 && S_ISREG(st.st_mode), "stat follows it");
    snprintf(cwd, sizeof cwd, "%s/b/dangling", dir);
    OK(symlink("nowhere", cwd), "a dangling symlink");
    FAILS(stat(cwd, &st), ENOENT, "stat through it is ENOENT");
    OK(unlink(cwd), "unlink removes the link, not its target");
    snprintf(cwd, sizeof cwd, "%s/b/absolute", dir);
    OK(symlink(a, cwd), "a symlink to an absolute path");
    snprintf(target, sizeof target, "x");
    char through[160];
    snprintf(through, sizeof through, "%s/b/absolute/../b/moved", dir);
    CHECK(stat(through, &st) == 0 && S_ISREG(st.st_mode), "a path through it goes on from its target");
    unlink(cwd);

    FAILS(unlinkat(AT_FDCWD, name, 0x1), EINVAL, "unlinkat with an unknown flag is EINVAL");
    OK(unlink(c), "unlink the symlink");
    OK(unlink(name), "unlink the file");
    FAILS(rmdir("."), EINVAL, "rmdir . is EINVAL");
    snprintf(c, sizeof c, "%s/a/file", dir);
    close(open(c, O_CREAT | O_WRONLY, 0600));
    OK(unlinkat(directory, "file", 0), "unlinkat relative to a directory descriptor");
    close(directory);
    OK(unlinkat(AT_FDCWD, b, AT_REMOVEDIR), "unlinkat AT_REMOVEDIR");
    OK(rmdir(a), "rmdir an empty directory");
    CHECK(stat(dir, &st) == 0 && st.st_nlink == 2, "the parent is back to 2 links");
    OK(rmdir(dir), "clean up");
    return fs_done();
}
