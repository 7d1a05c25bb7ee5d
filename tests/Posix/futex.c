// futex(2) and the robust-futex list: FUTEX_WAIT's refusals (EAGAIN, ETIMEDOUT, bad arguments),
// FUTEX_WAKE's counts, waiting and waking across fork on MAP_SHARED memory, private keys being
// per process, FUTEX_WAIT_BITSET/FUTEX_WAKE_BITSET and their absolute deadlines (monotonic and
// FUTEX_CLOCK_REALTIME), FUTEX_REQUEUE and FUTEX_CMP_REQUEUE, a signal interrupting a wait, a
// killed waiter leaving no trace, set_robust_list/get_robust_list, the kernel's walk of a dead
// process's robust list, and musl's process-shared robust mutexes (EOWNERDEAD, with and without
// a waiter blocked in the kernel when the owner dies).
//
// The program is single-threaded (Lunix has no threads yet): a waiter is always a forked child
// and the futex word lives in mmap(MAP_SHARED|MAP_ANONYMOUS) memory. Every wait has a timeout,
// so an implementation that misses a wake-up fails a check rather than hanging. The calls are raw
// syscall(SYS_futex, ...): musl has no futex wrapper. Runs on the host Linux and, as init, on
// Lunix; every expectation is what Linux does (checked on Linux 6.x).
#include "tap.h"
#include <pthread.h>
#include <sys/mman.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_WAIT_PRIVATE (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu

// The robust-futex word layout (linux/futex.h).
#define FUTEX_WAITERS 0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u
#define FUTEX_TID_MASK 0x3fffffffu

struct robust_list { struct robust_list *next; };
struct robust_list_head {
    struct robust_list list;          // circular: an empty list points at itself
    long futex_offset;                // word address = entry address + futex_offset
    struct robust_list *list_op_pending;
};

static long futex(volatile uint32_t *word, int op, uint32_t val, const struct timespec *timeout,
                  volatile uint32_t *word2, uint32_t val3)
{
    return syscall(SYS_futex, word, op, val, timeout, word2, val3);
}

// FUTEX_REQUEUE and FUTEX_CMP_REQUEUE take their second count where the timeout would be.
static long requeue(volatile uint32_t *from, int op, int wake, int move, volatile uint32_t *to, uint32_t val3)
{
    return syscall(SYS_futex, from, op, wake, (long)move, to, val3);
}

static struct timespec after_ms(long ms)
{
    struct timespec t = { ms / 1000, (ms % 1000) * 1000000 };
    return t;
}

// An absolute deadline ms from now on this clock.
static struct timespec deadline_ms(clockid_t clock, long ms)
{
    struct timespec t;
    clock_gettime(clock, &t);
    t.tv_sec += ms / 1000;
    t.tv_nsec += (ms % 1000) * 1000000;
    if (t.tv_nsec >= 1000000000) { t.tv_sec++; t.tv_nsec -= 1000000000; }
    return t;
}

static uint64_t ms_since(uint64_t start_ns)
{
    return (tap_monotonic_ns() - start_ns) / 1000000;
}

// Every check that forks gets a fresh shared page; children it left behind (a check that failed
// half-way) are killed and reaped first, so none can hold or wake a word of the next check.
struct shared {
    uint32_t word;          // the futex word most checks wait on
    uint32_t other;         // a second word (requeue target)
    uint32_t ready;         // children that are about to wait
    uint32_t flag;          // a child's "done that" signal to the parent
    pthread_mutex_t mutex;  // the robust process-shared mutex
    struct robust_list entries[3];
    uint32_t robust_words[3];
};

static struct shared *shared;
static pid_t children[8];
static int child_count;

static void reap_stragglers(void)
{
    for (int i = 0; i < child_count; i++)
        if (children[i] > 0 && waitpid(children[i], NULL, WNOHANG) == 0) {
            kill(children[i], SIGKILL);
            waitpid(children[i], NULL, 0);
        }
    child_count = 0;
}

static struct shared *fresh_shared(void)
{
    reap_stragglers();
    if (shared != NULL) munmap(shared, 4096);
    void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    shared = page == MAP_FAILED ? NULL : page;
    return shared;
}

static pid_t spawn(void)
{
    pid_t pid = tap_fork();
    if (pid > 0 && child_count < (int)(sizeof children / sizeof children[0])) children[child_count++] = pid;
    return pid;
}

// In a child: says it is about to wait, then waits; the exit code is the wait's result, 0 when it
// returned 0, else its errno (ETIMEDOUT: nobody woke it before the timeout).
static _Noreturn void wait_and_exit(volatile uint32_t *word, int op, uint32_t val, long timeout_ms, uint32_t bitset)
{
    struct timespec timeout;
    if ((op & 127) == FUTEX_WAIT_BITSET)
        timeout = deadline_ms(op & FUTEX_CLOCK_REALTIME ? CLOCK_REALTIME : CLOCK_MONOTONIC, timeout_ms);
    else
        timeout = after_ms(timeout_ms);
    __atomic_fetch_add(&shared->ready, 1, __ATOMIC_SEQ_CST);
    errno = 0;
    long result = futex(word, op, val, &timeout, NULL, bitset);
    _exit(result == 0 ? 0 : result == -1 ? errno : 255);
}

