// The vDSO, as a Linux program finds it: AT_SYSINFO_EHDR points at an ELF shared object whose
// dynamic symbol table (looked up through DT_HASH and the LINUX_2.6 version, as musl's
// __vdsosym does) gives __vdso_clock_gettime, __vdso_gettimeofday and __vdso_time, and each
// tells the time the system calls tell. Passes on Linux and on Lunix.
#include "tap.h"
#include <elf.h>
#include <sys/auxv.h>

typedef int (*clock_gettime_fn)(clockid_t, struct timespec *);
typedef int (*gettimeofday_fn)(struct timeval *, void *);
typedef time_t (*time_fn)(time_t *);

// The symbol `name` of version `version` in the vDSO, or NULL (musl's src/internal/vdso.c).
static void *vdso_symbol(const char *version, const char *name)
{
    uintptr_t base = (uintptr_t)getauxval(AT_SYSINFO_EHDR);
    if (!base) return NULL;
    Elf64_Ehdr *header = (Elf64_Ehdr *)base;
    Elf64_Phdr *programs = (Elf64_Phdr *)(base + header->e_phoff);
    Elf64_Dyn *dynamic = NULL;
    uintptr_t bias = base;
    for (int i = 0; i < header->e_phnum; i++) {
        if (programs[i].p_type == PT_LOAD) bias = base + programs[i].p_offset - programs[i].p_vaddr;
        else if (programs[i].p_type == PT_DYNAMIC) dynamic = (Elf64_Dyn *)(base + programs[i].p_offset);
    }
    if (!dynamic) return NULL;
    const char *strings = NULL;
    Elf64_Sym *symbols = NULL;
    Elf64_Word *hash = NULL;
    Elf64_Half *versions = NULL;
    Elf64_Verdef *definitions = NULL;
    for (; dynamic->d_tag != DT_NULL; dynamic++) {
        void *at = (void *)(bias + dynamic->d_un.d_ptr);
        switch (dynamic->d_tag) {
        case DT_STRTAB: strings = at; break;
        case DT_SYMTAB: symbols = at; break;
        case DT_HASH: hash = at; break;
        case DT_VERSYM: versions = at; break;
        case DT_VERDEF: definitions = at; break;
        }
    }
    if (!strings || !symbols || !hash) return NULL;
    for (Elf64_Word i = 0; i < hash[1]; i++) {
        if (!(1 << (symbols[i].st_info & 0xf) & (1 << STT_FUNC | 1 << STT_NOTYPE))) continue;
        if (!(1 << (symbols[i].st_info >> 4) & (1 << STB_GLOBAL | 1 << STB_WEAK))) continue;
        if (!symbols[i].st_shndx || strcmp(name, strings + symbols[i].st_name)) continue;
        if (versions && definitions) {
            Elf64_Verdef *definition = definitions;
            for (;;) {
                if (!(definition->vd_flags & VER_FLG_BASE) && (definition->vd_ndx & 0x7fff) == (versions[i] & 0x7fff)) break;
                if (!definition->vd_next) return NULL;
                definition = (Elf64_Verdef *)((char *)definition + definition->vd_next);
            }
            Elf64_Verdaux *auxiliary = (Elf64_Verdaux *)((char *)definition + definition->vd_aux);
            if (strcmp(version, strings + auxiliary->vda_name)) continue;
        }
        return (void *)(bias + symbols[i].st_value);
    }
    return NULL;
}

static int64_t ns_of(struct timespec t) { return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec; }

static const char *vdso_is_an_elf_object(void)
{
    unsigned char *base = (unsigned char *)getauxval(AT_SYSINFO_EHDR);
    if (!base) return tap_fail("no AT_SYSINFO_EHDR");
    CHECK(memcmp(base, ELFMAG, SELFMAG) == 0);
    CHECK(((Elf64_Ehdr *)base)->e_type == ET_DYN);
    CHECK(((uintptr_t)base & 4095) == 0);
    CHECK(vdso_symbol("LINUX_2.6", "__vdso_clock_gettime") != NULL);
    CHECK(vdso_symbol("LINUX_2.6", "__vdso_gettimeofday") != NULL);
    CHECK(vdso_symbol("LINUX_2.6", "__vdso_time") != NULL);
    CHECK(vdso_symbol("LINUX_2.6", "__vdso_no_such_function") == NULL);
    CHECK(vdso_symbol("LINUX_9.9", "__vdso_clock_gettime") == NULL);
    return NULL;
}

