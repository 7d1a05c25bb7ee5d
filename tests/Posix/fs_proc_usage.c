// What /proc says a process uses, against what the process's own calls say: /proc/PID/stat's
// utime+stime against times() and getrusage() in a child that burns CPU (and grows while it
// does, read by its parent), the parent's cutime once it has waited for the child, its
// starttime, vsize and rss and how they grow after a large mmap and its pages touched,
// status's VmSize and VmRSS, statm, and /proc/stat's cpu line. Mounts /proc first when it is
// not there (as init on Lunix); on the host it is.
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include "fs_check.h"

#define MAPPED (8ul << 20)
#define PAGE 4096ul
// What may differ between two readings: what a libc maps or touches between them, and on Linux
// stat's rss, which sums per-CPU counters without their not yet folded parts (status's VmRSS
// adds those in): up to 32 pages per CPU and counter.
#define SLACK_PAGES 256

static char name[64], text[4096];

struct stat_fields
{
    char state;
    unsigned long utime, stime, cutime, cstime, starttime, vsize, rss;
};

// The whole of a small file into text: its length, or -1.
static long slurp(const char *path) { return fs_read_file(path, text, sizeof text); }

// /proc/PID/stat's fields after the name, which may hold spaces: 0 when it cannot be read.
static int read_stat(int pid, struct stat_fields *into)
{
    snprintf(name, sizeof name, "/proc/%d/stat", pid);
    if (slurp(name) <= 0) return 0;
    const char *after = strrchr(text, ')');
    return after && sscanf(after + 2, "%c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu %lu %lu %*d %*d %*d %*d %lu %lu %lu",
                           &into->state, &into->utime, &into->stime, &into->cutime, &into->cstime,
                           &into->starttime, &into->vsize, &into->rss) == 8;
}

static unsigned long status_kb(const char *label)
{
    if (slurp("/proc/self/status") <= 0) return 0;
    const char *at = strstr(text, label);
    return at ? strtoul(at + strlen(label), NULL, 10) : 0;
}

static unsigned long used_ticks(void)
{
    struct tms now;
    times(&now);
    return now.tms_utime + now.tms_stime;
}

static unsigned long ticks_of(struct timeval user, struct timeval system)
{
    return (user.tv_sec + system.tv_sec) * 100 + (user.tv_usec + system.tv_usec) / 10000;
}

static unsigned long difference(unsigned long a, unsigned long b) { return a > b ? a - b : b - a; }

// Computes until times() says `ticks` of CPU time were used.
static void burn(unsigned long ticks)
{
    static volatile unsigned long sink;
    while (used_ticks() < ticks)
        for (int i = 0; i < 200000; i++) sink = sink * 31 + i;
}

// What the child measured of itself: times() before and after reading its stat, the stat, and
// getrusage after.
struct measure
{
    unsigned long before, after, stat, rusage;
};

static void child(int report)
{
    struct measure measure;
    struct stat_fields fields;
    burn(20);
    measure.before = used_ticks();
    measure.stat = read_stat(getpid(), &fields) ? fields.utime + fields.stime : 0;
    measure.after = used_ticks();
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    measure.rusage = ticks_of(usage.ru_utime, usage.ru_stime);
    write(report, &measure, sizeof measure);
    burn(45);
    _exit(0);
}

static void cpu_times(void)
{
    int ends[2];
    OK(pipe(ends), "a pipe for the child's figures");
    pid_t pid = fork();
    if (pid == 0) child(ends[1]);
    CHECK(pid > 0, "fork a child that burns CPU");
    close(ends[1]);
    struct measure measure = {0};
    CHECK(read(ends[0], &measure, sizeof measure) == sizeof measure, "the child reports what it measured");
    close(ends[0]);
    CHECK(measure.stat + 1 >= measure.before && measure.stat <= measure.after + 1 && measure.before >= 20,
          "the child's stat utime+stime is what times() says, within a tick");
    CHECK(difference(measure.stat, measure.rusage) <= 2, "and what getrusage says, within two ticks");

    struct stat_fields first, later;
    CHECK(read_stat(pid, &first) && first.utime + first.stime + 1 >= measure.stat, "the parent reads the child's stat");
    int grew = 0;
    struct timespec pause = {0, 20 * 1000 * 1000};
    for (int i = 0; i < 500 && !grew && read_stat(pid, &later) && later.state != 'Z'; i++)
    {
        grew = later.utime + later.stime > first.utime + first.stime;
        nanosleep(&pause, NULL);
    }
    CHECK(grew, "the child's utime+stime grows while it burns CPU");
    CHECK(first.starttime > 0 && first.vsize > 0, "the child's starttime and vsize are above 0");

    int status = 0;
    CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status), "the child ends");
    struct tms mine;
    times(&mine);
    struct rusage children;
    getrusage(RUSAGE_CHILDREN, &children);
    struct stat_fields self;
    CHECK(read_stat(getpid(), &self), "read /proc/self/stat after the wait");
    CHECK(mine.tms_cutime + mine.tms_cstime >= 45, "times() counts the waited child's time");
    CHECK(difference(self.cutime + self.cstime, mine.tms_cutime + mine.tms_cstime) <= 1, "cutime+cstime is what times() says of the children");
    CHECK(difference(self.cutime + self.cstime, ticks_of(children.ru_utime, children.ru_stime)) <= 2,
          "and what getrusage(RUSAGE_CHILDREN) says, within two ticks");
}

