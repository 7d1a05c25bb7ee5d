// Files and directories: open/read/write/lseek, stat, names (unlink, rename, link, symlink),
// directories and getdents64, descriptors (dup, fcntl), sizes, permissions, the working
// directory, and the errors of bad paths and bad pointers.
#include "tap.h"
#include <dirent.h>
#include <sys/ioctl.h>

// An address no process has mapped: page 0. Raw system calls are used with it, because
// musl's wrappers would fault in user space copying through it (stat's kstat, for one).
#define BAD_POINTER ((void *)8)

static const char *read_back_what_was_written(void)
{
    int fd = open("data", O_RDWR | O_CREAT | O_EXCL, 0600);
    CHECK(fd >= 0);
    CHECK(write(fd, "hello, world", 12) == 12);
    CHECK(lseek(fd, 0, SEEK_CUR) == 12);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    char buffer[32] = { 0 };
    CHECK(read(fd, buffer, sizeof buffer) == 12);
    CHECK(memcmp(buffer, "hello, world", 12) == 0);
    CHECK(read(fd, buffer, sizeof buffer) == 0);              // at the end: 0, not an error
    CHECK(close(fd) == 0);
    CHECK_ERRNO(close(fd), EBADF);
    CHECK(unlink("data") == 0);
    return NULL;
}

static const char *open_flags(void)
{
    CHECK_ERRNO(open("missing", O_RDONLY), ENOENT);
    int fd = open("file", O_WRONLY | O_CREAT | O_EXCL, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, "0123456789", 10) == 10);
    close(fd);
    CHECK_ERRNO(open("file", O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST);
    // O_APPEND: every write goes to the end, wherever the offset was put.
    CHECK((fd = open("file", O_WRONLY | O_APPEND)) >= 0);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    CHECK(write(fd, "ab", 2) == 2);
    CHECK(lseek(fd, 0, SEEK_CUR) == 12);
    close(fd);
    // O_TRUNC empties it.
    CHECK((fd = open("file", O_RDWR | O_TRUNC)) >= 0);
    struct stat status;
    CHECK(fstat(fd, &status) == 0 && status.st_size == 0);
    close(fd);
    // Read-only and write-only descriptors refuse the other direction.
    char byte = 'x';
    CHECK((fd = open("file", O_RDONLY)) >= 0);
    CHECK_ERRNO(write(fd, &byte, 1), EBADF);
    close(fd);
    CHECK((fd = open("file", O_WRONLY)) >= 0);
    CHECK_ERRNO(read(fd, &byte, 1), EBADF);
    close(fd);
    CHECK(unlink("file") == 0);
    return NULL;
}

static const char *lseek_and_holes(void)
{
    int fd = open("sparse", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK(lseek(fd, 10000, SEEK_SET) == 10000);
    CHECK(write(fd, "end", 3) == 3);
    CHECK(lseek(fd, 0, SEEK_END) == 10003);
    CHECK(lseek(fd, -3, SEEK_CUR) == 10000);
    CHECK_ERRNO(lseek(fd, -1, SEEK_SET), EINVAL);
    CHECK_ERRNO(lseek(fd, 0, 42), EINVAL);
    char buffer[100];
    CHECK(pread(fd, buffer, sizeof buffer, 5000) == (ssize_t)sizeof buffer);
    for (size_t i = 0; i < sizeof buffer; i++) CHECK(buffer[i] == 0);   // the hole reads zeroes
    struct stat status;
    CHECK(fstat(fd, &status) == 0 && status.st_size == 10003);
    close(fd);
    CHECK(unlink("sparse") == 0);
    return NULL;
}

static const char *stat_fields(void)
{
    mode_t old = umask(027);
    int fd = open("node", O_WRONLY | O_CREAT | O_EXCL, 0666);
    umask(old);
    CHECK(fd >= 0);
    CHECK(write(fd, "12345", 5) == 5);
    struct stat by_path, by_fd, directory;
    CHECK(stat("node", &by_path) == 0);
    CHECK(fstat(fd, &by_fd) == 0);
    CHECK(stat(".", &directory) == 0);
    close(fd);
    CHECK(S_ISREG(by_path.st_mode));
    CHECK((by_path.st_mode & 07777) == 0640);                 // 0666 less the umask 027
    CHECK(by_path.st_size == 5);
    CHECK(by_path.st_nlink == 1);
    CHECK(by_path.st_uid == geteuid());
    CHECK(by_path.st_ino == by_fd.st_ino && by_path.st_dev == by_fd.st_dev);
    CHECK(by_path.st_mode == by_fd.st_mode && by_path.st_size == by_fd.st_size);
    CHECK(by_path.st_dev == directory.st_dev);
    CHECK(by_path.st_ino != directory.st_ino);
    CHECK(S_ISDIR(directory.st_mode));
    CHECK(directory.st_nlink >= 2);
    CHECK(by_path.st_blksize > 0);
    CHECK(by_path.st_mtim.tv_sec > 0 && by_path.st_mtim.tv_nsec >= 0 && by_path.st_mtim.tv_nsec < 1000000000);
    CHECK(unlink("node") == 0);
    return NULL;
}

static const char *unlinked_file_stays_open(void)
{
    int fd = open("doomed", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, "still here", 10) == 10);
    CHECK(unlink("doomed") == 0);
    struct stat status;
    CHECK_ERRNO(stat("doomed", &status), ENOENT);
    CHECK_ERRNO(unlink("doomed"), ENOENT);
    CHECK(fstat(fd, &status) == 0 && status.st_nlink == 0);
    char buffer[16];
    CHECK(pread(fd, buffer, sizeof buffer, 0) == 10 && memcmp(buffer, "still here", 10) == 0);
    close(fd);
    return NULL;
}