// Until `count` children said they are about to wait (2 s at most), then 100 ms more so that
// they are all asleep in the kernel. False when they never got there.
static int children_waiting(uint32_t count)
{
    uint64_t start = tap_monotonic_ns();
    while (__atomic_load_n(&shared->ready, __ATOMIC_SEQ_CST) < count) {
        if (ms_since(start) > 2000) return 0;
        usleep(1000);
    }
    usleep(100000);
    return 1;
}

// Wakes until the call returns `expected` (a waiter may not be asleep yet), for 2 s at most;
// the last result.
static long wake_until(volatile uint32_t *word, int op, int count, uint32_t bitset, long expected)
{
    uint64_t start = tap_monotonic_ns();
    long result;
    while ((result = futex(word, op, count, NULL, NULL, bitset)) != expected && ms_since(start) < 2000)
        usleep(2000);
    return result;
}

// The child exited with this code (a wait's result: 0 or an errno).
#define CHECK_CHILD(pid, code) do { \
        int status_ = tap_wait(pid); \
        if (status_ == -1 || !WIFEXITED(status_) || WEXITSTATUS(status_) != (code)) \
            return tap_fail("line %d: child %d: status %#x (exit %d, signal %d); expected exit %d (%s)", __LINE__, \
                            (int)(pid), status_, WIFEXITED(status_) ? WEXITSTATUS(status_) : -1, \
                            WIFSIGNALED(status_) ? WTERMSIG(status_) : 0, (code), (code) ? strerror(code) : "woken"); \
    } while (0)

// The call returned this value (not -1).
#define CHECK_RESULT(call, expected) do { \
        errno = 0; \
        long result_ = (long)(call); \
        if (result_ != (expected)) \
            return tap_fail("line %d: %s gave %ld (errno %d: %s); expected %ld", __LINE__, #call, result_, errno, \
                            strerror(errno), (long)(expected)); \
    } while (0)

// The word differs from val: EAGAIN at once, private and shared.
static const char *wait_on_changed_word_is_eagain(void)
{
    CHECK(fresh_shared() != NULL);
    static uint32_t private_word = 5;
    struct timespec long_timeout = after_ms(5000);
    uint64_t start = tap_monotonic_ns();
    CHECK_ERRNO(futex(&private_word, FUTEX_WAIT_PRIVATE, 6, NULL, NULL, 0), EAGAIN);
    CHECK_ERRNO(futex(&private_word, FUTEX_WAIT, 6, &long_timeout, NULL, 0), EAGAIN);
    shared->word = 7;
    CHECK_ERRNO(futex(&shared->word, FUTEX_WAIT, 0, NULL, NULL, 0), EAGAIN);
    CHECK_ERRNO(futex(&shared->word, FUTEX_WAIT_PRIVATE, 0, &long_timeout, NULL, 0), EAGAIN);
    CHECK_ERRNO(futex(&shared->word, FUTEX_WAIT_BITSET, 0, NULL, NULL, FUTEX_BITSET_MATCH_ANY), EAGAIN);
    CHECK(ms_since(start) < 1000);
    return NULL;
}

// A relative timeout that expires: ETIMEDOUT after at least the timeout; 0 s 0 ns: at once.
static const char *wait_timeout_is_etimedout(void)
{
    static uint32_t word;
    struct timespec timeout = after_ms(50);
    uint64_t start = tap_monotonic_ns();
    CHECK_ERRNO(futex(&word, FUTEX_WAIT_PRIVATE, 0, &timeout, NULL, 0), ETIMEDOUT);
    uint64_t waited = ms_since(start);
    CHECK(waited >= 50);
    CHECK(waited < 1000);
    CHECK(timeout.tv_sec == 0 && timeout.tv_nsec == 50000000);   // the timeout is not written back
    CHECK(fresh_shared() != NULL);
    start = tap_monotonic_ns();
    CHECK_ERRNO(futex(&shared->word, FUTEX_WAIT, 0, &timeout, NULL, 0), ETIMEDOUT);
    CHECK(ms_since(start) >= 50);
    struct timespec zero = { 0, 0 };
    start = tap_monotonic_ns();
    CHECK_ERRNO(futex(&word, FUTEX_WAIT_PRIVATE, 0, &zero, NULL, 0), ETIMEDOUT);
    CHECK_ERRNO(futex(&shared->word, FUTEX_WAIT, 0, &zero, NULL, 0), ETIMEDOUT);
    CHECK(ms_since(start) < 50);
    return NULL;
}

