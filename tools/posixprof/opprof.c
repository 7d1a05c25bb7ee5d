// One POSIX operation N times between the markers tools/posixprof/drive.py watches for:
// opprof stat|open|create|pipe N. The operations are posixbench's (stat, open+read 4 KiB+close,
// create+close+unlink) and a pipe's make, one byte each way and close.
#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
static char buf[4096];
static void run(const char *mode, const char *p, int n) {
    struct stat st;
    for (int i = 0; i < n; i++) {
        if (!strcmp(mode, "stat")) stat(p, &st);
        else if (!strcmp(mode, "open")) { int f = open(p, O_RDONLY); read(f, buf, 4096); close(f); }
        else if (!strcmp(mode, "create")) { int f = open("/tmp/created", O_WRONLY|O_CREAT|O_EXCL, 0644); close(f); unlink("/tmp/created"); }
        else if (!strcmp(mode, "pipe")) { int fds[2]; pipe(fds); write(fds[1], "x", 1); read(fds[0], buf, 1); close(fds[0]); close(fds[1]); }
    }
}
int main(int argc, char **argv) {
    const char *mode = argc > 1 ? argv[1] : "stat";
    const char *p = "/tmp/pf";
    int fd = open(p, O_CREAT | O_WRONLY, 0644);
    write(fd, buf, 4096);
    close(fd);
    run(mode, p, 1000);
    printf("READY\n"); fflush(stdout);
    sleep(3);
    run(mode, p, argc > 2 ? atoi(argv[2]) : 1000);
    sleep(1);
    printf("DONE\n"); fflush(stdout);
    sleep(3);
    return 0;
}