static const char *directories(void)
{
    CHECK(mkdir("dir", 0755) == 0);
    CHECK_ERRNO(mkdir("dir", 0755), EEXIST);
    struct stat status;
    CHECK(stat("dir", &status) == 0 && S_ISDIR(status.st_mode));
    CHECK((status.st_mode & 0777) == 0755);
    CHECK(tap_write_file("dir/inner", "x", 1) == 0);
    CHECK_ERRNO(rmdir("dir"), ENOTEMPTY);
    CHECK_ERRNO(unlink("dir"), EISDIR);
    CHECK_ERRNO(rmdir("dir/inner"), ENOTDIR);
    CHECK(unlink("dir/inner") == 0);
    CHECK_ERRNO(rmdir("dir/."), EINVAL);
    CHECK(rmdir("dir") == 0);
    CHECK_ERRNO(rmdir("dir"), ENOENT);
    return NULL;
}

static const char *renames(void)
{
    CHECK(tap_write_file("a", "first", 5) == 0);
    CHECK(tap_write_file("b", "second", 6) == 0);
    struct stat a, b;
    CHECK(stat("a", &a) == 0);
    CHECK(rename("a", "b") == 0);                          // replaces b atomically
    CHECK_ERRNO(stat("a", &b), ENOENT);
    CHECK(stat("b", &b) == 0 && b.st_ino == a.st_ino && b.st_size == 5);
    CHECK_ERRNO(rename("a", "c"), ENOENT);
    CHECK(mkdir("d", 0755) == 0);
    CHECK(rename("b", "d/b") == 0);                         // into a directory
    CHECK(stat("d/b", &b) == 0 && b.st_ino == a.st_ino);
    CHECK(mkdir("e", 0755) == 0);
    CHECK(tap_write_file("e/x", "x", 1) == 0);
    CHECK_ERRNO(rename("d", "e"), ENOTEMPTY);               // a directory over a non-empty one
    CHECK_ERRNO(rename("d/b", "e"), EISDIR);                // a file over a directory
    CHECK_ERRNO(rename("d", "d/sub"), EINVAL);              // a directory into itself
    CHECK(unlink("e/x") == 0 && rmdir("e") == 0);
    CHECK(rename("d", "e") == 0);                           // a directory over an empty one
    CHECK(stat("e/b", &b) == 0);
    CHECK(unlink("e/b") == 0 && rmdir("e") == 0);
    return NULL;
}

static const char *hard_links(void)
{
    CHECK(tap_write_file("one", "shared", 6) == 0);
    CHECK(link("one", "two") == 0);
    struct stat one, two;
    CHECK(stat("one", &one) == 0 && stat("two", &two) == 0);
    CHECK(one.st_ino == two.st_ino && one.st_nlink == 2 && two.st_nlink == 2);
    CHECK_ERRNO(link("one", "two"), EEXIST);
    CHECK_ERRNO(link("missing", "three"), ENOENT);
    CHECK(unlink("one") == 0);
    CHECK(stat("two", &two) == 0 && two.st_nlink == 1 && two.st_size == 6);
    CHECK(unlink("two") == 0);
    return NULL;
}

