using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Tty
{
    // The Bochs display interface (DISPI: QEMU's standard VGA, Bochs, VirtualBox's VGA), whose
    // mode a driver sets through two I/O ports, an index and a data register, as Linux's bochs
    // driver and OVMF's QemuVideoDxe do. It is used only when it is what the firmware left on
    // the screen: the PCI display function whose pixel memory (a memory BAR) holds the boot
    // framebuffer, reserved through the PCI server (which adds the whole memory to the driver's
    // privileges), and DISPI on with its linear framebuffer at 32 bits a pixel. Elsewhere (a
    // GOP of another adapter) the firmware's mode is the only one.
    internal sealed class BochsDisplay
    {
        private const ushort IndexPort = 0x1CE, DataPort = 0x1CF;
        private const ushort IdRegister = 0, XResRegister = 1, YResRegister = 2, DepthRegister = 3, EnableRegister = 4,
                             BankRegister = 5, VirtualWidthRegister = 6, VirtualHeightRegister = 7, XOffsetRegister = 8, YOffsetRegister = 9;
        private const ushort Enabled = 0x01, GetCapabilities = 0x02, LinearFramebuffer = 0x40;
        private const ushort FirstId = 0xB0C2, LastId = 0xB0CF;      // 0xB0C2 brought 32-bit pixels and the linear framebuffer
        private const int DisplayClass = 0x030000, ClassMask = 0xFFFF00;
        private const int RegistersSet = 10, Bars = 6;

        public FramebufferLimits Limits { get; private set; }

        private BochsDisplay() { }

        // The adapter behind the boot framebuffer at `physical`, with its limits and the mode it
        // is in now (which a restarted driver finds as the last one left it). ENODEV where the
        // framebuffer is not a DISPI adapter's, or the negated errno of a failed call.
        public static long Open(ulong physical, out BochsDisplay display, out FramebufferMode mode)
        {
            display = null;
            mode = default;
            long found = FindAdapter(physical, out ulong memoryBytes);
            if (found != 0) return found;
            long id = Read(IdRegister);
            if (id < 0) return id;
            if (id < FirstId || id > LastId) return -(long)LinuxErrno.ENODEV;
            long enable = Read(EnableRegister);
            if (enable < 0) return enable;
            if ((enable & (Enabled | LinearFramebuffer)) != (Enabled | LinearFramebuffer) || Read(DepthRegister) != FramebufferMode.BytesPerPixel * 8)
                return -(long)LinuxErrno.ENODEV;
            // The largest mode: read while GETCAPS is set (writing ENABLE with ENABLED kept set
            // changes nothing on the screen), then cleared again.
            Write(EnableRegister, (ushort)(enable | GetCapabilities));
            long maxWidth = Read(XResRegister), maxHeight = Read(YResRegister);
            Write(EnableRegister, (ushort)enable);
            if (maxWidth <= 0 || maxHeight <= 0) return -(long)LinuxErrno.EIO;
            display = new BochsDisplay
            {
                Limits = new FramebufferLimits { Changeable = true, MaxWidth = (uint)maxWidth, MaxHeight = (uint)maxHeight, MemoryBytes = memoryBytes },
            };
            return display.ReadMode(out mode);
        }

        // The PCI display function one of whose memory BARs holds `physical` (QEMU's standard VGA
        // and VirtualBox's VGA have their pixel memory at BAR 0, VirtualBox's VMSVGA at BAR 1),
        // reserved: the bytes from `physical` to that BAR's end, or ENODEV.
        private static long FindAdapter(ulong physical, out ulong memoryBytes)
        {
            memoryBytes = 0;
            for (int index = 0; ; index++)
            {
                var find = new PciFind { Index = index, Vendor = PciRequests.AnyId, Device = PciRequests.AnyId, Class = DisplayClass, ClassMask = ClassMask };
                long found = PciCalls.Find(in find, out PciReply adapter);
                if (found != 0) return found;
                for (int bar = 0; bar < Bars; bar++)
                {
                    if (PciCalls.Bar(adapter.Address, bar, out PciReply memory) != 0 || (memory.BarFlags & PciBarFlags.Io) != 0
                        || physical < memory.Base || physical - memory.Base >= memory.Size)
                        continue;
                    long reserved = PciCalls.Reserve(adapter.Address, out _);
                    if (reserved != 0) return reserved;
                    memoryBytes = memory.Base + memory.Size - physical;
                    return 0;
                }
            }
        }

        // The mode the adapter shows now (its virtual height is all the memory holds at its width,
        // which is what DISPI answers).
        public long ReadMode(out FramebufferMode mode)
        {
            mode = default;
            long width = Read(XResRegister), height = Read(YResRegister), virtualWidth = Read(VirtualWidthRegister);
            long virtualHeight = Read(VirtualHeightRegister), xOffset = Read(XOffsetRegister), yOffset = Read(YOffsetRegister);
            if (width < 0 || height < 0 || virtualWidth < 0 || virtualHeight < 0 || xOffset < 0 || yOffset < 0) return -(long)LinuxErrno.EIO;
            mode = new FramebufferMode
            {
                Width = (uint)width, Height = (uint)height, VirtualWidth = (uint)virtualWidth, VirtualHeight = (uint)virtualHeight,
                XOffset = (uint)xOffset, YOffset = (uint)yOffset, Pitch = (uint)virtualWidth * FramebufferMode.BytesPerPixel,
            };
            return 0;
        }

        // A mode FramebufferModes.Fit allowed, set in one VDEVIO (off, the registers, on again:
        // the memory is cleared), and read back as the adapter took it: EIO when it did not take
        // the resolution or the line length asked.
        public long SetMode(in FramebufferMode asked, out FramebufferMode mode)
        {
            Span<uint> pairs = stackalloc uint[RegistersSet * 4];
            int at = 0;
            Put(pairs, ref at, EnableRegister, 0);
            Put(pairs, ref at, DepthRegister, FramebufferMode.BytesPerPixel * 8);
            Put(pairs, ref at, XResRegister, asked.Width);
            Put(pairs, ref at, YResRegister, asked.Height);
            Put(pairs, ref at, BankRegister, 0);
            Put(pairs, ref at, VirtualWidthRegister, asked.VirtualWidth);
            Put(pairs, ref at, VirtualHeightRegister, asked.VirtualHeight);
            Put(pairs, ref at, XOffsetRegister, asked.XOffset);
            Put(pairs, ref at, YOffsetRegister, asked.YOffset);
            Put(pairs, ref at, EnableRegister, Enabled | LinearFramebuffer);
            long written = PortIo.Vector(pairs, DevIo.OutWord);
            if (written < 0)
            {
                mode = default;
                return written;
            }
            long read = ReadMode(out mode);
            if (read != 0) return read;
            return mode.Width == asked.Width && mode.Height == asked.Height && mode.Pitch == asked.Pitch ? 0 : -(long)LinuxErrno.EIO;
        }

        // FBIOPAN_DISPLAY: the visible part's place in the virtual screen.
        public long Pan(uint xOffset, uint yOffset)
        {
            Span<uint> pairs = stackalloc uint[8];
            int at = 0;
            Put(pairs, ref at, XOffsetRegister, xOffset);
            Put(pairs, ref at, YOffsetRegister, yOffset);
            long written = PortIo.Vector(pairs, DevIo.OutWord);
            return written < 0 ? written : 0;
        }

        private static void Put(Span<uint> pairs, ref int at, ushort register, uint value)
        {
            pairs[at++] = IndexPort;
            pairs[at++] = register;
            pairs[at++] = DataPort;
            pairs[at++] = value;
        }

        private static long Read(ushort register)
        {
            long selected = PortIo.Out16(IndexPort, register);
            return selected < 0 ? selected : PortIo.In16(DataPort);
        }

        private static void Write(ushort register, ushort value)
        {
            if (PortIo.Out16(IndexPort, register) == 0) PortIo.Out16(DataPort, value);
        }
    }
}