// Bad arguments.
static const char *bad_arguments_are_refused(void)
{
    static uint32_t words[2];
    char *unmapped = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(unmapped != MAP_FAILED);
    CHECK(munmap(unmapped, 4096) == 0);
    volatile uint32_t *misaligned = (volatile uint32_t *)((char *)words + 1);
    struct timespec timeout = after_ms(10);
    CHECK_ERRNO(futex(misaligned, FUTEX_WAIT_PRIVATE, 0, &timeout, NULL, 0), EINVAL);
    CHECK_ERRNO(futex(misaligned, FUTEX_WAIT, 0, &timeout, NULL, 0), EINVAL);
    CHECK_ERRNO(futex(misaligned, FUTEX_WAKE, 1, NULL, NULL, 0), EINVAL);
    CHECK_ERRNO(futex(misaligned, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), EINVAL);
    CHECK_ERRNO(futex((volatile uint32_t *)unmapped, FUTEX_WAIT_PRIVATE, 0, &timeout, NULL, 0), EFAULT);
    CHECK_ERRNO(futex((volatile uint32_t *)unmapped, FUTEX_WAIT, 0, &timeout, NULL, 0), EFAULT);
    CHECK_ERRNO(futex((volatile uint32_t *)unmapped, FUTEX_WAKE, 1, NULL, NULL, 0), EFAULT);
    // A private wake does not touch the word: on an unmapped (but user) address it finds nobody.
    CHECK_RESULT(futex((volatile uint32_t *)unmapped, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), 0);
    // The timeout is read and checked before the word: these fail even though the word differs.
    struct timespec bad = { 0, 1000000000 };
    CHECK_ERRNO(futex(words, FUTEX_WAIT_PRIVATE, 1, &bad, NULL, 0), EINVAL);
    bad.tv_nsec = -1;
    CHECK_ERRNO(futex(words, FUTEX_WAIT_PRIVATE, 1, &bad, NULL, 0), EINVAL);
    bad.tv_sec = -1; bad.tv_nsec = 0;
    CHECK_ERRNO(futex(words, FUTEX_WAIT_PRIVATE, 1, &bad, NULL, 0), EINVAL);
    CHECK_ERRNO(futex(words, FUTEX_WAIT_PRIVATE, 1, (struct timespec *)unmapped, NULL, 0), EFAULT);
    CHECK_ERRNO(futex(words, 99, 0, NULL, NULL, 0), ENOSYS);
    CHECK_ERRNO(futex(words, 99 | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0), ENOSYS);
    // FUTEX_CLOCK_REALTIME is only for FUTEX_WAIT_BITSET (and the PI waits): ENOSYS with the
    // wakes, the requeues, and plain FUTEX_WAIT too (Linux 4.5 to 5.12 took it there; 5.13 and the
    // stable kernels refuse it again), before anything else is looked at.
    CHECK_ERRNO(futex(words, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0), ENOSYS);
    CHECK_ERRNO(futex(words, FUTEX_WAKE_PRIVATE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0), ENOSYS);
    CHECK_ERRNO(futex(words, FUTEX_WAKE_BITSET | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 1), ENOSYS);
    CHECK_ERRNO(requeue(words, FUTEX_REQUEUE | FUTEX_CLOCK_REALTIME, 1, 1, words + 1, 0), ENOSYS);
    CHECK_ERRNO(futex(words, FUTEX_WAIT_PRIVATE | FUTEX_CLOCK_REALTIME, 0, &timeout, NULL, 0), ENOSYS);
    CHECK_ERRNO(futex(misaligned, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 0, &timeout, NULL, 0), ENOSYS);
    return NULL;
}

// Nobody waiting: FUTEX_WAKE wakes 0, private or shared, any count.
static const char *wake_without_waiters_is_zero(void)
{
    static uint32_t word;
    CHECK(fresh_shared() != NULL);
    CHECK_RESULT(futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), 0);
    CHECK_RESULT(futex(&word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 0);
    CHECK_RESULT(futex(&shared->word, FUTEX_WAKE, 1, NULL, NULL, 0), 0);
    CHECK_RESULT(futex(&shared->word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0), 0);
    CHECK_RESULT(futex(&shared->word, FUTEX_WAKE, 0, NULL, NULL, 0), 0);
    return NULL;
}

