using System;

namespace Lunix.Drivers.Usb
{
    // The event ring of interrupter 0 (xHCI 1.2, 4.9.4): one segment the controller fills and
    // the driver consumes. The consumer cycle state starts at 1; an event is the driver's to
    // read when its cycle bit equals it (read first, the rest after), and passing the
    // segment's end flips it. The driver tells the controller how far it has read through
    // ERDP (DequeuePhysical). Pure over the caller's span of the segment, so the hosted tests
    // check the wrap.
    public sealed class EventRing
    {
        public readonly int Trbs;
        public readonly ulong Physical;
        public int Dequeue { get; private set; }
        public bool Cycle { get; private set; } = true;

        public EventRing(int trbs, ulong physical)
        {
            Trbs = trbs;
            Physical = physical;
        }

        public ulong DequeuePhysical => Physical + (ulong)(Dequeue * TrbLayouts.TrbBytes);

        // The next event, if the controller has written one.
        public bool Next(ReadOnlySpan<byte> memory, out Trb trb)
        {
            trb = TrbRing.Read(memory, Dequeue);
            if (trb.Cycle != Cycle) return false;
            if (++Dequeue == Trbs)
            {
                Dequeue = 0;
                Cycle = !Cycle;
            }
            return true;
        }
    }
}