// Each clock read through the vDSO lies between two reads by the system call.
static const char *vdso_clock_gettime_agrees(void)
{
    clock_gettime_fn vdso = (clock_gettime_fn)vdso_symbol("LINUX_2.6", "__vdso_clock_gettime");
    if (!vdso) return tap_fail("no __vdso_clock_gettime");
    clockid_t clocks[] = { CLOCK_MONOTONIC, CLOCK_REALTIME, CLOCK_BOOTTIME, CLOCK_MONOTONIC_RAW };
    for (size_t c = 0; c < sizeof clocks / sizeof clocks[0]; c++) {
        struct timespec before, during, after;
        CHECK(syscall(SYS_clock_gettime, clocks[c], &before) == 0);
        CHECK(vdso(clocks[c], &during) == 0);
        CHECK(syscall(SYS_clock_gettime, clocks[c], &after) == 0);
        CHECK(during.tv_nsec >= 0 && during.tv_nsec < 1000000000);
        if (ns_of(during) < ns_of(before) || ns_of(during) > ns_of(after))
            return tap_fail("clock %d: vDSO %lld not within the system call's %lld..%lld", (int)clocks[c],
                            (long long)ns_of(during), (long long)ns_of(before), (long long)ns_of(after));
    }
    // A clock the vDSO does not compute itself still answers as the system call does.
    struct timespec cpu;
    CHECK(vdso(CLOCK_PROCESS_CPUTIME_ID, &cpu) == 0);
    CHECK(vdso(12345, &cpu) == -EINVAL);
    return NULL;
}

static const char *vdso_monotonic_never_goes_back(void)
{
    clock_gettime_fn vdso = (clock_gettime_fn)vdso_symbol("LINUX_2.6", "__vdso_clock_gettime");
    if (!vdso) return tap_fail("no __vdso_clock_gettime");
    struct timespec now;
    CHECK(vdso(CLOCK_MONOTONIC, &now) == 0);
    int64_t last = ns_of(now);
    for (int i = 0; i < 100000; i++) {
        CHECK(vdso(CLOCK_MONOTONIC, &now) == 0);
        if (ns_of(now) < last) return tap_fail("read %d went back from %lld to %lld", i, (long long)last, (long long)ns_of(now));
        last = ns_of(now);
    }
    return NULL;
}

static const char *vdso_gettimeofday_and_time_agree(void)
{
    gettimeofday_fn vdso_gettimeofday = (gettimeofday_fn)vdso_symbol("LINUX_2.6", "__vdso_gettimeofday");
    time_fn vdso_time = (time_fn)vdso_symbol("LINUX_2.6", "__vdso_time");
    if (!vdso_gettimeofday || !vdso_time) return tap_fail("no __vdso_gettimeofday or __vdso_time");
    struct timeval before, during, after;
    CHECK(syscall(SYS_gettimeofday, &before, NULL) == 0);
    CHECK(vdso_gettimeofday(&during, NULL) == 0);
    CHECK(syscall(SYS_gettimeofday, &after, NULL) == 0);
    int64_t b = before.tv_sec * 1000000LL + before.tv_usec, d = during.tv_sec * 1000000LL + during.tv_usec,
            a = after.tv_sec * 1000000LL + after.tv_usec;
    if (d < b || d > a) return tap_fail("gettimeofday: vDSO %lld not within %lld..%lld", (long long)d, (long long)b, (long long)a);
    time_t stored = 0;
    time_t seconds = vdso_time(&stored);
    CHECK(seconds == stored);
    CHECK(seconds >= before.tv_sec && seconds <= after.tv_sec + 1);
    return NULL;
}

static const struct tap_check checks[] = {
    { "AT_SYSINFO_EHDR is a page-aligned ELF shared object exporting the LINUX_2.6 time functions", vdso_is_an_elf_object },
    { "__vdso_clock_gettime lies between two system calls on each clock; other clocks answer as the call does", vdso_clock_gettime_agrees },
    { "__vdso_clock_gettime's CLOCK_MONOTONIC never goes back over 100,000 reads", vdso_monotonic_never_goes_back },
    { "__vdso_gettimeofday and __vdso_time agree with the system calls", vdso_gettimeofday_and_time_agree },
};

int main(int argc, char **argv)
{
    return tap_main(argc, argv, checks, sizeof checks / sizeof checks[0]);
}
