// CPU affinity and getcpu: sched_getaffinity's answer (bytes written, a non-empty mask) and its
// refusals (EINVAL for a length that is not a multiple of 8 bytes, EFAULT, ESRCH), getcpu's
// processor and node, pinning the caller to each processor in turn (getcpu follows at once),
// a forked child inheriting the mask, setting another process's mask by pid,
// sched_setaffinity's refusals (a mask with no online processor, an empty one, EFAULT, ESRCH)
// and the short and long lengths it accepts, musl's sched_getcpu agreeing with the raw call, and
// one pinned child spinning on every processor at once without being moved.
//
// Runs on the host Linux and, as init, on Lunix (PM serves the affinity calls, the kernel answers
// getcpu), on any number of processors from 1 to 64: everything is derived from the affinity
// mask the program starts with (under `taskset -c 0` a one-processor mask), which fits in one
// unsigned long, and at most 8 of its processors are used. Every check that changes the
// caller's mask puts the initial one back, whether it passed or not. The calls are raw syscall()
// where the return value or errno matters (musl's wrappers return 0 rather than the bytes
// written, and sched_getcpu hides getcpu's node); every expectation is what Linux does.
#include "tap.h"
#include <sched.h>

#define MASK_BYTES sizeof(unsigned long)   // 8: one unsigned long holds CPUs 0 to 63
#define MAX_USED 8                         // at most this many processors of the mask are used

static unsigned long initial;              // the affinity mask the program started with

static long get_mask(pid_t pid, size_t length, void *mask)
{
    return syscall(SYS_sched_getaffinity, pid, length, mask);
}

static long set_mask(pid_t pid, size_t length, const void *mask)
{
    return syscall(SYS_sched_setaffinity, pid, length, mask);
}

static long getcpu(unsigned *cpu, unsigned *node)
{
    return syscall(SYS_getcpu, cpu, node, NULL);
}

// The processors of the initial mask, lowest first, at most MAX_USED of them; how many.
static int used_cpus(int cpus[MAX_USED])
{
    int count = 0;
    for (int cpu = 0; cpu < 64 && count < MAX_USED; cpu++)
        if (initial & (1ul << cpu)) cpus[count++] = cpu;
    return count;
}

static int last_cpu(void)
{
    return 63 - __builtin_clzl(initial);
}

// The processor getcpu reports, once it is `want`: Linux moves a caller whose mask no longer
// holds its processor before sched_setaffinity returns, but another system may need the caller
// to pass through the scheduler, so up to 100 tries with sched_yield (and a short sleep after
// the first 50). The last answer, or -1 when getcpu failed.
static long cpu_once_there(unsigned want)
{
    unsigned cpu = 0, node = 0;
    for (int attempt = 0; attempt < 100; attempt++) {
        if (getcpu(&cpu, &node) != 0) return -1;
        if (cpu == want) return cpu;
        sched_yield();
        if (attempt >= 50) usleep(1000);
    }
    return cpu;
}

// Puts the initial mask back after a check that changed the caller's; a check that passed
// fails when that did not work.
static const char *restored(const char *why)
{
    if (set_mask(0, MASK_BYTES, &initial) != 0 && why == NULL)
        return tap_fail("restoring the initial mask %#lx failed (errno %d: %s)", initial, errno, strerror(errno));
    return why;
}

// A child that exited at once and was reaped: a pid nobody has now.
static pid_t reaped_pid(void)
{
    pid_t child = tap_fork();
    if (child == 0) _exit(0);
    if (child < 0 || !tap_exited_with(child, 0)) return -1;
    return child;
}

// 1. The mask is 8 bytes and not empty; getcpu's processor is in it, on a node (Lunix has one,
// node 0; the host may have several, so only a small non-negative number is required).
static const char *getaffinity_and_getcpu(void)
{
    unsigned long mask = 0, by_pid = 0;
    CHECK(get_mask(0, MASK_BYTES, &mask) == (long)MASK_BYTES);
    CHECK(mask != 0);
    CHECK(mask == initial);
    CHECK(get_mask(getpid(), MASK_BYTES, &by_pid) == (long)MASK_BYTES);
    CHECK(by_pid == mask);
    unsigned cpu = 1000, node = 1000;
    CHECK(getcpu(&cpu, &node) == 0);
    if (cpu >= 64 || !(mask & (1ul << cpu))) return tap_fail("getcpu says CPU %u, not in the mask %#lx", cpu, mask);
    if (node >= 64) return tap_fail("getcpu says node %u", node);
    unsigned cpu_only = 1000;       // either pointer may be NULL
    CHECK(syscall(SYS_getcpu, &cpu_only, NULL, NULL) == 0);
    CHECK(cpu_only < 64 && (mask & (1ul << cpu_only)));
    unsigned node_only = 1000;
    CHECK(syscall(SYS_getcpu, NULL, &node_only, NULL) == 0);
    CHECK(node_only == node);
    return NULL;
}