static const char *symbolic_links(void)
{
    CHECK(tap_write_file("target", "pointed at", 10) == 0);
    CHECK(symlink("target", "link") == 0);
    CHECK_ERRNO(symlink("target", "link"), EEXIST);
    char buffer[64];
    memset(buffer, '!', sizeof buffer);
    CHECK(readlink("link", buffer, sizeof buffer) == 6);
    CHECK(memcmp(buffer, "target", 6) == 0 && buffer[6] == '!');   // no NUL added
    CHECK(readlink("link", buffer, 3) == 3 && memcmp(buffer, "tar", 3) == 0);   // truncated silently
    CHECK_ERRNO(readlink("target", buffer, sizeof buffer), EINVAL);
    struct stat link_status, target_status;
    CHECK(lstat("link", &link_status) == 0 && S_ISLNK(link_status.st_mode) && link_status.st_size == 6);
    CHECK(stat("link", &target_status) == 0 && S_ISREG(target_status.st_mode) && target_status.st_size == 10);
    int fd = open("link", O_RDONLY);
    CHECK(fd >= 0);
    CHECK(read(fd, buffer, sizeof buffer) == 10);
    close(fd);
    CHECK_ERRNO(open("link", O_RDONLY | O_NOFOLLOW), ELOOP);
    CHECK(symlink("nowhere", "dangling") == 0);
    CHECK_ERRNO(stat("dangling", &target_status), ENOENT);
    CHECK(lstat("dangling", &link_status) == 0);
    CHECK(unlink("link") == 0 && unlink("dangling") == 0);
    CHECK(stat("target", &target_status) == 0);             // unlinking a link leaves its target
    CHECK(unlink("target") == 0);
    return NULL;
}

struct listing { int file, directory, link, dot, dotdot, other; };

static const char *list_directory(int fd, size_t buffer_size, struct listing *seen, int *calls)
{
    char buffer[4096] __attribute__((aligned(8)));
    memset(seen, 0, sizeof *seen);
    *calls = 0;
    for (;;) {
        long got = syscall(SYS_getdents64, fd, buffer, buffer_size);
        CHECK(got >= 0);
        if (got == 0) return NULL;
        ++*calls;
        for (long at = 0; at < got;) {
            struct dirent *entry = (struct dirent *)(buffer + at);    // musl's dirent is linux_dirent64
            CHECK(entry->d_reclen > 0 && at + entry->d_reclen <= got && entry->d_reclen % 8 == 0);
            CHECK(entry->d_ino != 0);
            const char *name = entry->d_name;
            if (strcmp(name, ".") == 0) seen->dot++;
            else if (strcmp(name, "..") == 0) seen->dotdot++;
            else if (strcmp(name, "file") == 0 && entry->d_type == DT_REG) seen->file++;
            else if (strcmp(name, "subdirectory") == 0 && entry->d_type == DT_DIR) seen->directory++;
            else if (strcmp(name, "symlink") == 0 && entry->d_type == DT_LNK) seen->link++;
            else seen->other++;
            at += entry->d_reclen;
        }
    }
}