// A child waits on a shared word; the parent's FUTEX_WAKE wakes it (1), the wait returns 0.
static const char *shared_wait_woken_across_fork(void)
{
    CHECK(fresh_shared() != NULL);
    pid_t child = spawn();
    CHECK(child >= 0);
    if (child == 0) wait_and_exit(&shared->word, FUTEX_WAIT, 0, 3000, 0);
    CHECK_RESULT(wake_until(&shared->word, FUTEX_WAKE, 1, 0, 1), 1);
    CHECK_CHILD(child, 0);
    CHECK_RESULT(futex(&shared->word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 0);
    return NULL;
}

// Four waiters: FUTEX_WAKE 2 wakes 2, FUTEX_WAKE INT_MAX the other 2.
static const char *wake_counts_waiters(void)
{
    CHECK(fresh_shared() != NULL);
    pid_t waiters[4];
    for (int i = 0; i < 4; i++) {
        waiters[i] = spawn();
        CHECK(waiters[i] >= 0);
        if (waiters[i] == 0) wait_and_exit(&shared->word, FUTEX_WAIT, 0, 3000, 0);
    }
    CHECK(children_waiting(4));
    CHECK_RESULT(futex(&shared->word, FUTEX_WAKE, 2, NULL, NULL, 0), 2);
    CHECK_RESULT(futex(&shared->word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 2);
    for (int i = 0; i < 4; i++) CHECK_CHILD(waiters[i], 0);
    return NULL;
}

// A private futex belongs to its process: the parent's FUTEX_WAKE_PRIVATE on the same
// address (same shared page) finds nobody, and neither does a shared FUTEX_WAKE (a private
// waiter is keyed by process and address, a shared one by the page). The child times out.
static const char *private_waiter_is_not_woken_by_another_process(void)
{
    CHECK(fresh_shared() != NULL);
    pid_t child = spawn();
    CHECK(child >= 0);
    if (child == 0) wait_and_exit(&shared->word, FUTEX_WAIT_PRIVATE, 0, 300, 0);
    CHECK(children_waiting(1));
    CHECK_RESULT(futex(&shared->word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0), 0);
    CHECK_RESULT(futex(&shared->word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 0);
    CHECK_CHILD(child, ETIMEDOUT);
    return NULL;
}

// The other way round: a shared waiter is not woken by FUTEX_WAKE_PRIVATE, only by FUTEX_WAKE.
static const char *shared_waiter_is_not_woken_by_private_wake(void)
{
    CHECK(fresh_shared() != NULL);
    pid_t child = spawn();
    CHECK(child >= 0);
    if (child == 0) wait_and_exit(&shared->word, FUTEX_WAIT, 0, 3000, 0);
    CHECK(children_waiting(1));
    CHECK_RESULT(futex(&shared->word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0), 0);
    CHECK_RESULT(futex(&shared->word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 1);
    CHECK_CHILD(child, 0);
    return NULL;
}

// Bitsets: 0 is EINVAL; a waiter on 0x1 is not woken by 0x2 but by 0x1; FUTEX_WAKE (and
// FUTEX_WAIT) mean FUTEX_BITSET_MATCH_ANY.
static const char *bitset_selects_waiters(void)
{
    CHECK(fresh_shared() != NULL);
    struct timespec deadline = deadline_ms(CLOCK_MONOTONIC, 10);
    CHECK_ERRNO(futex(&shared->word, FUTEX_WAIT_BITSET, 0, &deadline, NULL, 0), EINVAL);
    CHECK_ERRNO(futex(&shared->word, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0), EINVAL);
    CHECK_ERRNO(futex(&shared->word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 0, &deadline, NULL, 0), EINVAL);
    CHECK_ERRNO(futex(&shared->word, FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0), EINVAL);

    pid_t child = spawn();
    CHECK(child >= 0);
    if (child == 0) wait_and_exit(&shared->word, FUTEX_WAIT_BITSET, 0, 3000, 0x1);
    CHECK(children_waiting(1));
    CHECK_RESULT(futex(&shared->word, FUTEX_WAKE_BITSET, INT_MAX, NULL, NULL, 0x2), 0);
    CHECK_RESULT(futex(&shared->word, FUTEX_WAKE_BITSET, INT_MAX, NULL, NULL, 0x3), 1);
    CHECK_CHILD(child, 0);

    shared->ready = 0;
    child = spawn();
    CHECK(child >= 0);
    if (child == 0) wait_and_exit(&shared->word, FUTEX_WAIT_BITSET, 0, 3000, 0x4);
    CHECK(children_waiting(1));
    CHECK_RESULT(futex(&shared->word, FUTEX_WAKE, 1, NULL, NULL, 0), 1);
    CHECK_CHILD(child, 0);

    shared->ready = 0;
    child = spawn();
    CHECK(child >= 0);
    if (child == 0) wait_and_exit(&shared->word, FUTEX_WAIT, 0, 3000, 0);
    CHECK(children_waiting(1));
    CHECK_RESULT(futex(&shared->word, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0x80000000u), 1);
    CHECK_CHILD(child, 0);
    return NULL;
}

// FUTEX_WAIT_BITSET's timeout is an absolute deadline: CLOCK_MONOTONIC, or CLOCK_REALTIME
// with FUTEX_CLOCK_REALTIME; a deadline in the past times out at once.
static const char *wait_bitset_deadline_is_absolute(void)
{
    static uint32_t word;
    uint64_t start = tap_monotonic_ns();
    struct timespec deadline = deadline_ms(CLOCK_MONOTONIC, 50);
    CHECK_ERRNO(futex(&word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 0, &deadline, NULL, FUTEX_BITSET_MATCH_ANY), ETIMEDOUT);
    uint64_t waited = ms_since(start);
    CHECK(waited >= 50 && waited < 1000);

    // Monotonic time is small (time since boot): a deadline one second in the past, and 0.
    start = tap_monotonic_ns();
    deadline = deadline_ms(CLOCK_MONOTONIC, 0);
    deadline.tv_sec -= 1;
    CHECK_ERRNO(futex(&word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 0, &deadline, NULL, FUTEX_BITSET_MATCH_ANY), ETIMEDOUT);
    struct timespec zero = { 0, 0 };
    CHECK_ERRNO(futex(&word, FUTEX_WAIT_BITSET, 0, &zero, NULL, FUTEX_BITSET_MATCH_ANY), ETIMEDOUT);
    CHECK(ms_since(start) < 50);

    // On CLOCK_REALTIME: now + 50 ms; a monotonic-sized value there is decades past.
    start = tap_monotonic_ns();
    deadline = deadline_ms(CLOCK_REALTIME, 50);
    CHECK_ERRNO(futex(&word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME, 0, &deadline, NULL,
                      FUTEX_BITSET_MATCH_ANY), ETIMEDOUT);
    waited = ms_since(start);
    CHECK(waited >= 45 && waited < 1000);   // the realtime clock may be slewed a little
    start = tap_monotonic_ns();
    deadline = deadline_ms(CLOCK_MONOTONIC, 5000);
    CHECK_ERRNO(futex(&word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0, &deadline, NULL, FUTEX_BITSET_MATCH_ANY),
                ETIMEDOUT);
    CHECK(ms_since(start) < 50);

    // The deadline is checked as FUTEX_WAIT's timeout is.
    struct timespec bad = { 0, 1000000000 };
    CHECK_ERRNO(futex(&word, FUTEX_WAIT_BITSET, 0, &bad, NULL, FUTEX_BITSET_MATCH_ANY), EINVAL);
    return NULL;
}

// FUTEX_REQUEUE(A, wake 1, move 2, B) with three waiters on A returns 3 (woken + moved);
// the moved two are then woken by FUTEX_WAKE on B, and nobody is left on A.
static const char *requeue_moves_waiters(void)
{
    CHECK(fresh_shared() != NULL);
    pid_t waiters[3];
    for (int i = 0; i < 3; i++) {
        waiters[i] = spawn();
        CHECK(waiters[i] >= 0);
        if (waiters[i] == 0) wait_and_exit(&shared->word, FUTEX_WAIT, 0, 3000, 0);
    }
    CHECK(children_waiting(3));
    CHECK_RESULT(requeue(&shared->word, FUTEX_REQUEUE, 1, 2, &shared->other, 0), 3);
    CHECK_RESULT(futex(&shared->word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 0);
    CHECK_RESULT(futex(&shared->other, FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 2);
    for (int i = 0; i < 3; i++) CHECK_CHILD(waiters[i], 0);
    // Negative counts are EINVAL.
    CHECK_ERRNO(requeue(&shared->word, FUTEX_REQUEUE, -1, 1, &shared->other, 0), EINVAL);
    CHECK_ERRNO(requeue(&shared->word, FUTEX_REQUEUE, 1, -1, &shared->other, 0), EINVAL);
    return NULL;
}

// FUTEX_CMP_REQUEUE: val3 differing from *A is EAGAIN and moves nobody; equal, as REQUEUE.
static const char *cmp_requeue_compares_first(void)
{
    CHECK(fresh_shared() != NULL);
    pid_t waiters[3];
    for (int i = 0; i < 3; i++) {
        waiters[i] = spawn();
        CHECK(waiters[i] >= 0);
        if (waiters[i] == 0) wait_and_exit(&shared->word, FUTEX_WAIT, 0, 3000, 0);
    }
    CHECK(children_waiting(3));
    CHECK_ERRNO(requeue(&shared->word, FUTEX_CMP_REQUEUE, 1, 2, &shared->other, 1), EAGAIN);
    CHECK_RESULT(futex(&shared->other, FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 0);
    CHECK_RESULT(requeue(&shared->word, FUTEX_CMP_REQUEUE, 1, 2, &shared->other, 0), 3);
    CHECK_RESULT(futex(&shared->word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 0);
    CHECK_RESULT(futex(&shared->other, FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 2);
    for (int i = 0; i < 3; i++) CHECK_CHILD(waiters[i], 0);
    return NULL;
}

static volatile sig_atomic_t handled;

static void note_signal(int signal_number)
{
    (void)signal_number;
    handled++;
}

// A signal (handler without SA_RESTART) interrupts FUTEX_WAIT: EINTR, after the handler ran.
static const char *signal_interrupts_wait(void)
{
    static uint32_t word;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = note_signal;
    sigemptyset(&action.sa_mask);
    CHECK(sigaction(SIGUSR1, &action, NULL) == 0);
    handled = 0;
    CHECK(fresh_shared() != NULL);
    pid_t parent = getpid();
    pid_t child = spawn();
    CHECK(child >= 0);
    if (child == 0) {
        usleep(50000);
        _exit(kill(parent, SIGUSR1) == 0 ? 0 : 1);
    }
    struct timespec timeout = after_ms(3000);
    uint64_t start = tap_monotonic_ns();
    CHECK_ERRNO(futex(&word, FUTEX_WAIT_PRIVATE, 0, &timeout, NULL, 0), EINTR);
    CHECK(handled == 1);
    CHECK(ms_since(start) < 2500);
    CHECK_CHILD(child, 0);
    return NULL;
}

static volatile sig_atomic_t alarms;

static void note_alarm(int signal_number)
{
    (void)signal_number;
    alarms++;
}

// With SA_RESTART, a wait with a timeout still ends with EINTR (Linux restarts it only when
// no handler ran); one without a timeout is restarted and ends when woken (0). A 3 s timer whose
// handler has no SA_RESTART bounds the second wait should the wake-up never come.
static const char *sa_restart_restarts_only_untimed_wait(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = note_signal;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    CHECK(sigaction(SIGUSR1, &action, NULL) == 0);
    action.sa_handler = note_alarm;
    action.sa_flags = 0;
    CHECK(sigaction(SIGALRM, &action, NULL) == 0);
    handled = 0;
    alarms = 0;
    CHECK(fresh_shared() != NULL);
    pid_t parent = getpid();
    pid_t child = spawn();
    CHECK(child >= 0);
    if (child == 0) {
        usleep(50000);
        if (kill(parent, SIGUSR1) != 0) _exit(1);
        uint64_t start = tap_monotonic_ns();
        while (__atomic_load_n(&shared->flag, __ATOMIC_SEQ_CST) == 0 && ms_since(start) < 2000) usleep(1000);
        usleep(50000);
        if (kill(parent, SIGUSR1) != 0) _exit(2);
        usleep(50000);
        _exit(wake_until(&shared->word, FUTEX_WAKE, 1, 0, 1) == 1 ? 0 : 3);
    }
    static uint32_t word;
    struct timespec timeout = after_ms(3000);
    CHECK_ERRNO(futex(&word, FUTEX_WAIT_PRIVATE, 0, &timeout, NULL, 0), EINTR);
    CHECK(handled == 1);
    struct itimerval bound = { { 0, 0 }, { 3, 0 } };
    CHECK(setitimer(ITIMER_REAL, &bound, NULL) == 0);
    __atomic_store_n(&shared->flag, 1, __ATOMIC_SEQ_CST);
    uint64_t start = tap_monotonic_ns();
    CHECK_RESULT(futex(&shared->word, FUTEX_WAIT, 0, NULL, NULL, 0), 0);
    CHECK(handled == 2);
    CHECK(alarms == 0);
    CHECK(ms_since(start) >= 90);   // woken by the wake, 100 ms after the wait began, not by the signal
    CHECK_CHILD(child, 0);
    return NULL;
}

// A waiter killed while it waits is gone: after reaping it, FUTEX_WAKE finds nobody.
static const char *killed_waiter_is_gone(void)
{
    CHECK(fresh_shared() != NULL);
    pid_t child = spawn();
    CHECK(child >= 0);
    if (child == 0) wait_and_exit(&shared->word, FUTEX_WAIT, 0, 3000, 0);
    CHECK(children_waiting(1));
    CHECK(waitpid(child, NULL, WNOHANG) == 0);   // still waiting
    CHECK(kill(child, SIGKILL) == 0);
    int status = tap_wait(child);
    CHECK(status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    CHECK_RESULT(futex(&shared->word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 0);
    return NULL;
}

// set_robust_list takes only sizeof(struct robust_list_head) (24); get_robust_list gives
// back what was set. A forked child starts with no list (musl registers it again on its first
// robust lock).
static const char *robust_list_is_set_and_read_back(void)
{
    struct robust_list_head *saved = NULL;
    size_t saved_length = 0;
    CHECK(syscall(SYS_get_robust_list, 0, &saved, &saved_length) == 0);

    static struct robust_list_head head = { { &head.list }, 0, NULL };
    CHECK_ERRNO(syscall(SYS_set_robust_list, &head, sizeof head - 1), EINVAL);
    CHECK_ERRNO(syscall(SYS_set_robust_list, &head, sizeof head + 8), EINVAL);
    CHECK_ERRNO(syscall(SYS_set_robust_list, &head, 0), EINVAL);
    CHECK(sizeof head == 24);
    CHECK(syscall(SYS_set_robust_list, &head, sizeof head) == 0);
    struct robust_list_head *got = NULL;
    size_t length = 0;
    CHECK(syscall(SYS_get_robust_list, 0, &got, &length) == 0);
    CHECK(got == &head && length == 24);
    got = NULL;
    CHECK(syscall(SYS_get_robust_list, getpid(), &got, &length) == 0);
    CHECK(got == &head);

    CHECK(fresh_shared() != NULL);
    pid_t child = spawn();
    CHECK(child >= 0);
    if (child == 0) {
        struct robust_list_head *in_child = &head;
        size_t child_length = 0;
        if (syscall(SYS_get_robust_list, 0, &in_child, &child_length) != 0) _exit(1);
        _exit(in_child == NULL && child_length == 24 ? 0 : 2);
    }
    CHECK_CHILD(child, 0);
    CHECK_ERRNO(syscall(SYS_get_robust_list, child, &got, &length), ESRCH);   // reaped: no such process

    if (saved != NULL) CHECK(syscall(SYS_set_robust_list, saved, saved_length) == 0);
    return NULL;
}

// At exit the kernel walks the dead process's robust list: each entry's word (entry +
// futex_offset) whose owner bits (FUTEX_TID_MASK) are the dead thread's id becomes
// FUTEX_OWNER_DIED, FUTEX_WAITERS kept, the id cleared; a word owned by another id is left;
// list_op_pending is handled as an entry too.
static const char *robust_list_is_walked_at_exit(void)
{
    CHECK(fresh_shared() != NULL);
    pid_t child = spawn();
    CHECK(child >= 0);
    if (child == 0) {
        uint32_t tid = (uint32_t)syscall(SYS_gettid);
        static struct robust_list_head head;
        long offset = (char *)&shared->robust_words[0] - (char *)&shared->entries[0];
        // Entries 0 and 1 on the list, entry 2 as the operation pending.
        shared->robust_words[0] = tid;
        shared->robust_words[1] = (tid + 1) & FUTEX_TID_MASK;       // someone else's
        shared->robust_words[2] = tid | FUTEX_WAITERS;
        head.list.next = &shared->entries[0];
        shared->entries[0].next = &shared->entries[1];
        shared->entries[1].next = &head.list;
        head.futex_offset = offset;
        head.list_op_pending = &shared->entries[2];
        if (syscall(SYS_set_robust_list, &head, sizeof head) != 0) _exit(1);
        _exit(0);
    }
    CHECK_CHILD(child, 0);
    uint32_t tid = (uint32_t)child;
    CHECK(shared->robust_words[0] == FUTEX_OWNER_DIED);
    CHECK(shared->robust_words[1] == ((tid + 1) & FUTEX_TID_MASK));
    CHECK(shared->robust_words[2] == (FUTEX_OWNER_DIED | FUTEX_WAITERS));
    return NULL;
}

// A dead owner's robust word with FUTEX_WAITERS set: the kernel also wakes one waiter of it
// (a shared wake), which finds FUTEX_OWNER_DIED | FUTEX_WAITERS.
static const char *robust_death_wakes_a_waiter(void)
{
    CHECK(fresh_shared() != NULL);
    pid_t owner = spawn();
    CHECK(owner >= 0);
    if (owner == 0) {
        uint32_t tid = (uint32_t)syscall(SYS_gettid);
        static struct robust_list_head head;
        shared->robust_words[0] = tid | FUTEX_WAITERS;
        head.list.next = &shared->entries[0];
        shared->entries[0].next = &head.list;
        head.futex_offset = (char *)&shared->robust_words[0] - (char *)&shared->entries[0];
        head.list_op_pending = NULL;
        if (syscall(SYS_set_robust_list, &head, sizeof head) != 0) _exit(1);
        __atomic_store_n(&shared->flag, 1, __ATOMIC_SEQ_CST);
        // Exit once the waiter is asleep on the word.
        uint64_t start = tap_monotonic_ns();
        while (__atomic_load_n(&shared->ready, __ATOMIC_SEQ_CST) < 1 && ms_since(start) < 2000) usleep(1000);
        usleep(100000);
        _exit(0);
    }
    uint64_t start = tap_monotonic_ns();
    while (__atomic_load_n(&shared->flag, __ATOMIC_SEQ_CST) == 0 && ms_since(start) < 2000) usleep(1000);
    CHECK(shared->flag == 1);
    uint32_t locked = shared->robust_words[0];
    CHECK(locked == ((uint32_t)owner | FUTEX_WAITERS));
    pid_t waiter = spawn();
    CHECK(waiter >= 0);
    if (waiter == 0) wait_and_exit(&shared->robust_words[0], FUTEX_WAIT, locked, 3000, 0);
    CHECK_CHILD(owner, 0);
    CHECK_CHILD(waiter, 0);
    CHECK(shared->robust_words[0] == (FUTEX_OWNER_DIED | FUTEX_WAITERS));
    return NULL;
}

static const char *init_robust_shared_mutex(pthread_mutex_t *mutex)
{
    pthread_mutexattr_t attributes;
    CHECK(pthread_mutexattr_init(&attributes) == 0);
    CHECK(pthread_mutexattr_setpshared(&attributes, PTHREAD_PROCESS_SHARED) == 0);
    CHECK(pthread_mutexattr_setrobust(&attributes, PTHREAD_MUTEX_ROBUST) == 0);
    CHECK(pthread_mutex_init(mutex, &attributes) == 0);
    pthread_mutexattr_destroy(&attributes);
    return NULL;
}

// The mutex's lock word (musl: the second int of pthread_mutex_t).
static volatile uint32_t *lock_word(pthread_mutex_t *mutex)
{
    return (volatile uint32_t *)mutex + 1;
}

// Locks with a 2 s deadline (musl's pthread_mutex_lock is this without one): a robust mutex
// whose owner's death the kernel missed gives ETIMEDOUT rather than a hang.
static int lock_within_2s(pthread_mutex_t *mutex)
{
    struct timespec deadline = deadline_ms(CLOCK_REALTIME, 2000);
    return pthread_mutex_timedlock(mutex, &deadline);
}

static const char *recover_owner_dead(pthread_mutex_t *mutex, int locked)
{
    CHECK_RESULT(locked, EOWNERDEAD);
    CHECK_RESULT(pthread_mutex_consistent(mutex), 0);
    CHECK_RESULT(pthread_mutex_unlock(mutex), 0);
    CHECK_RESULT(lock_within_2s(mutex), 0);
    CHECK_RESULT(pthread_mutex_unlock(mutex), 0);
    CHECK_RESULT(pthread_mutex_trylock(mutex), 0);
    CHECK_RESULT(pthread_mutex_unlock(mutex), 0);
    CHECK(*lock_word(mutex) == 0);
    return NULL;
}

// A robust process-shared mutex locked by a child that _exits without unlocking: the next
// lock returns EOWNERDEAD; pthread_mutex_consistent makes it usable again.
static const char *robust_mutex_owner_died(void)
{
    CHECK(fresh_shared() != NULL);
    const char *why = init_robust_shared_mutex(&shared->mutex);
    if (why != NULL) return why;
    pid_t child = spawn();
    CHECK(child >= 0);
    if (child == 0) _exit(pthread_mutex_lock(&shared->mutex) == 0 && *lock_word(&shared->mutex) == (uint32_t)getpid() ? 0 : 1);
    CHECK_CHILD(child, 0);
    CHECK(*lock_word(&shared->mutex) == FUTEX_OWNER_DIED);     // the kernel's work, not musl's
    return recover_owner_dead(&shared->mutex, lock_within_2s(&shared->mutex));
}

// The same with the parent already blocked in the lock (FUTEX_WAIT on the word, which musl
// marks FUTEX_WAITERS) when the owner dies: the kernel wakes it and the lock gives EOWNERDEAD.
static const char *robust_mutex_owner_died_while_waited_for(void)
{
    CHECK(fresh_shared() != NULL);
    const char *why = init_robust_shared_mutex(&shared->mutex);
    if (why != NULL) return why;
    pid_t child = spawn();
    CHECK(child >= 0);
    if (child == 0) {
        if (pthread_mutex_lock(&shared->mutex) != 0) _exit(1);
        __atomic_store_n(&shared->flag, 1, __ATOMIC_SEQ_CST);
        // Exit once the parent has marked the word as waited for, and is asleep on it.
        uint64_t start = tap_monotonic_ns();
        while (!(*lock_word(&shared->mutex) & FUTEX_WAITERS) && ms_since(start) < 2000) usleep(1000);
        int marked = (*lock_word(&shared->mutex) & FUTEX_WAITERS) != 0;
        usleep(100000);
        _exit(marked ? 0 : 2);
    }
    uint64_t start = tap_monotonic_ns();
    while (__atomic_load_n(&shared->flag, __ATOMIC_SEQ_CST) == 0 && ms_since(start) < 2000) usleep(1000);
    CHECK(shared->flag == 1);
    int locked = lock_within_2s(&shared->mutex);
    CHECK_CHILD(child, 0);
    return recover_owner_dead(&shared->mutex, locked);
}

static const struct tap_check checks[] = {
    { "FUTEX_WAIT on a word that differs from val fails with EAGAIN at once", wait_on_changed_word_is_eagain },
    { "FUTEX_WAIT's relative timeout expires with ETIMEDOUT, a zero one at once", wait_timeout_is_etimedout },
    { "futex refuses bad arguments (EINVAL, EFAULT, ENOSYS)", bad_arguments_are_refused },
    { "FUTEX_WAKE with nobody waiting returns 0", wake_without_waiters_is_zero },
    { "a child's shared FUTEX_WAIT is woken by the parent's FUTEX_WAKE", shared_wait_woken_across_fork },
    { "FUTEX_WAKE wakes as many waiters as asked and returns how many", wake_counts_waiters },
    { "a private waiter is not woken by another process's private or shared wake", private_waiter_is_not_woken_by_another_process },
    { "a shared waiter is not woken by FUTEX_WAKE_PRIVATE", shared_waiter_is_not_woken_by_private_wake },
    { "FUTEX_WAIT_BITSET/FUTEX_WAKE_BITSET select waiters by bitset", bitset_selects_waiters },
    { "FUTEX_WAIT_BITSET's deadline is absolute, monotonic or FUTEX_CLOCK_REALTIME", wait_bitset_deadline_is_absolute },
    { "FUTEX_REQUEUE wakes some waiters and moves others", requeue_moves_waiters },
    { "FUTEX_CMP_REQUEUE fails with EAGAIN when the word changed", cmp_requeue_compares_first },
    { "a signal interrupts FUTEX_WAIT with EINTR", signal_interrupts_wait },
    { "with SA_RESTART a timed FUTEX_WAIT gives EINTR, an untimed one is restarted", sa_restart_restarts_only_untimed_wait },
    { "a waiter killed while waiting leaves nobody to wake", killed_waiter_is_gone },
    { "set_robust_list takes 24 bytes and get_robust_list reads it back", robust_list_is_set_and_read_back },
    { "the kernel marks a dead process's robust futexes FUTEX_OWNER_DIED", robust_list_is_walked_at_exit },
    { "a robust futex's death wakes a waiter when FUTEX_WAITERS is set", robust_death_wakes_a_waiter },
    { "a robust shared mutex whose owner exited locks with EOWNERDEAD", robust_mutex_owner_died },
    { "a robust shared mutex's waiter is woken with EOWNERDEAD when the owner exits", robust_mutex_owner_died_while_waited_for },
};

int main(int argc, char **argv)
{
    int status = tap_main(argc, argv, checks, sizeof checks / sizeof checks[0]);
    reap_stragglers();
    return status;
}
