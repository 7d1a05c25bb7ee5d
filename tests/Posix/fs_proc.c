// /proc as a program reads it: /proc/self, a process's stat, status, cmdline, comm, exe, cwd
// and fd links, the system's meminfo, uptime, cpuinfo, loadavg and mounts, and the directory
// listings (by getdents64, no malloc). Mounts /proc first when it is not there (as init on
// Lunix, which runs as root); on the host it is.
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include "fs_check.h"

#define PROC_SUPER_MAGIC 0x9fa0
static char dir[64], file[128], path[256], text[8192], expected[4096], cwd[256];
static char entries[16384];

// The whole of a small file into text: its length, or -1.
static long slurp(const char *path) { return fs_read_file(path, text, sizeof text); }

static long link_of(const char *name)
{
    long length = readlink(name, path, sizeof path - 1);
    if (length >= 0) path[length] = 0;
    return length;
}

// Whether directory `name` lists `wanted`, read with getdents64 in small pieces.
static int lists(const char *name, const char *wanted)
{
    int fd = open(name, O_RDONLY | O_DIRECTORY);
    if (fd < 0) return 0;
    int found = 0;
    long got;
    while (!found && (got = syscall(SYS_getdents64, fd, entries, 512)) > 0)
        for (long at = 0; at < got;)
        {
            struct dirent64 *entry = (struct dirent64 *)(entries + at);
            if (strcmp(entry->d_name, wanted) == 0) found = 1;
            at += entry->d_reclen;
        }
    close(fd);
    return found;
}

static unsigned long field(const char *name)
{
    const char *at = strstr(text, name);
    return at ? strtoul(at + strlen(name), NULL, 10) : 0;
}