static const char *getdents64_lists_each_entry_once(void)
{
    CHECK(mkdir("listed", 0755) == 0);
    CHECK(tap_write_file("listed/file", "", 0) == 0);
    CHECK(mkdir("listed/subdirectory", 0755) == 0);
    CHECK(symlink("file", "listed/symlink") == 0);
    int fd = open("listed", O_RDONLY | O_DIRECTORY);
    CHECK(fd >= 0);
    struct listing seen;
    int calls;
    const char *why = list_directory(fd, 4096, &seen, &calls);
    if (why) return why;
    if (seen.file != 1 || seen.directory != 1 || seen.link != 1 || seen.dot != 1 || seen.dotdot != 1 || seen.other != 0)
        return tap_fail("one big buffer: file %d directory %d link %d . %d .. %d other %d",
                        seen.file, seen.directory, seen.link, seen.dot, seen.dotdot, seen.other);
    // Again from the start, with a buffer that holds one or two records a call.
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    why = list_directory(fd, 48, &seen, &calls);
    if (why) return why;
    if (seen.file != 1 || seen.directory != 1 || seen.link != 1 || seen.dot != 1 || seen.dotdot != 1 || seen.other != 0 || calls < 3)
        return tap_fail("small buffer: %d calls; file %d directory %d link %d . %d .. %d other %d", calls,
                        seen.file, seen.directory, seen.link, seen.dot, seen.dotdot, seen.other);
    char tiny[8];
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    CHECK_ERRNO(syscall(SYS_getdents64, fd, tiny, sizeof tiny), EINVAL);   // not even one record fits
    close(fd);
    CHECK((fd = open("listed/file", O_RDONLY)) >= 0);
    CHECK_ERRNO(syscall(SYS_getdents64, fd, tiny, sizeof tiny), ENOTDIR);
    close(fd);
    // readdir, musl's own use of getdents64.
    DIR *directory = opendir("listed");
    CHECK(directory != NULL);
    int entries = 0;
    while (readdir(directory) != NULL) entries++;
    closedir(directory);
    CHECK(entries == 5);
    CHECK(unlink("listed/file") == 0 && unlink("listed/symlink") == 0 && rmdir("listed/subdirectory") == 0 && rmdir("listed") == 0);
    return NULL;
}

static const char *dup_family(void)
{
    int fd = open("dups", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0);
    int copy = dup(fd);
    CHECK(copy > fd);
    CHECK(write(fd, "abc", 3) == 3);
    CHECK(lseek(copy, 0, SEEK_CUR) == 3);                   // one open file, one offset
    close(copy);
    CHECK(dup(fd) == copy);                                  // the lowest free number again
    int target = open("/dev/null", O_RDONLY);
    CHECK(target >= 0);
    CHECK(dup2(fd, target) == target);                      // closes /dev/null first
    CHECK(lseek(target, 0, SEEK_CUR) == 3);
    CHECK(dup2(fd, fd) == fd);
    CHECK_ERRNO(dup2(1000, target), EBADF);
    CHECK(dup3(fd, target, O_CLOEXEC) == target);
    CHECK(fcntl(target, F_GETFD) == FD_CLOEXEC);
    CHECK_ERRNO(dup3(fd, fd, 0), EINVAL);
    CHECK_ERRNO(dup(1000), EBADF);
    close(copy);
    close(target);
    close(fd);
    CHECK(unlink("dups") == 0);
    return NULL;
}

static const char *fcntl_descriptor_flags(void)
{
    int fd = open(".", O_RDONLY | O_DIRECTORY);
    CHECK(fd >= 0);
    CHECK(fcntl(fd, F_GETFD) == 0);
    CHECK(fcntl(fd, F_SETFD, FD_CLOEXEC) == 0);
    CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC);
    int copy = dup(fd);
    CHECK(copy >= 0 && fcntl(copy, F_GETFD) == 0);         // dup clears FD_CLOEXEC
    close(copy);
    CHECK((copy = fcntl(fd, F_DUPFD_CLOEXEC, 0)) >= 0 && fcntl(copy, F_GETFD) == FD_CLOEXEC);
    close(copy);
    CHECK(fcntl(fd, F_DUPFD, 100) == 100);                  // the lowest free at or above 100
    CHECK(fcntl(fd, F_DUPFD, 100) == 101);
    close(100);
    close(101);
    CHECK(fcntl(fd, F_SETFD, 0) == 0 && fcntl(fd, F_GETFD) == 0);
    close(fd);
    CHECK_ERRNO(fcntl(fd, F_GETFD), EBADF);
    return NULL;
}

static const char *fcntl_status_flags(void)
{
    int fd = open("flags", O_WRONLY | O_CREAT | O_APPEND, 0644);
    CHECK(fd >= 0);
    int flags = fcntl(fd, F_GETFL);
    CHECK(flags >= 0);
    CHECK((flags & O_ACCMODE) == O_WRONLY);
    CHECK(flags & O_APPEND);
    CHECK(!(flags & O_NONBLOCK));
    CHECK(fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0);
    CHECK(fcntl(fd, F_GETFL) & O_NONBLOCK);
    // The access mode cannot be changed by F_SETFL: O_RDWR is ignored.
    CHECK(fcntl(fd, F_SETFL, O_RDWR) == 0);
    flags = fcntl(fd, F_GETFL);
    CHECK((flags & O_ACCMODE) == O_WRONLY && !(flags & O_APPEND) && !(flags & O_NONBLOCK));
    // Status flags belong to the open file: a dup sees them.
    int copy = dup(fd);
    CHECK(fcntl(fd, F_SETFL, O_APPEND) == 0 && (fcntl(copy, F_GETFL) & O_APPEND));
    close(copy);
    close(fd);
    CHECK(unlink("flags") == 0);
    return NULL;
}

