// /dev/fb0's mode changed by a program, as on a Linux whose fbdev driver can program the
// adapter (bochsfb, vesafb with a VBE that pans): FBIOPUT_VSCREENINFO with FB_ACTIVATE_TEST
// answers without setting; a new resolution is set and answered, FBIOGET and line_length follow
// it, smem_len does not move; widths are rounded up, impossible modes refused with EINVAL and
// nothing changed; the consoles are resized to the new mode and the foreground group of each
// gets SIGWINCH; a virtual screen twice the height is panned with FBIOPAN_DISPLAY. The program
// leaves the screen at 800x600 with a line of text on the console shown (/dev/tty1) and a
// square drawn below it: the boot test (FramebufferTests) finds both in QEMU's screendump.
// Where there is no framebuffer (the host, usually) or its mode cannot change (no panning steps
// in FBIOGET_FSCREENINFO, Linux's efifb), every case is skipped with the reason.
#include "tap.h"
#include "fb.h"
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <termios.h>


// What the program leaves on the screen (the boot test knows the same numbers and words).
#define LEFT_WIDTH 800
#define LEFT_HEIGHT 600
#define SQUARE_X 400
#define SQUARE_Y 300
#define SQUARE_SIDE 64
#define LEFT_TEXT "fb_mode left the screen at 800x600"

static int fb = -1;
static const char *absent;              // why the checks cannot run here
static struct fb_var_screeninfo boot;   // the mode at the start
static struct fb_fix_screeninfo fix;

static const char *opens(void)
{
    static char why[96];
    fb = fb_open(why, sizeof why);
    if (why[0]) {
        absent = why;
        return tap_skip("%s", absent);
    }
    CHECK(fb >= 0);
    CHECK(ioctl(fb, FBIOGET_VSCREENINFO, &boot) == 0);
    CHECK(ioctl(fb, FBIOGET_FSCREENINFO, &fix) == 0);
    if (boot.bits_per_pixel != 32 || (fix.xpanstep == 0 && fix.ypanstep == 0)) {
        snprintf(why, sizeof why, "the framebuffer's mode cannot change here (%u bits, no panning)", boot.bits_per_pixel);
        absent = why;
        return tap_skip("%s", absent);
    }
    return NULL;
}

#define NEEDS_CHANGEABLE() do { if (absent) return tap_skip("%s", absent); } while (0)

static struct fb_var_screeninfo asking(uint32_t xres, uint32_t yres)
{
    struct fb_var_screeninfo var = boot;
    var.xres = var.xres_virtual = xres;
    var.yres = var.yres_virtual = yres;
    var.xoffset = var.yoffset = 0;
    var.activate = FB_ACTIVATE_NOW;
    return var;
}

static const char *tests_without_setting(void)
{
    NEEDS_CHANGEABLE();
    struct fb_var_screeninfo var = asking(640, 480);
    var.activate = FB_ACTIVATE_TEST;
    CHECK(ioctl(fb, FBIOPUT_VSCREENINFO, &var) == 0);
    CHECK(var.xres == 640 && var.yres == 480 && var.xres_virtual >= 640 && var.yres_virtual >= 480 && var.bits_per_pixel == 32);
    CHECK(var.activate == FB_ACTIVATE_TEST);
    struct fb_var_screeninfo now;
    CHECK(ioctl(fb, FBIOGET_VSCREENINFO, &now) == 0 && now.xres == boot.xres && now.yres == boot.yres);
    return NULL;
}

// The screen's size in characters on a console.
static int console_size(const char *path, struct winsize *size)
{
    int tty = open(path, O_RDONLY | O_NOCTTY);
    if (tty < 0) return -1;
    int got = ioctl(tty, TIOCGWINSZ, size);
    close(tty);
    return got;
}

static const char *sets_a_mode(void)
{
    NEEDS_CHANGEABLE();
    struct winsize before, after;
    CHECK(console_size("/dev/tty1", &before) == 0 && before.ws_col > 0);
    unsigned cell = boot.xres / before.ws_col;
    struct fb_var_screeninfo var = asking(640, 480);
    CHECK(ioctl(fb, FBIOPUT_VSCREENINFO, &var) == 0);
    CHECK(var.xres == 640 && var.yres == 480 && var.xres_virtual >= 640 && var.yres_virtual >= 480);
    struct fb_var_screeninfo now;
    struct fb_fix_screeninfo fixed;
    CHECK(ioctl(fb, FBIOGET_VSCREENINFO, &now) == 0 && now.xres == 640 && now.yres == 480 && now.bits_per_pixel == 32);
    CHECK(ioctl(fb, FBIOGET_FSCREENINFO, &fixed) == 0);
    CHECK(fixed.line_length == now.xres_virtual * 4);
    CHECK(fixed.smem_len == fix.smem_len && fixed.smem_start == fix.smem_start);
    CHECK(console_size("/dev/tty1", &after) == 0);
    if (after.ws_col != 640 / cell) return tap_fail("/dev/tty1 has %u columns at 640 pixels, cells %u wide", after.ws_col, cell);
    CHECK(after.ws_row < before.ws_row || boot.yres <= 480);
    CHECK(console_size("/dev/tty4", &after) == 0 && after.ws_col == 640 / cell);
    return NULL;
}

