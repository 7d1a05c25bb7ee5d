using System;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Usb
{
    // What the device layers (UsbEnumeration, BulkOnlyStick, UsbStorageDevice) ask of a host
    // controller, whichever kind it is (EHCI: EhciHost; xHCI: XhciHost): its root ports, a
    // device on a port brought to its address, control transfers on a device's endpoint 0, its
    // bulk endpoints opened, bulk transfers, and a halted endpoint cleared. A device is named by
    // the handle AttachPort gave (the controller's own: a queue head, a slot). Results are 0 (or
    // bytes moved) or a negated errno; EPIPE is an endpoint's STALL.
    internal abstract class UsbHostController
    {
        // The root hub's ports, numbered 0..Ports-1.
        public abstract int Ports { get; }

        // "EHCI" or "xHCI", for the driver's lines.
        public abstract string Kind { get; }

        // The device on `port` reset and given its address: 0 with its handle; ENODEV for an
        // empty port (not reported), another errno for a device this controller cannot serve
        // (reported by the controller, which knows why).
        public abstract int AttachPort(int port, out int device);

        // A device that is of no use (not a stick) given up: its controller resources freed.
        public abstract void Release(int device);

        // Where a control transfer's data stage is read or written (ControlDataBytes at most).
        public abstract Span<byte> ControlData { get; }

        public const int ControlDataBytes = 1024;

        // A control transfer on the device's endpoint 0: the request in `setup`, its data
        // (setup's wLength bytes) to or from ControlData; the data bytes moved.
        public abstract int Control(int device, ReadOnlySpan<byte> setup, ulong timeout);

        // The device's bulk IN and OUT endpoints (Number, MaxPacket, In filled) made ready for
        // transfers, before SET_CONFIGURATION selects them (an xHCI controller must have them
        // configured first, USB 3.2 9.4.7 and xHCI 4.6.6).
        public abstract int OpenBulk(int device, ref UsbEndpoint bulkIn, ref UsbEndpoint bulkOut);

        // A bulk transfer of `length` bytes to or from `data` (physically contiguous) on
        // `endpoint`: the bytes moved (an IN transfer may end short).
        public abstract int Bulk(ref UsbEndpoint endpoint, DmaRegion data, int length, ulong timeout);

        // The controller's side of clearing an endpoint's halt: what it keeps of the endpoint
        // (data toggle, sequence number, queue position) back at its start.
        protected abstract int ResetEndpoint(ref UsbEndpoint endpoint);

        // Sleeps `ticks`, acknowledging the controllers' interrupts meanwhile.
        public abstract void Delay(ulong ticks);

        // CLEAR_FEATURE(ENDPOINT_HALT) (USB 2.0 9.4.5), the device's toggle back at DATA0, and the
        // controller's side of the endpoint reset to match: 0, or the failure.
        public int ClearHalt(int device, ref UsbEndpoint endpoint, ulong timeout)
        {
            int reset = ResetEndpoint(ref endpoint);
            if (reset < 0) return reset;
            Span<byte> setup = stackalloc byte[UsbRequests.SetupBytes];
            UsbRequests.ClearHaltRequest(setup, endpoint.Number | (endpoint.In ? 0x80 : 0));
            int cleared = Control(device, setup, timeout);
            return cleared < 0 ? cleared : 0;
        }
    }
}
