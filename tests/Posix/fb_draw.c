// /dev/fb0 as a Linux fbdev program uses it: the two FBIOGET ioctls agree with each other,
// FBIOPUT_VSCREENINFO takes the current mode, panning to 0,0 and unblanking are accepted, an
// ioctl the device does not know is ENOTTY; mmap(MAP_SHARED) of the pixel memory, a pattern of
// coloured rectangles drawn through it and read back by pread at their offsets, a pwrite seen
// through the mapping, the mapping shared with a fork's child and gone after munmap; mmap past
// smem_len is EINVAL; reads and writes at and past the end answer as Linux's fb_read and
// fb_write (0; ENOSPC, EFBIG); KDSETMODE KD_GRAPHICS on the console shown (/dev/tty0) keeps its
// text off the framebuffer until KD_TEXT. The pattern stays on the screen when the program
// ends: the boot test (FramebufferTests) finds it in QEMU's screendump. A machine without a
// framebuffer (the host, usually) skips every case and says why.
#include "tap.h"
#include "fb.h"
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <termios.h>

#define PAGE 4096ul

// The pattern: four squares side by side from (PATTERN_X, PATTERN_Y), each PATTERN_SIDE
// pixels, red, green, blue and white (the boot test knows the same numbers).
#define PATTERN_X 64
#define PATTERN_Y 320
#define PATTERN_SIDE 96
#define PATTERN_GAP 32
static const uint32_t pattern_rgb[4] = { 0xFF0000, 0x00FF00, 0x0000FF, 0xFFFFFF };

static int fb = -1;
static const char *absent;              // why there is no framebuffer here
static struct fb_var_screeninfo var;
static struct fb_fix_screeninfo fix;
static uint8_t *pixels;                 // the mapping, once made
static size_t mapped;

static uint32_t channel(uint32_t value, const struct fb_bitfield *field)
{
    if (field->length == 0) return 0;
    return (value >> (8 - (field->length > 8 ? 8 : field->length))) << field->offset;
}

static uint32_t pixel_of(uint32_t rgb)
{
    return channel(rgb >> 16 & 0xFF, &var.red) | channel(rgb >> 8 & 0xFF, &var.green) | channel(rgb & 0xFF, &var.blue);
}

static size_t offset_of(unsigned x, unsigned y) { return (size_t)y * fix.line_length + (size_t)x * 4; }

static const char *opens(void)
{
    static char why[96];
    fb = fb_open(why, sizeof why);
    if (why[0]) {
        absent = why;
        return tap_skip("%s", absent);
    }
    CHECK(fb >= 0);
    struct stat st;
    CHECK(fstat(fb, &st) == 0 && S_ISCHR(st.st_mode));
    return NULL;
}

#define NEEDS_FRAMEBUFFER() do { if (absent) return tap_skip("%s", absent); } while (0)

static const char *screen_info(void)
{
    NEEDS_FRAMEBUFFER();
    CHECK(ioctl(fb, FBIOGET_VSCREENINFO, &var) == 0);
    CHECK(ioctl(fb, FBIOGET_FSCREENINFO, &fix) == 0);
    if (var.bits_per_pixel != 32) return tap_skip("a %u-bit mode; the checks draw 32-bit pixels", var.bits_per_pixel);
    CHECK(var.xres > 0 && var.yres > 0 && var.xres_virtual >= var.xres && var.yres_virtual >= var.yres);
    CHECK(fix.type == FB_TYPE_PACKED_PIXELS && fix.visual == FB_VISUAL_TRUECOLOR);
    CHECK(fix.line_length >= var.xres * 4);
    CHECK((unsigned long)fix.line_length * var.yres <= fix.smem_len);
    CHECK(fix.id[0] != 0 && memchr(fix.id, 0, sizeof fix.id) != NULL);
    // Each channel inside the pixel, none overlapping another.
    const struct fb_bitfield *fields[3] = { &var.red, &var.green, &var.blue };
    uint32_t seen = 0;
    for (int i = 0; i < 3; i++) {
        CHECK(fields[i]->length > 0 && fields[i]->offset + fields[i]->length <= 32);
        uint32_t bits = (uint32_t)(((1ull << fields[i]->length) - 1) << fields[i]->offset);
        CHECK((seen & bits) == 0);
        seen |= bits;
    }
    CHECK(PATTERN_X + 4 * (PATTERN_SIDE + PATTERN_GAP) <= var.xres && PATTERN_Y + PATTERN_SIDE < var.yres);
    return NULL;
}