static void memory(void)
{
    struct stat_fields before, mapped, touched, unmapped;
    CHECK(read_stat(getpid(), &before) && before.vsize > 0, "vsize is above 0");
    CHECK(status_kb("\nVmRSS:") > 0, "status's VmRSS is above 0");
    double up = 0;
    CHECK(slurp("/proc/uptime") > 0 && sscanf(text, "%lf", &up) == 1 && before.starttime > 0
          && before.starttime <= (unsigned long)(up * 100) + 1, "starttime is a tick after boot, not later than now");
    char *area = mmap(NULL, MAPPED, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(area != MAP_FAILED, "mmap 8 MiB");
    if (area == MAP_FAILED) return;
    CHECK(read_stat(getpid(), &mapped) && mapped.vsize >= before.vsize + MAPPED, "vsize grows by the mapping");
    CHECK(mapped.rss < before.rss + SLACK_PAGES, "rss does not grow before the pages are touched");
    for (unsigned long at = 0; at < MAPPED; at += PAGE) area[at] = 1;
    CHECK(read_stat(getpid(), &touched) && touched.rss + SLACK_PAGES >= mapped.rss + MAPPED / PAGE, "rss grows by the pages touched");
    unsigned long rss_kb = status_kb("\nVmRSS:"), size_kb = status_kb("\nVmSize:");
    CHECK(difference(rss_kb, touched.rss * PAGE / 1024) <= SLACK_PAGES * PAGE / 1024, "status's VmRSS is stat's rss in kB");
    CHECK(difference(size_kb, touched.vsize / 1024) <= SLACK_PAGES * PAGE / 1024, "status's VmSize is stat's vsize in kB");
    unsigned long size = 0, resident = 0;
    CHECK(slurp("/proc/self/statm") > 0 && sscanf(text, "%lu %lu", &size, &resident) == 2
          && difference(size, touched.vsize / PAGE) <= SLACK_PAGES && difference(resident, touched.rss) <= SLACK_PAGES,
          "statm's size and resident are vsize and rss in pages");
    OK(munmap(area, MAPPED), "munmap the 8 MiB");
    CHECK(read_stat(getpid(), &unmapped) && unmapped.vsize + MAPPED <= touched.vsize && unmapped.rss + MAPPED / PAGE <= touched.rss + SLACK_PAGES,
          "vsize and rss shrink after munmap");
}

// /proc/stat's first line: "cpu  user nice system idle ...", ticks since boot.
static unsigned long cpu_total(void)
{
    unsigned long field[8] = {0};
    if (slurp("/proc/stat") <= 0 || sscanf(text, "cpu %lu %lu %lu %lu %lu %lu %lu %lu", &field[0], &field[1], &field[2],
                                           &field[3], &field[4], &field[5], &field[6], &field[7]) != 8) return 0;
    unsigned long total = 0;
    for (int i = 0; i < 8; i++) total += field[i];
    return total;
}

int main(void)
{
    if (access("/proc/self", F_OK) != 0)
        OK(mount("proc", "/proc", "proc", 0, NULL), "mount /proc");
    unsigned long start = cpu_total();
    CHECK(start > 0, "/proc/stat's cpu line counts ticks");
    cpu_times();
    memory();
    CHECK(cpu_total() > start, "and its count grows");
    return fs_done();
}
