// Time: the clocks (monotonic, real time, CPU time), gettimeofday and time, nanosleep and
// clock_nanosleep, interval timers, times and getrusage for the process and its children.
#include "tap.h"
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/times.h>

static uint64_t nanoseconds(clockid_t clock)
{
    struct timespec now;
    if (clock_gettime(clock, &now) != 0) return 0;
    return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

// Burns CPU in user space for about this long, by the process CPU clock.
static void spin(uint64_t cpu_ns)
{
    uint64_t until = nanoseconds(CLOCK_PROCESS_CPUTIME_ID) + cpu_ns;
    volatile uint64_t sink = 0;
    while (nanoseconds(CLOCK_PROCESS_CPUTIME_ID) < until)
        for (int i = 0; i < 10000; i++) sink += (uint64_t)i;
}

static uint64_t timeval_us(struct timeval value) { return (uint64_t)value.tv_sec * 1000000u + (uint64_t)value.tv_usec; }

static const char *monotonic_never_goes_back(void)
{
    uint64_t first = nanoseconds(CLOCK_MONOTONIC), previous = first;
    CHECK(first != 0);
    for (int i = 0; i < 1000; i++) {
        uint64_t now = nanoseconds(CLOCK_MONOTONIC);
        if (now < previous) return tap_fail("read %d went back from %llu to %llu", i, (unsigned long long)previous, (unsigned long long)now);
        previous = now;
    }
    struct timespec pause = { 0, 2000000 };
    nanosleep(&pause, NULL);
    CHECK(nanoseconds(CLOCK_MONOTONIC) > first);
    struct timespec value;
    CHECK(clock_gettime(CLOCK_MONOTONIC, &value) == 0 && value.tv_nsec >= 0 && value.tv_nsec < 1000000000);
    CHECK(nanoseconds(CLOCK_BOOTTIME) >= first);            // boot time includes suspend: never less
    CHECK_ERRNO(clock_gettime((clockid_t)12345, &value), EINVAL);
    return NULL;
}

static const char *real_time_sources_agree(void)
{
    struct timespec real;
    struct timeval day;
    CHECK(clock_gettime(CLOCK_REALTIME, &real) == 0);
    CHECK(gettimeofday(&day, NULL) == 0);
    time_t seconds = time(NULL);
    time_t through_pointer;
    CHECK(time(&through_pointer) >= seconds);
    CHECK(day.tv_usec >= 0 && day.tv_usec < 1000000);
    CHECK(real.tv_sec > 1600000000);                       // after September 2020: the clock was set
    CHECK(day.tv_sec >= real.tv_sec && day.tv_sec - real.tv_sec <= 1);
    CHECK(seconds >= day.tv_sec && seconds - day.tv_sec <= 1);
    CHECK(through_pointer >= seconds && through_pointer - seconds <= 1);
    CHECK(syscall(SYS_time, NULL) >= seconds);
    struct timespec resolution;
    CHECK(clock_getres(CLOCK_MONOTONIC, &resolution) == 0);
    CHECK(resolution.tv_sec == 0 && resolution.tv_nsec > 0 && resolution.tv_nsec <= 10000000);
    CHECK(clock_getres(CLOCK_REALTIME, &resolution) == 0 && resolution.tv_sec == 0 && resolution.tv_nsec > 0);
    return NULL;
}

static const char *nanosleep_sleeps_long_enough(void)
{
    uint64_t start = nanoseconds(CLOCK_MONOTONIC);
    struct timespec request = { 0, 50000000 }, remaining = { 9, 9 };
    CHECK(nanosleep(&request, &remaining) == 0);
    uint64_t slept = nanoseconds(CLOCK_MONOTONIC) - start;
    if (slept < 50000000u || slept > 2000000000u) return tap_fail("50 ms took %llu ns", (unsigned long long)slept);
    struct timespec bad = { 0, 1000000000 };
    CHECK_ERRNO(nanosleep(&bad, NULL), EINVAL);
    bad = (struct timespec){ -1, 0 };
    CHECK_ERRNO(nanosleep(&bad, NULL), EINVAL);
    request = (struct timespec){ 0, 0 };
    CHECK(nanosleep(&request, NULL) == 0);
    return NULL;
}

static const char *absolute_clock_nanosleep(void)
{
    struct timespec until;
    CHECK(clock_gettime(CLOCK_MONOTONIC, &until) == 0);
    until.tv_nsec += 40000000;
    if (until.tv_nsec >= 1000000000) { until.tv_sec++; until.tv_nsec -= 1000000000; }
    CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == 0);
    uint64_t now = nanoseconds(CLOCK_MONOTONIC);
    CHECK(now >= (uint64_t)until.tv_sec * 1000000000u + (uint64_t)until.tv_nsec);
    // A time already past returns at once.
    uint64_t start = nanoseconds(CLOCK_MONOTONIC);
    CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == 0);
    CHECK(nanoseconds(CLOCK_MONOTONIC) - start < 500000000u);
    struct timespec relative = { 0, 10000000 };
    CHECK(clock_nanosleep(CLOCK_REALTIME, 0, &relative, NULL) == 0);
    return NULL;
}