static const char *mode_requests(void)
{
    NEEDS_FRAMEBUFFER();
    struct fb_var_screeninfo same = var;
    CHECK(ioctl(fb, FBIOPUT_VSCREENINFO, &same) == 0);
    CHECK(same.xres == var.xres && same.yres == var.yres && same.bits_per_pixel == var.bits_per_pixel);
    // A mode no screen has: refused (EINVAL), or, by a driver that cannot change modes at all
    // (Linux's efifb), answered with the mode it keeps.
    struct fb_var_screeninfo huge = var;
    huge.xres = huge.xres_virtual = 100000;
    errno = 0;
    int put = ioctl(fb, FBIOPUT_VSCREENINFO, &huge);
    CHECK((put == -1 && errno == EINVAL) || (put == 0 && huge.xres == var.xres));
    struct fb_var_screeninfo now;
    CHECK(ioctl(fb, FBIOGET_VSCREENINFO, &now) == 0 && now.xres == var.xres && now.yres == var.yres);
    struct fb_var_screeninfo pan = var;
    pan.xoffset = pan.yoffset = 0;
    CHECK(ioctl(fb, FBIOPAN_DISPLAY, &pan) == 0);
    CHECK(ioctl(fb, FBIOBLANK, FB_BLANK_UNBLANK) == 0);
    return NULL;
}

static const char *unknown_ioctls(void)
{
    NEEDS_FRAMEBUFFER();
    struct termios modes;
    CHECK_ERRNO(ioctl(fb, TCGETS, &modes), ENOTTY);
    CHECK_ERRNO(ioctl(fb, 0x46FF, 0), ENOTTY);
    return NULL;
}

// The yellow line below the squares, which the pwrite check writes too.
#define LINE_Y (PATTERN_Y + PATTERN_SIDE + 8)
#define YELLOW 0xFFFF00

static void draw_squares(void)
{
    for (int square = 0; square < 4; square++) {
        uint32_t value = pixel_of(pattern_rgb[square]);
        unsigned left = PATTERN_X + square * (PATTERN_SIDE + PATTERN_GAP);
        for (unsigned y = PATTERN_Y; y < PATTERN_Y + PATTERN_SIDE; y++)
            for (unsigned x = left; x < left + PATTERN_SIDE; x++) *(volatile uint32_t *)(pixels + offset_of(x, y)) = value;
    }
}

static void draw_pattern(void)
{
    draw_squares();
    for (unsigned x = PATTERN_X; x < PATTERN_X + PATTERN_SIDE; x++) *(volatile uint32_t *)(pixels + offset_of(x, LINE_Y)) = pixel_of(YELLOW);
}

static const char *maps_and_draws(void)
{
    NEEDS_FRAMEBUFFER();
    if (var.bits_per_pixel != 32) return tap_skip("not a 32-bit mode");
    mapped = fix.smem_len;
    pixels = mmap(NULL, mapped, PROT_READ | PROT_WRITE, MAP_SHARED, fb, 0);
    CHECK(pixels != MAP_FAILED);
    memset(pixels + offset_of(0, LINE_Y), 0, fix.line_length);      // the line the pwrite check writes
    draw_squares();
    // Read back through the mapping.
    CHECK(*(volatile uint32_t *)(pixels + offset_of(PATTERN_X, PATTERN_Y)) == pixel_of(pattern_rgb[0]));
    return NULL;
}

static const char *reads_back(void)
{
    NEEDS_FRAMEBUFFER();
    if (pixels == NULL || pixels == MAP_FAILED) return tap_fail("no mapping");
    static uint32_t row[PATTERN_SIDE];
    for (int square = 0; square < 4; square++) {
        unsigned left = PATTERN_X + square * (PATTERN_SIDE + PATTERN_GAP);
        memset(row, 0, sizeof row);
        CHECK(pread(fb, row, sizeof row, (off_t)offset_of(left, PATTERN_Y + square * 7)) == (ssize_t)sizeof row);
        for (int i = 0; i < PATTERN_SIDE; i++)
            if (row[i] != pixel_of(pattern_rgb[square]))
                return tap_fail("square %d, pixel %d: read 0x%08x, drew 0x%08x", square, i, row[i], pixel_of(pattern_rgb[square]));
    }
    // read() at the position lseek set, which moves by what was read.
    CHECK(lseek(fb, (off_t)offset_of(PATTERN_X, PATTERN_Y + 1), SEEK_SET) == (off_t)offset_of(PATTERN_X, PATTERN_Y + 1));
    uint32_t two[2];
    CHECK(read(fb, two, sizeof two) == sizeof two && two[0] == pixel_of(pattern_rgb[0]) && two[1] == pixel_of(pattern_rgb[0]));
    CHECK(lseek(fb, 0, SEEK_CUR) == (off_t)(offset_of(PATTERN_X, PATTERN_Y + 1) + sizeof two));
    return NULL;
}