static const char *truncation(void)
{
    CHECK(tap_write_file("sized", "0123456789", 10) == 0);
    CHECK(truncate("sized", 4) == 0);
    struct stat status;
    CHECK(stat("sized", &status) == 0 && status.st_size == 4);
    int fd = open("sized", O_RDWR);
    CHECK(fd >= 0);
    CHECK(ftruncate(fd, 8192) == 0);
    CHECK(fstat(fd, &status) == 0 && status.st_size == 8192);
    char buffer[8];
    CHECK(pread(fd, buffer, 8, 0) == 8 && memcmp(buffer, "0123\0\0\0\0", 8) == 0);   // grown with zeroes
    CHECK(lseek(fd, 0, SEEK_CUR) == 0);                     // the offset does not move
    CHECK_ERRNO(ftruncate(fd, -1), EINVAL);
    close(fd);
    CHECK((fd = open("sized", O_RDONLY)) >= 0);
    CHECK_ERRNO(ftruncate(fd, 0), EINVAL);                  // not open for writing
    close(fd);
    CHECK_ERRNO(truncate("missing", 0), ENOENT);
    CHECK_ERRNO(truncate(".", 0), EISDIR);
    CHECK(unlink("sized") == 0);
    return NULL;
}

static const char *access_and_permissions(void)
{
    CHECK(tap_write_file("checked", "", 0) == 0);
    CHECK(access("checked", F_OK) == 0);
    CHECK(access("checked", R_OK | W_OK) == 0);
    CHECK_ERRNO(access("checked", X_OK), EACCES);           // no execute bit: refused even to root
    CHECK_ERRNO(access("missing", F_OK), ENOENT);
    CHECK(chmod("checked", 0751) == 0);
    CHECK(access("checked", X_OK) == 0);
    struct stat status;
    CHECK(stat("checked", &status) == 0 && (status.st_mode & 07777) == 0751);
    int fd = open("checked", O_RDONLY);
    CHECK(fd >= 0 && fchmod(fd, 0600) == 0);
    CHECK(fstat(fd, &status) == 0 && (status.st_mode & 07777) == 0600);
    close(fd);
    CHECK(chown("checked", geteuid(), getegid()) == 0);      // giving a file to oneself is allowed
    CHECK(unlink("checked") == 0);
    return NULL;
}

static const char *umask_applies(void)
{
    mode_t old = umask(077);
    CHECK(umask(077) == 077);                               // umask returns the previous mask
    CHECK(mkdir("private", 0777) == 0);
    int fd = open("private/file", O_WRONLY | O_CREAT, 0666);
    umask(old);
    CHECK(fd >= 0);
    close(fd);
    struct stat status;
    CHECK(stat("private", &status) == 0 && (status.st_mode & 0777) == 0700);
    CHECK(stat("private/file", &status) == 0 && (status.st_mode & 0777) == 0600);
    CHECK(chmod("private/file", 0666) == 0);                 // chmod ignores the umask
    CHECK(stat("private/file", &status) == 0 && (status.st_mode & 0777) == 0666);
    CHECK(unlink("private/file") == 0 && rmdir("private") == 0);
    return NULL;
}

static const char *working_directory(void)
{
    char start[PATH_MAX], now[PATH_MAX];
    CHECK(getcwd(start, sizeof start) == start);
    CHECK(strcmp(start, tap_scratch) == 0);
    CHECK(mkdir("inside", 0755) == 0);
    CHECK(chdir("inside") == 0);
    CHECK(getcwd(now, sizeof now) != NULL);
    CHECK(strlen(now) == strlen(start) + 7 && strncmp(now, start, strlen(start)) == 0 && strcmp(now + strlen(start), "/inside") == 0);
    CHECK(chdir("..") == 0);
    CHECK(getcwd(now, sizeof now) != NULL && strcmp(now, start) == 0);
    int fd = open("inside", O_RDONLY | O_DIRECTORY);
    CHECK(fd >= 0 && fchdir(fd) == 0);
    close(fd);
    CHECK(getcwd(now, sizeof now) != NULL && strcmp(now + strlen(start), "/inside") == 0);
    CHECK(chdir(start) == 0);
    char tiny[4];
    errno = 0;
    CHECK(getcwd(tiny, sizeof tiny) == NULL && errno == ERANGE);
    CHECK(tap_write_file("plain", "", 0) == 0);
    CHECK_ERRNO(chdir("plain"), ENOTDIR);
    CHECK_ERRNO(chdir("missing"), ENOENT);
    CHECK(unlink("plain") == 0 && rmdir("inside") == 0);
    return NULL;
}