int main(int argc, char **argv)
{
    struct stat status, other;
    if (access("/proc/self", F_OK) != 0)
        OK(mount("proc", "/proc", "proc", 0, NULL), "mount /proc");
    char pid[16];
    snprintf(pid, sizeof pid, "%d", getpid());

    // /proc/self and the process's directory.
    CHECK(link_of("/proc/self") > 0 && strcmp(path, pid) == 0, "/proc/self links to the caller's pid");
    CHECK(lists("/proc", pid), "/proc lists the caller's directory");
    CHECK(lists("/proc", "self") && lists("/proc", "meminfo"), "/proc lists self and meminfo");
    CHECK(stat("/proc/self", &status) == 0 && S_ISDIR(status.st_mode), "/proc/self is followed to a directory");
    CHECK(lstat("/proc/self", &status) == 0 && S_ISLNK(status.st_mode), "lstat sees /proc/self as a link");
    FAILS(open("/proc/999999/stat", O_RDONLY), ENOENT, "a pid that is not there is ENOENT");

    // stat: "pid (comm) state ppid pgrp session ...", 52 fields.
    CHECK(slurp("/proc/self/stat") > 0, "read /proc/self/stat");
    snprintf(expected, sizeof expected, "%s (fs_proc) R %d ", pid, getppid());
    CHECK(strncmp(text, expected, strlen(expected)) == 0, "stat starts with pid, (comm), R and the parent's pid");
    int fields = 1;
    for (const char *c = strrchr(text, ')'); *c; c++) if (*c == ' ') fields++;
    CHECK(fields == 52 - 1, "stat has 52 fields");
    CHECK(text[strlen(text) - 1] == '\n', "stat ends with a newline");

    // status.
    CHECK(slurp("/proc/self/status") > 0, "read /proc/self/status");
    CHECK(strstr(text, "Name:\tfs_proc\n") != NULL, "status names the program");
    CHECK(field("\nPid:\t") == (unsigned long)getpid() && field("\nPPid:\t") == (unsigned long)getppid(), "status has Pid and PPid");
    CHECK(field("\nUid:\t") == getuid(), "status has the uid");
    CHECK(slurp("/proc/self/comm") == 8 && strcmp(text, "fs_proc\n") == 0, "comm is the program's name");

    // cmdline: argv, each NUL-ended.
    long length = 0;
    for (int i = 0; i < argc; i++)
    {
        strcpy(expected + length, argv[i]);
        length += strlen(argv[i]) + 1;
    }
    CHECK(slurp("/proc/self/cmdline") == length && memcmp(text, expected, length) == 0, "cmdline is argv, NUL-separated");

    // exe and cwd.
    CHECK(link_of("/proc/self/exe") > 0 && strcmp(path + strlen(path) - 8, "/fs_proc") == 0, "exe links to the program file");
    fs_scratch(dir, "fs_proc");
    OK(chdir(dir), "chdir to a scratch directory");
    CHECK(getcwd(cwd, sizeof cwd) != NULL && link_of("/proc/self/cwd") > 0 && strcmp(path, cwd) == 0, "cwd links to the working directory");
    CHECK(stat("/proc/self/cwd", &status) == 0 && stat(".", &other) == 0 && status.st_ino == other.st_ino, "cwd is followed to it");

    // fd.
    snprintf(file, sizeof file, "%s/opened", dir);
    int fd = OK(open("opened", O_CREAT | O_RDWR, 0600), "open a file by a relative name");
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    CHECK(link_of(link) > 0 && strcmp(path, file) == 0, "fd/N links to the file's absolute path");
    CHECK(stat(link, &status) == 0 && fstat(fd, &other) == 0 && status.st_ino == other.st_ino, "fd/N is followed to the file");
    snprintf(link, sizeof link, "%d", fd);
    CHECK(lists("/proc/self/fd", link) && lists("/proc/self/fd", "0"), "fd lists the open descriptors");
    // An absolute path with ".", ".." and doubled slashes, and a name relative to a directory
    // descriptor opened by such a path: the links show the plain path.
    char odd[192];
    snprintf(odd, sizeof odd, "/tmp//.%s/../%s/./opened", dir + 4, dir + 5);
    int same = OK(open(odd, O_RDONLY), "open it by a path with ., .. and //");
    snprintf(link, sizeof link, "/proc/self/fd/%d", same);
    CHECK(link_of(link) > 0 && strcmp(path, file) == 0, "its link is the plain absolute path");
    close(same);
    snprintf(odd, sizeof odd, "%s/.//", dir);
    int directory = OK(open(odd, O_RDONLY | O_DIRECTORY), "open the directory by a path ending in /.//");
    same = OK(openat(directory, "opened", O_RDONLY), "openat the file in it");
    snprintf(link, sizeof link, "/proc/self/fd/%d", same);
    CHECK(link_of(link) > 0 && strcmp(path, file) == 0, "a name opened at it links to the plain path");
    close(same);
    close(directory);
    close(fd);
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    FAILS(readlink(link, path, sizeof path), ENOENT, "a closed descriptor's link is gone");
    int ends[2];
    OK(pipe(ends), "a pipe");
    snprintf(link, sizeof link, "/proc/self/fd/%d", ends[0]);
    CHECK(link_of(link) > 0 && strncmp(path, "pipe:[", 6) == 0, "a pipe's link is pipe:[N]");
    close(ends[0]);
    close(ends[1]);
    unlink("opened");
    chdir("/");
    rmdir(dir);

    // The system's files.
    CHECK(slurp("/proc/meminfo") > 0 && field("MemTotal:") > 0 && field("MemFree:") <= field("MemTotal:"), "meminfo: MemTotal and MemFree in kB");
    CHECK(strstr(text, " kB\n") != NULL, "meminfo's figures are in kB");
    double up = 0, idle = 0;
    CHECK(slurp("/proc/uptime") > 0 && sscanf(text, "%lf %lf", &up, &idle) == 2 && up > 0, "uptime has two numbers, the first above 0");
    CHECK(slurp("/proc/cpuinfo") > 0 && strncmp(text, "processor\t: 0\n", 14) == 0 && strstr(text, "\nflags\t\t:") != NULL, "cpuinfo names processor 0 and its flags");
    int a, b, c;
    CHECK(slurp("/proc/loadavg") > 0 && sscanf(text, "%*f %*f %*f %d/%d %d", &a, &b, &c) == 3 && a >= 1 && b >= a, "loadavg: three loads, running/total, last pid");
    CHECK(slurp("/proc/stat") > 0 && strncmp(text, "cpu ", 4) == 0 && strstr(text, "\nbtime ") != NULL, "stat has the cpu line and btime");
    CHECK(slurp("/proc/mounts") > 0 && strstr(text, " /proc proc ") != NULL, "mounts lists /proc as proc");
    CHECK(strstr(text, " / ") != NULL, "mounts lists /");
    CHECK(slurp("/proc/self/mounts") > 0 && strstr(text, " /proc proc ") != NULL, "self/mounts too");
    struct statfs fs;
    CHECK(statfs("/proc", &fs) == 0 && fs.f_type == PROC_SUPER_MAGIC, "statfs says proc");
    CHECK(stat("/proc", &status) == 0 && stat("/", &other) == 0 && status.st_dev != other.st_dev, "/proc is a file system of its own");
    CHECK(stat("/proc/..", &status) == 0 && status.st_ino == other.st_ino && status.st_dev == other.st_dev, "/proc/.. is /");
    FAILS(open("/proc/uptime", O_WRONLY | O_CREAT | O_EXCL, 0600), EEXIST, "O_EXCL on a /proc file is EEXIST");
    FAILS(mkdir("/proc/newdir", 0755), ENOENT, "mkdir in /proc is ENOENT");
    return fs_done();
}