static const char *writes_show_in_the_mapping(void)
{
    NEEDS_FRAMEBUFFER();
    if (pixels == NULL || pixels == MAP_FAILED) return tap_fail("no mapping");
    // A line of yellow below the pattern, by pwrite, seen through the mapping.
    static uint32_t line[PATTERN_SIDE];
    for (int i = 0; i < PATTERN_SIDE; i++) line[i] = pixel_of(YELLOW);
    size_t at = offset_of(PATTERN_X, LINE_Y);
    CHECK(*(volatile uint32_t *)(pixels + at) != pixel_of(YELLOW));
    CHECK(pwrite(fb, line, sizeof line, (off_t)at) == (ssize_t)sizeof line);
    CHECK(*(volatile uint32_t *)(pixels + at) == pixel_of(YELLOW));
    CHECK(*(volatile uint32_t *)(pixels + at + sizeof line - 4) == pixel_of(YELLOW));
    return NULL;
}

static uint32_t pixel_at(unsigned x, unsigned y)
{
    uint32_t value = 0;
    return pread(fb, &value, sizeof value, (off_t)offset_of(x, y)) == sizeof value ? value : 0xDEADBEEF;
}

// Text that covers the whole console shown: lines of reverse-video spaces (cells of the
// foreground colour), more of them than the screen has.
static int cover_console(int tty)
{
    static char line[300];
    int length = snprintf(line, sizeof line, "\033[7m%*s\033[0m\r\n", 250, "");
    for (int i = 0; i < 80; i++)
        if (write(tty, line, length) != length) return -1;
    return 0;
}

static const char *console_mode(void)
{
    NEEDS_FRAMEBUFFER();
    if (pixels == NULL || pixels == MAP_FAILED) return tap_fail("no mapping");
    int tty = open("/dev/tty0", O_WRONLY | O_NOCTTY);
    if (tty < 0) return tap_skip("no console to switch: open /dev/tty0: %s", strerror(errno));
    int mode = -1;
    CHECK(ioctl(tty, KDGETMODE, &mode) == 0 && mode == KD_TEXT);
    CHECK(ioctl(tty, KDSETMODE, KD_GRAPHICS) == 0);
    CHECK(ioctl(tty, KDGETMODE, &mode) == 0 && mode == KD_GRAPHICS);
    CHECK(cover_console(tty) == 0);
    unsigned centre = PATTERN_X + PATTERN_SIDE / 2, middle = PATTERN_Y + PATTERN_SIDE / 2;
    CHECK(pixel_at(centre, middle) == pixel_of(pattern_rgb[0]));        // the console's text is not drawn
    CHECK(ioctl(tty, KDSETMODE, KD_TEXT) == 0);
    CHECK(pixel_at(centre, middle) != pixel_of(pattern_rgb[0]));        // it is drawn whole again
    CHECK_ERRNO(ioctl(tty, KDSETMODE, 7), EINVAL);
    close(tty);
    draw_pattern();                                                     // for the screen's reader
    CHECK(pixel_at(centre, middle) == pixel_of(pattern_rgb[0]));
    return NULL;
}

static const char *the_end(void)
{
    NEEDS_FRAMEBUFFER();
    char bytes[16];
    off_t end = (off_t)fix.smem_len;
    CHECK(pread(fb, bytes, sizeof bytes, end) == 0);
    CHECK(pread(fb, bytes, sizeof bytes, end - 4) == 4);
    memset(bytes, 0, sizeof bytes);
    CHECK_ERRNO(pwrite(fb, bytes, sizeof bytes, end), ENOSPC);
    CHECK_ERRNO(pwrite(fb, bytes, sizeof bytes, end + 4096), EFBIG);
    CHECK(pwrite(fb, bytes, sizeof bytes, end - 4) == 4);        // cut at the end
    return NULL;
}