// 2. sched_getaffinity wants a whole number of unsigned longs that holds every possible CPU.
static const char *getaffinity_refusals(void)
{
    unsigned long mask[2] = { 0, 0 };
    CHECK_ERRNO(get_mask(0, 4, mask), EINVAL);                  // too small and not a multiple of 8
    CHECK_ERRNO(get_mask(0, 12, mask), EINVAL);                 // not a multiple of 8
    CHECK_ERRNO(get_mask(0, 0, mask), EINVAL);
    CHECK(mask[0] == 0 && mask[1] == 0);
    CHECK_ERRNO(get_mask(0, MASK_BYTES, (void *)16), EFAULT);
    pid_t gone = reaped_pid();
    CHECK(gone > 0);
    CHECK_ERRNO(get_mask(gone, MASK_BYTES, mask), ESRCH);
    return NULL;
}

// 3. The caller pinned to one processor of the mask at a time runs there.
static const char *pin_to_each_cpu(void)
{
    int cpus[MAX_USED], count = used_cpus(cpus);
    CHECK(count > 0);
    for (int i = 0; i < count; i++) {
        unsigned long one = 1ul << cpus[i], mask = 0;
        if (set_mask(0, MASK_BYTES, &one) != 0)
            return tap_fail("pinning to CPU %d failed (errno %d: %s)", cpus[i], errno, strerror(errno));
        if (get_mask(0, MASK_BYTES, &mask) != (long)MASK_BYTES || mask != one)
            return tap_fail("pinned to CPU %d, sched_getaffinity gives %#lx", cpus[i], mask);
        long cpu = cpu_once_there(cpus[i]);
        if (cpu != cpus[i]) return tap_fail("pinned to CPU %d, getcpu says %ld", cpus[i], cpu);
    }
    CHECK(set_mask(0, MASK_BYTES, &initial) == 0);
    unsigned long back = 0;
    CHECK(get_mask(0, MASK_BYTES, &back) == (long)MASK_BYTES && back == initial);
    return NULL;
}

static const char *pinning(void) { return restored(pin_to_each_cpu()); }

// 4. fork keeps the mask: a child of a caller pinned to the last CPU is pinned there too.
static const char *child_inherits_mask(void)
{
    int k = last_cpu();
    unsigned long one = 1ul << k;
    CHECK(set_mask(0, MASK_BYTES, &one) == 0);
    pid_t child = tap_fork();
    CHECK(child >= 0);
    if (child == 0) {
        unsigned long mask = 0;
        if (get_mask(0, MASK_BYTES, &mask) != (long)MASK_BYTES) _exit(1);
        if (mask != one) _exit(2);
        if (cpu_once_there(k) != k) _exit(3);
        _exit(0);
    }
    int status = tap_wait(child);
    CHECK(WIFEXITED(status));
    if (WEXITSTATUS(status) != 0)
        return tap_fail("the child of a caller pinned to CPU %d exited %d (1: getaffinity failed, 2: other mask, 3: other CPU)",
                        k, WEXITSTATUS(status));
    return NULL;
}

static const char *fork_inherits(void) { return restored(child_inherits_mask()); }

