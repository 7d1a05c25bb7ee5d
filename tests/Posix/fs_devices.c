// /dev: null, zero, full, random, urandom as Linux's memory devices behave, and the console
// (written through, as init's standard output is). Terminal ioctls on a device that is no
// terminal are ENOTTY.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include "fs_check.h"

static char bytes[10000];

static int all(const char *buffer, int length, char value)
{
    for (int i = 0; i < length; i++)
        if (buffer[i] != value) return 0;
    return 1;
}

int main(void)
{
    int null = OK(open("/dev/null", O_RDWR), "open /dev/null");
    CHECK(write(null, "gone", 4) == 4, "/dev/null takes every write");
    CHECK(read(null, bytes, sizeof bytes) == 0, "and reads nothing");
    struct termios modes;
    FAILS(ioctl(null, TCGETS, &modes), ENOTTY, "TCGETS on /dev/null is ENOTTY");
    CHECK(lseek(null, 100, SEEK_SET) >= 0, "lseek on /dev/null is fine");
    close(null);

    int zero = OK(open("/dev/zero", O_RDWR), "open /dev/zero");
    memset(bytes, 'x', sizeof bytes);
    CHECK(read(zero, bytes, sizeof bytes) == sizeof bytes && all(bytes, sizeof bytes, 0), "/dev/zero reads zeros, 10000 of them");
    CHECK(write(zero, "x", 1) == 1, "and takes writes");
    FAILS(read(zero, (void *)1, 10), EFAULT, "a read into a bad buffer is EFAULT");
    close(zero);

    int full = OK(open("/dev/full", O_RDWR), "open /dev/full");
    FAILS(write(full, "x", 1), ENOSPC, "/dev/full refuses writes with ENOSPC");
    memset(bytes, 'x', 64);
    CHECK(read(full, bytes, 64) == 64 && all(bytes, 64, 0), "and reads zeros");
    close(full);

    int urandom = OK(open("/dev/urandom", O_RDONLY), "open /dev/urandom");
    memset(bytes, 0, sizeof bytes);
    CHECK(read(urandom, bytes, 4096) == 4096, "read 4096 random bytes");
    int zeros = 0;
    for (int i = 0; i < 4096; i++) zeros += bytes[i] == 0;
    CHECK(zeros < 100, "they are not all zeros");
    close(urandom);
    int random = OK(open("/dev/random", O_RDONLY), "open /dev/random");
    CHECK(read(random, bytes, 16) == 16, "it reads too");
    close(random);

    struct stat st;
    CHECK(stat("/dev/zero", &st) == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 && minor(st.st_rdev) == 5, "/dev/zero is 1:5");
    CHECK(stat("/dev/full", &st) == 0 && major(st.st_rdev) == 1 && minor(st.st_rdev) == 7, "/dev/full is 1:7");
    CHECK(stat("/dev/urandom", &st) == 0 && major(st.st_rdev) == 1 && minor(st.st_rdev) == 9, "/dev/urandom is 1:9");
    CHECK(stat("/dev/tty", &st) == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) == 5 && minor(st.st_rdev) == 0, "/dev/tty is 5:0");

    CHECK(fstat(1, &st) == 0, "standard output is open");
    int console = open("/dev/console", O_WRONLY | O_NOCTTY);
    if (console >= 0)
    {
        CHECK(write(console, "# written to /dev/console\n", 26) == 26, "/dev/console takes a write");
        close(console);
    }
    else CHECK(errno == EACCES || errno == EPERM, "/dev/console is not ours to open here (the host's: only root may)");
    CHECK(write(1, "# written to standard output\n", 29) == 29, "so does standard output");
    return fs_done();
}
