using System;
using System.Runtime.InteropServices;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;
using static Lunix.Servers.Vfs.Errors;

namespace Lunix.Servers.Vfs
{
    // /dev/fb0 (Linux's 29:0): the boot framebuffer, served by the terminal driver, which owns
    // the screen (docs/consoles.md), as its minor TerminalMinors.Framebuffer through Terminals'
    // asynchronous protocol. A framebuffer is seekable: read and write address its pixel memory
    // at the file's position (the driver answers as Linux's fb_read and fb_write), which moves by
    // what was transferred. It is there only when the kernel describes a pixel (RGB, 32-bit)
    // screen and the driver runs: otherwise opening it is ENODEV, as on a Linux without one.
    // An mmap (VM's MapDevice) is answered here: the pixels' physical address, within the memory
    // the driver published in DS (FramebufferMemory: all the adapter's memory where the driver
    // can change the mode, else the boot screen's), and the driver as the authority on which the
    // kernel maps them (its privileges cover that memory).
    public static class Framebuffers
    {
        private const ulong PageSize = 4096;
        private static FramebufferInfo s_screen;
        private static bool s_asked;
        private static FramebufferMemory s_memory;      // Bytes 0 until the driver's record is read

        public static bool Is(uint major, uint minor) => major == LinuxFramebuffer.Major && minor == 0;

        // The kernel's description of the boot screen, asked once (it does not change).
        private static ref readonly FramebufferInfo Screen()
        {
            if (!s_asked && Kernel.Framebuffer(out s_screen) == 0) s_asked = true;
            return ref s_screen;
        }

        private static bool Present() =>
            Screen().Format == FramebufferFormat.Rgb && Screen().BitsPerPixel == 32 && Terminals.Driver() != Endpoint.None;

        public static long Open() => Present() ? 0 : -ENODEV;

        // read or write at `position`; `file` is the description whose position moves by what
        // was transferred (-1: pread, pwrite).
        public static long Transfer(int record, ulong buffer, ulong count, bool write, int flags, long position, int file) =>
            !Present() ? -ENODEV
            : Terminals.Transfer(record, TerminalMinors.Framebuffer, buffer, count, write, flags, (ulong)position, file);

        public static long Ioctl(int record, uint command, ulong argument) =>
            !Present() ? -ENODEV : Terminals.Ioctl(record, TerminalMinors.Framebuffer, command, argument);

        // VM's MapDevice: the physical address of the request's Offset in the pixel memory, whose
        // whole pages may be mapped (Linux's fb_mmap: EINVAL past smem_len, rounded up to its
        // page); `owner` the driver. The descriptor must be open for reading, and for writing too
        // when the mapping is writable (EACCES).
        public static long MapDevice(in VfsMapDevice request, out int owner)
        {
            owner = Endpoint.None;
            int record = Processes.Find(request.Process);
            if (record < 0) return -EBADF;
            int file = Descriptors.FileOf(record, request.Descriptor);
            if (file < 0) return -EBADF;
            ref Vnode vnode = ref Vnodes.At(OpenFiles.At(file).Vnode);
            if (!FileModes.IsCharDevice(vnode.Mode) || !Is(DeviceNumbers.Major(vnode.SpecialDevice), DeviceNumbers.Minor(vnode.SpecialDevice)))
                return -ENODEV;
            if (!OpenFiles.IsReadable(file) || request.Writable != 0 && !OpenFiles.IsWritable(file)) return -EACCES;
            if (!Present()) return -ENODEV;
            long known = Memory(out FramebufferMemory memory);
            if (known != 0) return known;
            ulong pages = (memory.Bytes + PageSize - 1) & ~(PageSize - 1);
            if ((memory.Physical & (PageSize - 1)) != 0 || request.Offset > pages || request.Length > pages - request.Offset) return -EINVAL;
            owner = Terminals.Driver();
            return (long)(memory.Physical + request.Offset);
        }

        // The driver's record of the pixel memory, read from DS once (it does not change: a
        // restarted driver publishes the same); ENODEV while there is none.
        private static long Memory(out FramebufferMemory memory)
        {
            if (s_memory.Bytes == 0)
            {
                Span<byte> bytes = stackalloc byte[FramebufferMemory.Size];
                if (DataStore.RetrieveMemory(FramebufferMemory.Key, bytes, out int length) == 0 && length == FramebufferMemory.Size)
                    s_memory = MemoryMarshal.Read<FramebufferMemory>(bytes);
            }
            memory = s_memory;
            return memory.Bytes == 0 ? -ENODEV : 0;
        }
    }
}