// 5. The parent sets a waiting child's mask to its first CPU by pid; the child then runs there.
static const char *set_other_process(void)
{
    int cpus[MAX_USED];
    CHECK(used_cpus(cpus) > 0);
    int k = cpus[0];
    unsigned long one = 1ul << k;
    int go[2];
    CHECK(pipe(go) == 0);
    pid_t child = tap_fork();
    if (child == 0) {
        close(go[1]);
        char byte;
        if (read(go[0], &byte, 1) != 1) _exit(1);
        unsigned long mask = 0;
        if (get_mask(0, MASK_BYTES, &mask) != (long)MASK_BYTES) _exit(2);
        if (mask != one) _exit(3);
        if (cpu_once_there(k) != k) _exit(4);
        _exit(0);
    }
    close(go[0]);
    if (child < 0) { close(go[1]); return tap_fail("fork failed (errno %d: %s)", errno, strerror(errno)); }
    long set = set_mask(child, MASK_BYTES, &one);
    int set_errno = errno;
    unsigned long seen = 0;
    long got = get_mask(child, MASK_BYTES, &seen);
    unsigned long own = 0;
    get_mask(0, MASK_BYTES, &own);
    ssize_t written = write(go[1], "g", 1);
    close(go[1]);
    int status = tap_wait(child);
    if (set != 0) return tap_fail("sched_setaffinity(child, {%d}) gave %ld (errno %d: %s)", k, set, set_errno, strerror(set_errno));
    if (got != (long)MASK_BYTES || seen != one) return tap_fail("sched_getaffinity(child) gave %ld, mask %#lx", got, seen);
    if (own != initial) return tap_fail("the parent's own mask became %#lx", own);
    CHECK(written == 1);
    CHECK(WIFEXITED(status));
    if (WEXITSTATUS(status) != 0)
        return tap_fail("the child pinned to CPU %d by its parent exited %d (2: getaffinity failed, 3: other mask, 4: other CPU)",
                        k, WEXITSTATUS(status));
    return NULL;
}

// 6. Masks sched_setaffinity refuses, and the lengths it takes: one shorter than the kernel's
// mask is zero-extended (only its bytes are read), a longer one is cut to the kernel's size.
static const char *setaffinity_refusals_and_lengths(void)
{
    unsigned long mask = 0, now = 0;
    CHECK_ERRNO(set_mask(0, MASK_BYTES, &mask), EINVAL);               // empty
    CHECK_ERRNO(set_mask(0, MASK_BYTES, (void *)16), EFAULT);
    pid_t gone = reaped_pid();
    CHECK(gone > 0);
    CHECK_ERRNO(set_mask(gone, MASK_BYTES, &initial), ESRCH);
    CHECK(get_mask(0, MASK_BYTES, &now) == (long)MASK_BYTES && now == initial);

    // Length 4: the low half of the word, whatever the high half holds.
    int first = __builtin_ctzl(initial);
    unsigned long low = (0xfffffffful << 32) | (first < 32 ? 1ul << first : 0);
    if (first < 32) {
        CHECK(set_mask(0, 4, &low) == 0);
        CHECK(get_mask(0, MASK_BYTES, &now) == (long)MASK_BYTES);
        if (now != 1ul << first) return tap_fail("set with 4 bytes holding {%d}, the mask is %#lx", first, now);
        CHECK(cpu_once_there(first) == first);
    } else {
        CHECK_ERRNO(set_mask(0, 4, &low), EINVAL);                     // no CPU in the low half
    }
    // Length 12: the first 8 bytes.
    unsigned long wide[2] = { 1ul << last_cpu(), 0 };
    CHECK(set_mask(0, 12, wide) == 0);
    CHECK(get_mask(0, MASK_BYTES, &now) == (long)MASK_BYTES);
    if (now != wide[0]) return tap_fail("set with 12 bytes holding {%d}, the mask is %#lx", last_cpu(), now);
    CHECK(set_mask(0, MASK_BYTES, &initial) == 0);

    // No online CPU: CPU 63, unless it is in the mask. A machine with a CPU 63 outside the mask
    // (taskset on 64 processors) accepts it; then the caller must be running there.
    if (initial & (1ul << 63)) return tap_skip("CPU 63 is in the mask: no CPU is known to be offline");
    unsigned long none = 1ul << 63;
    errno = 0;
    long result = set_mask(0, MASK_BYTES, &none);
    if (result == 0) {
        long cpu = cpu_once_there(63);
        CHECK(set_mask(0, MASK_BYTES, &initial) == 0);
        if (cpu != 63) return tap_fail("the mask {63} was accepted, getcpu says %ld", cpu);
        return tap_skip("CPU 63 exists outside the mask: no CPU is known to be offline");
    }
    CHECK(result == -1 && errno == EINVAL);
    CHECK(get_mask(0, MASK_BYTES, &now) == (long)MASK_BYTES && now == initial);
    return NULL;
}

static const char *setaffinity_refusals(void) { return restored(setaffinity_refusals_and_lengths()); }