static void on_alarm(int signal) { (void)signal; }

static const char *interrupted_nanosleep_reports_remaining(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_alarm;
    sigemptyset(&action.sa_mask);
    CHECK(sigaction(SIGALRM, &action, NULL) == 0);
    struct itimerval timer = { { 0, 0 }, { 0, 50000 } };
    CHECK(setitimer(ITIMER_REAL, &timer, NULL) == 0);
    struct timespec request = { 5, 0 }, remaining = { 0, 0 };
    errno = 0;
    int result = nanosleep(&request, &remaining);
    CHECK(result == -1 && errno == EINTR);
    CHECK(remaining.tv_sec >= 3 && remaining.tv_sec <= 5);  // about 4.95 s were left
    return NULL;
}

static const char *interval_timer_counts_down(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_alarm;
    sigemptyset(&action.sa_mask);
    CHECK(sigaction(SIGALRM, &action, NULL) == 0);
    struct itimerval timer = { { 0, 0 }, { 10, 0 } }, now, old;
    CHECK(setitimer(ITIMER_REAL, &timer, NULL) == 0);
    CHECK(getitimer(ITIMER_REAL, &now) == 0);
    CHECK(timeval_us(now.it_value) > 9000000u && timeval_us(now.it_value) <= 10000000u);
    CHECK(now.it_interval.tv_sec == 0 && now.it_interval.tv_usec == 0);
    struct itimerval stop = { { 0, 0 }, { 0, 0 } };
    CHECK(setitimer(ITIMER_REAL, &stop, &old) == 0);       // the old value comes back on replacement
    CHECK(timeval_us(old.it_value) > 9000000u);
    CHECK(getitimer(ITIMER_REAL, &now) == 0 && now.it_value.tv_sec == 0 && now.it_value.tv_usec == 0);
    // A periodic timer fires again and again.
    struct itimerval periodic = { { 0, 10000 }, { 0, 10000 } };
    CHECK(setitimer(ITIMER_REAL, &periodic, NULL) == 0);
    for (int i = 0; i < 3; i++) pause();                  // three SIGALRMs
    CHECK(setitimer(ITIMER_REAL, &stop, NULL) == 0);
    return NULL;
}

static const char *process_cpu_time_counts_work_not_sleep(void)
{
    uint64_t before = nanoseconds(CLOCK_PROCESS_CPUTIME_ID);
    spin(100000000u);
    uint64_t worked = nanoseconds(CLOCK_PROCESS_CPUTIME_ID) - before;
    CHECK(worked >= 100000000u);
    before = nanoseconds(CLOCK_PROCESS_CPUTIME_ID);
    struct timespec pause = { 0, 100000000 };
    nanosleep(&pause, NULL);
    uint64_t slept = nanoseconds(CLOCK_PROCESS_CPUTIME_ID) - before;
    if (slept > 50000000u) return tap_fail("a 100 ms sleep used %llu ns of CPU", (unsigned long long)slept);
    CHECK(nanoseconds(CLOCK_THREAD_CPUTIME_ID) > 0);
    return NULL;
}