static const char *rounds_widths_up(void)
{
    NEEDS_CHANGEABLE();
    struct fb_var_screeninfo var = asking(801, 600);
    var.activate = FB_ACTIVATE_TEST;
    CHECK(ioctl(fb, FBIOPUT_VSCREENINFO, &var) == 0);
    CHECK(var.xres % 8 == 0 && var.xres >= 801 && var.xres < 801 + 8 && var.yres == 600);
    return NULL;
}

static const char *refuses_what_cannot_be(void)
{
    NEEDS_CHANGEABLE();
    struct fb_var_screeninfo var = asking(800, 600);
    var.bits_per_pixel = 13;
    CHECK_ERRNO(ioctl(fb, FBIOPUT_VSCREENINFO, &var), EINVAL);
    var = asking(100000, 600);
    CHECK_ERRNO(ioctl(fb, FBIOPUT_VSCREENINFO, &var), EINVAL);
    var = asking(0, 0);
    CHECK_ERRNO(ioctl(fb, FBIOPUT_VSCREENINFO, &var), EINVAL);
    // A virtual screen larger than the memory.
    var = asking(1024, 768);
    var.yres_virtual = fix.smem_len / (1024 * 4) + 1;
    CHECK_ERRNO(ioctl(fb, FBIOPUT_VSCREENINFO, &var), EINVAL);
    // The visible part outside the virtual screen.
    var = asking(800, 600);
    var.yoffset = 1;
    CHECK_ERRNO(ioctl(fb, FBIOPUT_VSCREENINFO, &var), EINVAL);
    struct fb_var_screeninfo now;
    CHECK(ioctl(fb, FBIOGET_VSCREENINFO, &now) == 0 && now.xres == 640 && now.yres == 480);
    return NULL;
}

static volatile sig_atomic_t winched;

static void on_winch(int signal) { (void)signal; winched = 1; }