static const char *bad_paths(void)
{
    struct stat status;
    CHECK(tap_write_file("plain", "", 0) == 0);
    CHECK_ERRNO(open("missing/file", O_RDONLY), ENOENT);
    CHECK_ERRNO(open("", O_RDONLY), ENOENT);
    CHECK_ERRNO(stat("plain/file", &status), ENOTDIR);
    CHECK_ERRNO(open("plain/", O_RDONLY), ENOTDIR);
    CHECK_ERRNO(open("plain", O_RDONLY | O_DIRECTORY), ENOTDIR);
    CHECK_ERRNO(open(".", O_WRONLY), EISDIR);
    CHECK_ERRNO(open(".", O_RDWR), EISDIR);
    CHECK(symlink("loop-b", "loop-a") == 0 && symlink("loop-a", "loop-b") == 0);
    CHECK_ERRNO(open("loop-a", O_RDONLY), ELOOP);
    CHECK_ERRNO(stat("loop-a/x", &status), ELOOP);
    char long_name[300];
    memset(long_name, 'n', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = 0;
    CHECK_ERRNO(open(long_name, O_RDONLY | O_CREAT, 0644), ENAMETOOLONG);
    static char long_path[PATH_MAX + 10];
    for (size_t i = 0; i < sizeof long_path - 1; i++) long_path[i] = i % 2 ? '/' : 'd';
    CHECK_ERRNO(stat(long_path, &status), ENAMETOOLONG);
    CHECK(unlink("plain") == 0 && unlink("loop-a") == 0 && unlink("loop-b") == 0);
    return NULL;
}

static const char *bad_pointers_are_efault(void)
{
    CHECK(tap_write_file("some", "data", 4) == 0);
    int fd = open("some", O_RDWR);
    CHECK(fd >= 0);
    CHECK_ERRNO(syscall(SYS_open, BAD_POINTER, O_RDONLY), EFAULT);
    CHECK_ERRNO(syscall(SYS_read, fd, BAD_POINTER, 4), EFAULT);
    CHECK_ERRNO(syscall(SYS_write, fd, BAD_POINTER, 4), EFAULT);
    CHECK_ERRNO(syscall(SYS_fstat, fd, BAD_POINTER), EFAULT);
    CHECK_ERRNO(syscall(SYS_newfstatat, AT_FDCWD, "some", BAD_POINTER, 0), EFAULT);
    CHECK_ERRNO(syscall(SYS_newfstatat, AT_FDCWD, BAD_POINTER, BAD_POINTER, 0), EFAULT);
    CHECK_ERRNO(syscall(SYS_pipe, BAD_POINTER), EFAULT);
    CHECK_ERRNO(syscall(SYS_getcwd, BAD_POINTER, 100), EFAULT);
    // A kernel address is as bad as an unmapped one.
    CHECK_ERRNO(syscall(SYS_read, fd, (void *)0xffff800000000000ul, 4), EFAULT);
    char buffer[4];
    CHECK(read(fd, buffer, 4) == 4 && memcmp(buffer, "data", 4) == 0);   // the descriptor still works
    close(fd);
    CHECK(unlink("some") == 0);
    return NULL;
}

static const char *sync_calls(void)
{
    int fd = open("synced", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0);
    CHECK(write(fd, "x", 1) == 1);
    CHECK(fsync(fd) == 0);
    CHECK(fdatasync(fd) == 0);
    close(fd);
    sync();
    CHECK(unlink("synced") == 0);
    return NULL;
}

static const char *file_times(void)
{
    CHECK(tap_write_file("timed", "", 0) == 0);
    struct timespec times[2] = { { 1000000000, 123456789 }, { 1500000000, 987654321 } };
    CHECK(utimensat(AT_FDCWD, "timed", times, 0) == 0);
    struct stat status;
    CHECK(stat("timed", &status) == 0);
    CHECK(status.st_atim.tv_sec == 1000000000 && status.st_atim.tv_nsec == 123456789);
    CHECK(status.st_mtim.tv_sec == 1500000000 && status.st_mtim.tv_nsec == 987654321);
    // UTIME_NOW sets the time to now, UTIME_OMIT leaves it.
    struct timespec now[2] = { { 0, UTIME_OMIT }, { 0, UTIME_NOW } };
    time_t before = time(NULL);
    CHECK(utimensat(AT_FDCWD, "timed", now, 0) == 0);
    CHECK(stat("timed", &status) == 0);
    CHECK(status.st_atim.tv_sec == 1000000000);
    CHECK(status.st_mtim.tv_sec >= before - 1 && status.st_mtim.tv_sec <= time(NULL) + 1);
    // Writing updates the modification time.
    int fd = open("timed", O_WRONLY);
    CHECK(fd >= 0);
    CHECK(futimens(fd, times) == 0);
    CHECK(write(fd, "x", 1) == 1);
    CHECK(fstat(fd, &status) == 0 && status.st_mtim.tv_sec >= before - 1);
    close(fd);
    CHECK(unlink("timed") == 0);
    return NULL;
}

static const struct tap_check checks[] = {
    { "open O_CREAT|O_EXCL, write, lseek, read back the same bytes, read 0 at the end, close twice EBADF", read_back_what_was_written },
    { "open: ENOENT without O_CREAT, EEXIST with O_EXCL, O_APPEND writes at the end, O_TRUNC empties, EBADF against the access mode", open_flags },
    { "lseek SEEK_SET/CUR/END, EINVAL before 0 or for a bad whence; a write past the end leaves a hole of zeroes", lseek_and_holes },
    { "stat and fstat agree: regular file, mode from the umask, size, one link, owner, inode and device", stat_fields },
    { "unlink removes the name but an open descriptor still reads the data, with st_nlink 0", unlinked_file_stays_open },
    { "mkdir and rmdir: EEXIST, ENOTEMPTY, EISDIR for unlink, ENOTDIR, EINVAL for '.', ENOENT", directories },
    { "rename replaces atomically, moves into directories, and refuses ENOENT, ENOTEMPTY, EISDIR, EINVAL", renames },
    { "link makes a second name of the same inode with st_nlink 2; unlinking one leaves the other", hard_links },
    { "symlink and readlink (no NUL, truncated, EINVAL on a file), lstat vs stat, O_NOFOLLOW ELOOP, dangling links", symbolic_links },
    { "getdents64 lists every entry once with its d_type, also a record or two at a time; EINVAL for a tiny buffer, ENOTDIR", getdents64_lists_each_entry_once },
    { "dup shares the offset and takes the lowest number; dup2 replaces, dup3 O_CLOEXEC, EBADF and EINVAL", dup_family },
    { "fcntl F_GETFD/F_SETFD FD_CLOEXEC, cleared by dup; F_DUPFD and F_DUPFD_CLOEXEC take the lowest free number", fcntl_descriptor_flags },
    { "fcntl F_GETFL shows the access mode and O_APPEND; F_SETFL sets O_NONBLOCK, cannot change the access mode", fcntl_status_flags },
    { "truncate and ftruncate shrink and grow with zeroes; EINVAL, ENOENT, EISDIR", truncation },
    { "access F_OK/R_OK/W_OK, X_OK EACCES without execute bits; chmod, fchmod, chown to oneself", access_and_permissions },
    { "umask returns the old mask and masks open and mkdir modes but not chmod", umask_applies },
    { "chdir, fchdir and getcwd agree; ERANGE for a small buffer; ENOTDIR and ENOENT", working_directory },
    { "bad paths: ENOENT, ENOTDIR, EISDIR, ELOOP, ENAMETOOLONG for a long name and a long path", bad_paths },
    { "bad pointers give EFAULT: open, read, write, fstat, newfstatat, pipe, getcwd; a kernel address too", bad_pointers_are_efault },
    { "fsync, fdatasync and sync succeed", sync_calls },
    { "utimensat and futimens set times to the nanosecond; UTIME_NOW and UTIME_OMIT", file_times },
};

int main(int argc, char **argv)
{
    return tap_main(argc, argv, checks, sizeof checks / sizeof checks[0]);
}