// 7. musl's sched_getcpu gives getcpu's processor (pinned, so that both see the same one).
static const char *sched_getcpu_agrees(void)
{
    int cpus[MAX_USED], count = used_cpus(cpus);
    CHECK(count > 0);
    int ends[2] = { cpus[0], cpus[count - 1] };
    for (int i = 0; i < 2; i++) {
        unsigned long one = 1ul << ends[i];
        CHECK(set_mask(0, MASK_BYTES, &one) == 0);
        CHECK(cpu_once_there(ends[i]) == ends[i]);
        int musl = sched_getcpu();
        unsigned raw = 1000;
        CHECK(getcpu(&raw, NULL) == 0);
        if (musl != ends[i] || raw != (unsigned)ends[i])
            return tap_fail("pinned to CPU %d: sched_getcpu says %d, getcpu %u", ends[i], musl, raw);
    }
    return NULL;
}

static const char *sched_getcpu_matches(void) { return restored(sched_getcpu_agrees()); }

// 8. One child pinned to each CPU of the mask, all spinning at once for 20 ms of CPU time each,
// getcpu never saying another CPU. Exit codes: 1 pinning failed, 2 not there, 3 moved, 4 the
// 20 ms took over 5 s of wall time, 5 the start pipe misbehaved, 6 no CPU-time clock.
static const char *busy_on_every_cpu(void)
{
    int cpus[MAX_USED], count = used_cpus(cpus);
    CHECK(count > 0);
    int go[2];
    CHECK(pipe(go) == 0);
    pid_t children[MAX_USED];
    int started = 0;
    for (int i = 0; i < count; i++) {
        pid_t child = tap_fork();
        if (child == 0) {
            close(go[1]);
            unsigned long one = 1ul << cpus[i];
            if (set_mask(0, MASK_BYTES, &one) != 0) _exit(1);
            if (cpu_once_there(cpus[i]) != cpus[i]) _exit(2);
            char byte;
            if (read(go[0], &byte, 1) != 0) _exit(5);          // all start when the parent closes
            struct timespec cpu_start, now;
            if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu_start) != 0) _exit(6);
            uint64_t wall = tap_monotonic_ns();
            for (;;) {
                unsigned cpu = 1000;
                if (getcpu(&cpu, NULL) != 0 || cpu != (unsigned)cpus[i]) _exit(3);
                if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now) != 0) _exit(6);
                int64_t used = (now.tv_sec - cpu_start.tv_sec) * 1000000000ll + (now.tv_nsec - cpu_start.tv_nsec);
                if (used >= 20000000) break;
                if (tap_monotonic_ns() - wall > 5000000000ull) _exit(4);
            }
            _exit(0);
        }
        if (child < 0) break;
        children[started++] = child;
    }
    close(go[0]);
    close(go[1]);
    char why[256] = "";
    for (int i = 0; i < started; i++) {
        int status = tap_wait(children[i]);
        if (why[0] == 0 && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
            snprintf(why, sizeof why, "the child on CPU %d ended with status %#x", cpus[i], status);
    }
    if (started < count) return tap_fail("fork failed after %d children", started);
    if (why[0]) return tap_fail("%s", why);
    return NULL;
}

static const struct tap_check checks[] = {
    { "sched_getaffinity writes 8 bytes of a non-empty mask; getcpu's CPU is in it", getaffinity_and_getcpu },
    { "sched_getaffinity refuses lengths 4, 12 and 0 (EINVAL), a bad pointer (EFAULT), a reaped pid (ESRCH)", getaffinity_refusals },
    { "pinned to each CPU of the mask in turn, the caller runs there", pinning },
    { "a forked child inherits its parent's pinned mask", fork_inherits },
    { "sched_setaffinity sets another process's mask by pid", set_other_process },
    { "sched_setaffinity refuses empty and offline masks, EFAULT, ESRCH; takes 4 and 12 bytes", setaffinity_refusals },
    { "musl's sched_getcpu agrees with getcpu", sched_getcpu_matches },
    { "one pinned child spinning on each CPU at once stays on its CPU", busy_on_every_cpu },
};

int main(int argc, char **argv)
{
    if (get_mask(0, MASK_BYTES, &initial) != (long)MASK_BYTES) initial = 0;
    if (initial == 0) initial = 1;      // check 1 says what went wrong; the others use CPU 0
    return tap_main(argc, argv, checks, sizeof checks / sizeof checks[0]);
}