// A child leads a session whose terminal is /dev/tty2 (its foreground group): the mode
// changes while it waits, and SIGWINCH comes with the new size.
static const char *resizes_send_sigwinch(void)
{
    NEEDS_CHANGEABLE();
    int ready[2];
    CHECK(pipe(ready) == 0);
    pid_t child = tap_fork();
    CHECK(child >= 0);
    if (child == 0) {
        close(ready[0]);
        signal(SIGWINCH, on_winch);
        sigset_t blocked, old;
        sigemptyset(&blocked);
        sigaddset(&blocked, SIGWINCH);
        sigprocmask(SIG_BLOCK, &blocked, &old);
        if (setsid() < 0) _exit(10);
        int tty = open("/dev/tty2", O_RDWR);
        if (tty < 0) _exit(11);
        if (ioctl(tty, TIOCSCTTY, 0) < 0 && errno != EPERM) _exit(12);
        if (tcgetpgrp(tty) != getpid()) _exit(13);
        struct winsize before, after;
        if (ioctl(tty, TIOCGWINSZ, &before) < 0) _exit(14);
        if (write(ready[1], "r", 1) != 1) _exit(15);
        alarm(10);
        while (!winched) sigsuspend(&old);
        if (ioctl(tty, TIOCGWINSZ, &after) < 0) _exit(16);
        _exit(after.ws_col > before.ws_col && after.ws_row > before.ws_row ? 0 : 17);
    }
    close(ready[1]);
    char byte;
    CHECK(read(ready[0], &byte, 1) == 1);
    close(ready[0]);
    struct fb_var_screeninfo var = asking(LEFT_WIDTH, LEFT_HEIGHT);
    CHECK(ioctl(fb, FBIOPUT_VSCREENINFO, &var) == 0 && var.xres == LEFT_WIDTH);
    int status = tap_wait(child);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return tap_fail("the child on /dev/tty2: %s %d", WIFEXITED(status) ? "exit" : "signal", WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    return NULL;
}

static uint32_t pixel_at(const struct fb_fix_screeninfo *fixed, unsigned x, unsigned y)
{
    uint32_t value = 0;
    return pread(fb, &value, sizeof value, (off_t)y * fixed->line_length + x * 4) == sizeof value ? value : 0xDEADBEEF;
}

static const char *pans(void)
{
    NEEDS_CHANGEABLE();
    struct fb_var_screeninfo var = asking(LEFT_WIDTH, LEFT_HEIGHT);
    var.yres_virtual = 2 * LEFT_HEIGHT;
    CHECK(ioctl(fb, FBIOPUT_VSCREENINFO, &var) == 0);
    CHECK(var.xres == LEFT_WIDTH && var.yres == LEFT_HEIGHT && var.yres_virtual >= 2 * LEFT_HEIGHT);
    struct fb_fix_screeninfo fixed;
    CHECK(ioctl(fb, FBIOGET_FSCREENINFO, &fixed) == 0 && fixed.ypanstep > 0);
    // A pixel in the second half, then the visible part moved there and back, with the console
    // shown off the screen (KD_GRAPHICS), as a program that draws there has it: otherwise the
    // console's text is drawn on whatever part is visible.
    int console = open("/dev/tty0", O_WRONLY | O_NOCTTY);
    CHECK(console >= 0 && ioctl(console, KDSETMODE, KD_GRAPHICS) == 0);
    uint32_t mark = 0x00ABCDEF;
    CHECK(pwrite(fb, &mark, sizeof mark, (off_t)(LEFT_HEIGHT + 5) * fixed.line_length + 5 * 4) == sizeof mark);
    struct fb_var_screeninfo pan = var;
    pan.yoffset = LEFT_HEIGHT;
    CHECK(ioctl(fb, FBIOPAN_DISPLAY, &pan) == 0);
    struct fb_var_screeninfo now;
    CHECK(ioctl(fb, FBIOGET_VSCREENINFO, &now) == 0 && now.yoffset == LEFT_HEIGHT && now.xoffset == 0);
    CHECK(pixel_at(&fixed, 5, LEFT_HEIGHT + 5) == mark);
    pan.yoffset = var.yres_virtual - LEFT_HEIGHT + 1;
    CHECK_ERRNO(ioctl(fb, FBIOPAN_DISPLAY, &pan), EINVAL);
    pan.yoffset = 0;
    CHECK(ioctl(fb, FBIOPAN_DISPLAY, &pan) == 0);
    CHECK(ioctl(fb, FBIOGET_VSCREENINFO, &now) == 0 && now.yoffset == 0);
    CHECK(ioctl(console, KDSETMODE, KD_TEXT) == 0);
    close(console);
    return NULL;
}

// The console shown says so in its text, drawn at the new size, and a white square is drawn
// through a mapping below it, at the new line length.
static const char *leaves_text_and_a_square(void)
{
    NEEDS_CHANGEABLE();
    struct fb_var_screeninfo now;
    struct fb_fix_screeninfo fixed;
    CHECK(ioctl(fb, FBIOGET_VSCREENINFO, &now) == 0 && now.xres == LEFT_WIDTH && now.yres == LEFT_HEIGHT);
    CHECK(ioctl(fb, FBIOGET_FSCREENINFO, &fixed) == 0);
    int tty = open("/dev/tty1", O_WRONLY | O_NOCTTY);
    CHECK(tty >= 0);
    static const char text[] = "\033[2J\033[H" LEFT_TEXT "\r\n";
    CHECK(write(tty, text, sizeof text - 1) == (ssize_t)(sizeof text - 1));
    close(tty);
    uint8_t *pixels = mmap(NULL, fixed.smem_len, PROT_READ | PROT_WRITE, MAP_SHARED, fb, 0);
    CHECK(pixels != MAP_FAILED);
    for (unsigned y = SQUARE_Y; y < SQUARE_Y + SQUARE_SIDE; y++)
        for (unsigned x = SQUARE_X; x < SQUARE_X + SQUARE_SIDE; x++)
            *(volatile uint32_t *)(pixels + (size_t)y * fixed.line_length + x * 4) = 0xFFFFFFFF;
    CHECK(munmap(pixels, fixed.smem_len) == 0);
    CHECK(pixel_at(&fixed, SQUARE_X + 1, SQUARE_Y + 1) == 0xFFFFFFFF);
    return NULL;
}

int main(int argc, char **argv)
{
    static const struct tap_check checks[] = {
        { "open /dev/fb0, a 32-bit framebuffer whose mode can change (it pans)", opens },
        { "FBIOPUT_VSCREENINFO with FB_ACTIVATE_TEST answers 640x480 and sets nothing", tests_without_setting },
        { "640x480 set: FBIOGET and line_length follow, smem_len stays, every console has the new columns", sets_a_mode },
        { "a width of 801 is rounded up to a multiple of 8", rounds_widths_up },
        { "13 bits, 100000 wide, 0x0, more than the memory, offsets outside: EINVAL, the mode unchanged", refuses_what_cannot_be },
        { "a new mode is SIGWINCH for a console's foreground group, which sees the new size", resizes_send_sigwinch },
        { "a virtual screen twice the height, panned there and back; outside it EINVAL", pans },
        { "text on the console shown and a square drawn through mmap at 800x600", leaves_text_and_a_square },
    };
    return tap_main(argc, argv, checks, sizeof checks / sizeof checks[0]);
}