static const char *times_for_self_and_children(void)
{
    long ticks_per_second = sysconf(_SC_CLK_TCK);
    CHECK(ticks_per_second > 0);
    struct tms before, after;
    clock_t start = times(&before);
    CHECK(start != (clock_t)-1);
    spin(200000000u);
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        spin(200000000u);
        _exit(0);
    }
    CHECK(tap_exited_with(pid, 0));
    clock_t end = times(&after);
    CHECK(end > start);                                     // elapsed real time in ticks
    clock_t own = (after.tms_utime + after.tms_stime) - (before.tms_utime + before.tms_stime);
    clock_t children = (after.tms_cutime + after.tms_cstime) - (before.tms_cutime + before.tms_cstime);
    // 200 ms of CPU is 20 ticks at 100 Hz; allow for coarse accounting.
    if (own < ticks_per_second / 20 || children < ticks_per_second / 20)
        return tap_fail("own %ld ticks, children %ld ticks at %ld per second", (long)own, (long)children, ticks_per_second);
    return NULL;
}

static const char *getrusage_for_self_and_children(void)
{
    struct rusage self_before, self_after, children;
    CHECK(getrusage(RUSAGE_SELF, &self_before) == 0);
    spin(100000000u);
    CHECK(getrusage(RUSAGE_SELF, &self_after) == 0);
    uint64_t used = timeval_us(self_after.ru_utime) + timeval_us(self_after.ru_stime)
                  - timeval_us(self_before.ru_utime) - timeval_us(self_before.ru_stime);
    if (used < 50000u) return tap_fail("100 ms of spinning counted %llu us", (unsigned long long)used);
    CHECK(self_after.ru_maxrss > 0);
    struct rusage children_before;
    CHECK(getrusage(RUSAGE_CHILDREN, &children_before) == 0);
    pid_t pid = tap_fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        spin(100000000u);
        _exit(0);
    }
    CHECK(tap_exited_with(pid, 0));
    CHECK(getrusage(RUSAGE_CHILDREN, &children) == 0);
    used = timeval_us(children.ru_utime) + timeval_us(children.ru_stime)
         - timeval_us(children_before.ru_utime) - timeval_us(children_before.ru_stime);
    if (used < 50000u) return tap_fail("a child's 100 ms counted %llu us", (unsigned long long)used);
    CHECK_ERRNO(getrusage(42, &children), EINVAL);
    return NULL;
}

static const struct tap_check checks[] = {
    { "CLOCK_MONOTONIC never goes back over 1,000 reads and advances across a sleep; BOOTTIME; EINVAL for a bad clock", monotonic_never_goes_back },
    { "CLOCK_REALTIME, gettimeofday and time agree within a second and are past 2020; clock_getres", real_time_sources_agree },
    { "nanosleep of 50 ms sleeps at least 50 ms; EINVAL for a bad tv_nsec or a negative time", nanosleep_sleeps_long_enough },
    { "clock_nanosleep TIMER_ABSTIME sleeps until a monotonic time, returns at once for a past one; relative on REALTIME", absolute_clock_nanosleep },
    { "nanosleep interrupted by a signal fails with EINTR and reports the time left", interrupted_nanosleep_reports_remaining },
    { "setitimer ITIMER_REAL: getitimer counts down, replacing returns the old value, a periodic timer repeats", interval_timer_counts_down },
    { "CLOCK_PROCESS_CPUTIME_ID advances while working, not while sleeping", process_cpu_time_counts_work_not_sleep },
    { "times: elapsed ticks advance, the process's and a waited child's CPU ticks are counted", times_for_self_and_children },
    { "getrusage: RUSAGE_SELF counts the process's CPU time and maxrss, RUSAGE_CHILDREN a waited child's", getrusage_for_self_and_children },
};

int main(int argc, char **argv)
{
    return tap_main(argc, argv, checks, sizeof checks / sizeof checks[0]);
}
