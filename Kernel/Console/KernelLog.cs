using System;
using Lunix.Abi;
using Lunix.Arch.X86;
using Lunix.Kernel.Diagnostics;
using Lunix.Kernel.Ipc;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Console
{
    // COM1 shared between the kernel and the terminal driver (MINIX's kmess, which its TTY
    // prints). The kernel writes the port itself, polled, until the driver takes it over
    // (DIAGCTL TakeSerial); from then on the driver owns the UART and its interrupts, and the
    // console's text (the kernel's lines, every service's DIAGCTL) waits here, in order, for the
    // driver to have it sent (DIAGCTL SendLog) where its own output allows: at a line's end, so
    // neither garbles the other (Drivers/Tty/SerialOutput.cs). The kernel notifies the driver
    // when text comes (at the DIAGCTL that printed it, or the next tick), and draws the text on
    // the screen as it goes out, so the screen shows what the serial line shows.
    //
    // The kernel takes the port back, sending what is left directly, when the driver ends (its
    // replacement takes it again), before the machine powers off, and for a crash report, which
    // always prints. A log that fills (a driver that stopped sending) sends its oldest bytes
    // directly: nothing is lost.
    public static class KernelLog
    {
        private const int Size = 16384;
        private static readonly byte[] s_ring = new byte[Size];
        private static ulong s_written, s_sent;
        private static int s_holder = -1;           // the driver's slot; -1: the kernel writes COM1 itself
        private static bool s_notified;             // the driver was told of text it has not asked for yet

        public static bool Held => s_holder >= 0;

        public static void Append(byte value)
        {
            if (s_written - s_sent == Size) SendDirectly(1);
            s_ring[s_written++ % Size] = value;
        }

        // DIAGCTL TakeSerial: `slot`, a driver whose privileges include COM1's ports, holds it.
        public static long Take(int slot)
        {
            if (!Serial.Present) return -(long)Errno.ENOENT;
            if (!IpcProcesses.PrivilegesOf(slot).MayUsePort(Serial.Com1, 1)) return -(long)Errno.EPERM;
            if (s_holder >= 0 && s_holder != slot && ProcessTable.Slot(s_holder).IsLive) return -(long)Errno.EBUSY;
            s_holder = slot;
            s_notified = false;
            NotifyIfPending();
            return 0;
        }

        // DIAGCTL SendLog: sends up to `into.Length` bytes of the log as the UART takes them
        // without waiting, copies them into `into` for the driver (who tracks the line they
        // leave the cursor on), and draws them on the screen. Only the holder may.
        public static long Send(int slot, Span<byte> into)
        {
            if (slot != s_holder) return -(long)Errno.EPERM;
            s_notified = false;
            int pending = (int)Math.Min((ulong)into.Length, s_written - s_sent);
            for (int i = 0; i < pending; i++) into[i] = s_ring[(s_sent + (ulong)i) % Size];
            int sent = Serial.TrySend(into.Slice(0, pending));
            s_sent += (ulong)sent;
            SystemConsole.Draw(into.Slice(0, sent));
            return sent;
        }

        // DIAGCTL LogPending: how many bytes wait (the holder's notifications also stand for its
        // interrupts and alarms, so it asks).
        public static long Pending(int slot) => slot == s_holder ? (long)(s_written - s_sent) : -(long)Errno.EPERM;

        // At a DIAGCTL's end and on every tick: a notification for the holder when text waits.
        public static void NotifyIfPending()
        {
            if (s_holder < 0 || s_notified || s_written == s_sent) return;
            s_notified = true;
            KernelMessages.NotifyFromKernel(s_holder);
        }

        // The holder ended: the kernel writes the port again, starting with what waits.
        public static void Release(int slot)
        {
            if (slot == s_holder) TakeBack();
        }

        // A crash report or power-off: everything pending goes out now, and the kernel writes
        // the port itself from here on.
        public static void TakeBack()
        {
            s_holder = -1;
            SendDirectly(s_written - s_sent);
        }

        private static void SendDirectly(ulong count)
        {
            Span<byte> one = stackalloc byte[1];
            for (ulong i = 0; i < count; i++)
            {
                if (i % Serial.FifoBytes == 0) Watchdog.Touch();     // up to 16 KiB, polled: over a second at 115200 baud
                one[0] = s_ring[s_sent++ % Size];
                Serial.Write(one[0]);
                SystemConsole.Draw(one);
            }
        }
    }
}
