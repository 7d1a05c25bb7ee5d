// linux/fb.h's part the framebuffer programs use (musl-gcc sees no kernel headers), x86-64's
// layout, the console's KDSETMODE (linux/kd.h), and how the programs open /dev/fb0 (after tap.h).
#ifndef LUNIX_POSIX_FB_H
#define LUNIX_POSIX_FB_H

#include <stdint.h>

#define FBIOGET_VSCREENINFO 0x4600
#define FBIOPUT_VSCREENINFO 0x4601
#define FBIOGET_FSCREENINFO 0x4602
#define FBIOPAN_DISPLAY 0x4606
#define FBIOBLANK 0x4611
#define FB_TYPE_PACKED_PIXELS 0
#define FB_VISUAL_TRUECOLOR 2
#define FB_BLANK_UNBLANK 0
#define FB_ACTIVATE_NOW 0
#define FB_ACTIVATE_TEST 2
#define KDSETMODE 0x4B3A
#define KDGETMODE 0x4B3B
#define KD_TEXT 0
#define KD_GRAPHICS 1

struct fb_bitfield { uint32_t offset, length, msb_right; };

struct fb_var_screeninfo {
    uint32_t xres, yres, xres_virtual, yres_virtual, xoffset, yoffset, bits_per_pixel, grayscale;
    struct fb_bitfield red, green, blue, transp;
    uint32_t nonstd, activate, height, width, accel_flags, pixclock, left_margin, right_margin, upper_margin, lower_margin;
    uint32_t hsync_len, vsync_len, sync, vmode, rotate, colorspace, reserved[4];
};

struct fb_fix_screeninfo {
    char id[16];
    unsigned long smem_start;
    uint32_t smem_len, type, type_aux, visual;
    uint16_t xpanstep, ypanstep, ywrapstep;
    uint32_t line_length;
    unsigned long mmio_start;
    uint32_t mmio_len, accel;
    uint16_t capabilities, reserved[2];
};

_Static_assert(sizeof(struct fb_var_screeninfo) == 160, "Linux's fb_var_screeninfo");
_Static_assert(sizeof(struct fb_fix_screeninfo) == 80, "Linux's fb_fix_screeninfo");

// /dev/fb0 opened for reading and writing: its descriptor, or -1 with `why` saying there is no
// framebuffer here (the programs then skip every check with that reason), or -1 with `why`
// empty for an error no machine without a framebuffer gives.
static __attribute__((unused)) int fb_open(char *why, size_t size)
{
    why[0] = 0;
    int fb = open("/dev/fb0", O_RDWR);
    if (fb < 0 && (errno == ENOENT || errno == ENODEV || errno == ENXIO || errno == EACCES || errno == EPERM))
        snprintf(why, size, "no framebuffer here: open /dev/fb0: %s", strerror(errno));
    return fb;
}

#endif
