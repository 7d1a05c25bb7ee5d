// Lunix's vDSO: the page of code the kernel maps into every Linux program (auxv's
// AT_SYSINFO_EHDR), as Linux's arch/x86/entry/vdso does, so that clock_gettime, gettimeofday
// and time cost no system call: musl and glibc look these symbols up and call them. Time is
// read from the time-stamp counter and the kernel's clock page (struct lunix_clock_page, laid
// out as Abi/ClockPage.cs), mapped read-only one page below this code. A clock the page does
// not cover, or a page the kernel has not filled, falls back to the system call itself, so a
// caller always gets the system's answer.
//
// Built by Boot/Userland/build.sh: gcc -shared -fPIC -nostdlib with vdso.lds (one PT_LOAD,
// SysV and GNU hash tables, the LINUX_2.6 version Linux's vDSO exports).
#include <stdint.h>

struct lunix_clock_page {
    uint64_t tsc_at_zero;        // the TSC when CLOCK_MONOTONIC was 0 (the kernel's start)
    uint64_t ns_per_tsc_32;      // nanoseconds per TSC count, scaled by 2^32
    int64_t realtime_offset_ns;  // CLOCK_REALTIME - CLOCK_MONOTONIC, in nanoseconds
    uint32_t filled;             // 1 once the kernel has written the fields above
    uint32_t reserved;
};

struct timespec_ { int64_t tv_sec; int64_t tv_nsec; };
struct timeval_ { int64_t tv_sec; int64_t tv_usec; };

// The linker script puts this one page below the image's start, where the kernel maps the page.
extern const volatile struct lunix_clock_page lunix_clock_page __attribute__((visibility("hidden")));

enum { CLOCK_REALTIME_ = 0, CLOCK_MONOTONIC_ = 1, CLOCK_MONOTONIC_RAW_ = 4, CLOCK_REALTIME_COARSE_ = 5,
       CLOCK_MONOTONIC_COARSE_ = 6, CLOCK_BOOTTIME_ = 7 };
enum { SYS_gettimeofday_ = 96, SYS_time_ = 201, SYS_clock_gettime_ = 228, SYS_getcpu_ = 309 };

static long syscall2(long number, long a, long b)
{
    long result;
    __asm__ volatile("syscall" : "=a"(result) : "a"(number), "D"(a), "S"(b) : "rcx", "r11", "memory");
    return result;
}

static uint64_t monotonic_ns(const volatile struct lunix_clock_page *page)
{
    uint32_t low, high;
    __asm__ volatile("rdtsc" : "=a"(low), "=d"(high));
    uint64_t counts = (((uint64_t)high << 32) | low) - page->tsc_at_zero;
    return (uint64_t)(((unsigned __int128)counts * page->ns_per_tsc_32) >> 32);
}

// Nanoseconds on `clock`, or -1 for a clock the page does not cover.
static int64_t now_ns(long clock)
{
    const volatile struct lunix_clock_page *page = &lunix_clock_page;
    if (!page->filled) return -1;
    switch (clock) {
    case CLOCK_MONOTONIC_: case CLOCK_MONOTONIC_RAW_: case CLOCK_MONOTONIC_COARSE_: case CLOCK_BOOTTIME_:
        return (int64_t)monotonic_ns(page);
    case CLOCK_REALTIME_: case CLOCK_REALTIME_COARSE_:
        return (int64_t)monotonic_ns(page) + page->realtime_offset_ns;
    default:
        return -1;
    }
}

int __vdso_clock_gettime(long clock, struct timespec_ *ts)
{
    int64_t ns = now_ns(clock);
    if (ns < 0) return (int)syscall2(SYS_clock_gettime_, clock, (long)ts);
    ts->tv_sec = ns / 1000000000;
    ts->tv_nsec = ns % 1000000000;
    return 0;
}

int __vdso_gettimeofday(struct timeval_ *tv, void *tz)
{
    int64_t ns = now_ns(CLOCK_REALTIME_);
    if (ns < 0 || tz) return (int)syscall2(SYS_gettimeofday_, (long)tv, (long)tz);
    if (tv) {
        tv->tv_sec = ns / 1000000000;
        tv->tv_usec = ns % 1000000000 / 1000;
    }
    return 0;
}

long __vdso_time(long *t)
{
    int64_t ns = now_ns(CLOCK_REALTIME_);
    if (ns < 0) return syscall2(SYS_time_, (long)t, 0);
    long seconds = ns / 1000000000;
    if (t) *t = seconds;
    return seconds;
}

// The processor changes under a running program (the kernel moves it, or pins it elsewhere):
// only the kernel knows, so this asks it (the kernel answers getcpu itself, without a message).
long __vdso_getcpu(unsigned *cpu, unsigned *node, void *unused)
{
    (void)unused;
    return syscall2(SYS_getcpu_, (long)cpu, (long)node);
}

int clock_gettime(long, struct timespec_ *) __attribute__((weak, alias("__vdso_clock_gettime")));
int gettimeofday(struct timeval_ *, void *) __attribute__((weak, alias("__vdso_gettimeofday")));
long time(long *) __attribute__((weak, alias("__vdso_time")));
long getcpu(unsigned *, unsigned *, void *) __attribute__((weak, alias("__vdso_getcpu")));