static const char *bad_mappings(void)
{
    NEEDS_FRAMEBUFFER();
    size_t pages = (fix.smem_len + PAGE - 1) & ~(PAGE - 1);
    CHECK_ERRNO(mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fb, (off_t)pages), EINVAL);
    CHECK_ERRNO(mmap(NULL, pages + 2 * PAGE, PROT_READ, MAP_SHARED, fb, 0), EINVAL);
    // A read-only descriptor maps for reading only.
    int reader = open("/dev/fb0", O_RDONLY);
    CHECK(reader >= 0);
    CHECK_ERRNO(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, reader, 0), EACCES);
    void *view = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, reader, 0);
    CHECK(view != MAP_FAILED);
    CHECK(munmap(view, PAGE) == 0);
    close(reader);
    return NULL;
}

static const char *forks(void)
{
    NEEDS_FRAMEBUFFER();
    if (pixels == NULL || pixels == MAP_FAILED) return tap_fail("no mapping");
    // A pixel right of the yellow line, which the child draws through the mapping it inherited.
    size_t at = offset_of(PATTERN_X + PATTERN_SIDE + 8, LINE_Y);
    *(volatile uint32_t *)(pixels + at) = 0;
    pid_t child = tap_fork();
    CHECK(child >= 0);
    if (child == 0) {
        *(volatile uint32_t *)(pixels + at) = pixel_of(YELLOW);
        _exit(0);
    }
    CHECK(tap_exited_with(child, 0));
    CHECK(*(volatile uint32_t *)(pixels + at) == pixel_of(YELLOW));
    CHECK(pixel_at(PATTERN_X + PATTERN_SIDE + 8, LINE_Y) == pixel_of(YELLOW));
    return NULL;
}

static const char *unmaps(void)
{
    NEEDS_FRAMEBUFFER();
    if (pixels == NULL || pixels == MAP_FAILED) return tap_fail("no mapping");
    CHECK(munmap(pixels, mapped) == 0);
    volatile uint32_t *gone = (volatile uint32_t *)pixels;
    pixels = NULL;
    // The pixels stay on the screen: they are the device's, not the mapping's.
    CHECK(pixel_at(PATTERN_X, PATTERN_Y) == pixel_of(pattern_rgb[0]));
    // And the mapping is gone: a touch is SIGSEGV.
    pid_t child = tap_fork();
    CHECK(child >= 0);
    if (child == 0) {
        *gone = 0;
        _exit(0);
    }
    int status = tap_wait(child);
    CHECK(status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
    CHECK(pixel_at(PATTERN_X, PATTERN_Y) == pixel_of(pattern_rgb[0]));
    CHECK(close(fb) == 0);
    return NULL;
}

int main(int argc, char **argv)
{
    static const struct tap_check checks[] = {
        { "open /dev/fb0, a character device", opens },
        { "FBIOGET_VSCREENINFO and FBIOGET_FSCREENINFO agree: 32 bits, channels apart, line_length * yres <= smem_len", screen_info },
        { "FBIOPUT_VSCREENINFO takes the current mode and sets no other; FBIOPAN_DISPLAY to 0,0 and FBIOBLANK unblank", mode_requests },
        { "an ioctl the framebuffer does not know is ENOTTY", unknown_ioctls },
        { "mmap(MAP_SHARED) of smem_len and four squares drawn through it", maps_and_draws },
        { "pread at each square's offset, and read after lseek, give the drawn pixels back", reads_back },
        { "a pwrite shows through the mapping", writes_show_in_the_mapping },
        { "KDSETMODE KD_GRAPHICS on /dev/tty0 keeps the console's text off the framebuffer, KD_TEXT draws it again", console_mode },
        { "at the end: read 0 bytes, write ENOSPC, past it EFBIG, a write across it cut", the_end },
        { "mmap past smem_len is EINVAL; a read-only descriptor maps PROT_READ only (EACCES)", bad_mappings },
        { "a fork's child shares the mapping (MAP_SHARED): its pixel shows in the parent's", forks },
        { "munmap: the pixels stay on the screen, a touch of the old mapping is SIGSEGV", unmaps },
    };
    return tap_main(argc, argv, checks, sizeof checks / sizeof checks[0]);
}
