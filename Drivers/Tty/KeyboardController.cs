using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Tty
{
    // The PS/2 keyboard behind the i8042 controller (data port 0x60, status and command 0x64,
    // ISA IRQ 1): scancode set 1, which the controller's translation makes of the keyboard's set
    // 2 (QEMU's, VirtualBox's and PCs' default). The firmware may leave the keyboard's interrupt
    // off (OVMF polls), so Start turns it and translation on in the controller's configuration
    // byte; bytes from a mouse on the second port are dropped.
    internal sealed class KeyboardController
    {
        public const int Irq = 1;
        private const ushort Data = 0x60, Status = 0x64, Command = 0x64;
        private const byte OutputFull = 0x01, InputFull = 0x02, FromMouse = 0x20;
        private const byte ReadConfiguration = 0x20, WriteConfiguration = 0x60;
        private const byte KeyboardInterrupt = 0x01, KeyboardClockOff = 0x10, Translation = 0x40;

        // Takes the keyboard: what the firmware left unread is dropped, the controller set up,
        // the interrupt line attached and enabled. 0 or a negated errno (EIO: no controller answers).
        public long Start()
        {
            for (int i = 0; i < 32 && Waiting(out _); i++) PortIo.In8(Data);
            if (!Send(Command, ReadConfiguration)) return -(long)Errno.EIO;
            if (!WaitOutput()) return -(long)Errno.EIO;
            long configuration = PortIo.In8(Data);
            if (configuration < 0) return configuration;
            byte wanted = (byte)((configuration | KeyboardInterrupt | Translation) & ~KeyboardClockOff);
            if (!Send(Command, WriteConfiguration) || !Send(Data, wanted)) return -(long)Errno.EIO;
            long attached = Syscalls.KernelCall(KernelCalls.IrqCtl, IrqCtlRequests.Attach, Irq);
            if (attached != 0) return attached;
            return EnableLine();
        }

        // The kernel masks the line at each interrupt until the driver has handled it.
        public long EnableLine() => Syscalls.KernelCall(KernelCalls.IrqCtl, IrqCtlRequests.Enable, Irq);

        // Whether a byte waits: one that came while the line was masked raised no interrupt
        // the driver saw (the controller's line stays high while its buffer is full, so no new
        // edge comes), so the driver asks after enabling the line.
        public bool ByteWaiting => Waiting(out _);

        // The next byte from the keyboard: false when none waits.
        public bool TryRead(out byte scancode)
        {
            scancode = 0;
            while (Waiting(out bool fromMouse))
            {
                long value = PortIo.In8(Data);
                if (value < 0) return false;
                if (fromMouse) continue;
                scancode = (byte)value;
                return true;
            }
            return false;
        }

        private static bool Waiting(out bool fromMouse)
        {
            long status = PortIo.In8(Status);
            fromMouse = status >= 0 && (status & FromMouse) != 0;
            return status >= 0 && (status & OutputFull) != 0;
        }

        // Writes a port once the controller takes input (a bounded wait: a missing controller
        // reads 0xFF, always full).
        private static bool Send(ushort port, byte value)
        {
            for (int i = 0; i < 100000; i++)
            {
                long status = PortIo.In8(Status);
                if (status < 0) return false;
                if ((status & InputFull) != 0) continue;
                return PortIo.Out8(port, value) == 0;
            }
            return false;
        }

        private static bool WaitOutput()
        {
            for (int i = 0; i < 100000; i++)
                if (Waiting(out _)) return true;
            return false;
        }
    }
}
