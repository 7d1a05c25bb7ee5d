// The first program a new Lunix boots: a static musl program that starts (the start-up stack,
// arch_prctl for its thread pointer, set_tid_address), writes to its standard output through
// VFS, asks PM who it is, and exits. TAP, so the host's run and Lunix's read the same.
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    struct utsname name;
    printf("1..4\n");
    printf("%s 1 - argv[0] is the program's path\n", argc >= 1 && argv[0] && strstr(argv[0], "smoke") ? "ok" : "not ok");
    printf("%s 2 - argv ends with NULL\n", argv[argc] == NULL ? "ok" : "not ok");
    printf("%s 3 - getpid is positive\n", getpid() > 0 ? "ok" : "not ok");
    printf("%s 4 - uname names the system\n", uname(&name) == 0 && name.sysname[0] ? "ok" : "not ok");
    for (int i = 1; i < argc; i++) printf("# argv[%d] = %s\n", i, argv[i]);
    return 0;
}
