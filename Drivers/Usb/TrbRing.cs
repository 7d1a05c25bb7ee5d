using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Lunix.Drivers.Usb
{
    // A ring the driver fills and the controller consumes (xHCI 1.2, 4.9.2): the command ring,
    // or an endpoint's transfer ring. Its last TRB is a Link back to the start with Toggle
    // Cycle set. The producer cycle state starts at 1 over zeroed memory, so every TRB not yet
    // written carries the other cycle and stops the controller; each TRB is written with the
    // producer's cycle, its control word last in one 32-bit store so the controller never sees
    // a half-written TRB as its own; reaching the Link hands it over too (chained when a TD goes
    // on past it) and flips the producer's cycle. Pure over the caller's span of the ring's
    // memory, so the hosted tests check the wrap.
    public sealed class TrbRing
    {
        public readonly int Trbs;
        public readonly ulong Physical;
        public int Enqueue { get; private set; }
        public bool Cycle { get; private set; } = true;

        public TrbRing(int trbs, ulong physical)
        {
            Trbs = trbs;
            Physical = physical;
        }

        // The ring's memory zeroed, with its Link in place (not yet the controller's: cycle 0).
        public void Initialize(Span<byte> memory)
        {
            memory.Slice(0, Trbs * TrbLayouts.TrbBytes).Clear();
            Write(memory, Trbs - 1, TrbLayouts.LinkTrb(Physical, false), false);
            Enqueue = 0;
            Cycle = true;
        }

        // Where the next TRB goes: what Set TR Dequeue Pointer gives to skip what was queued.
        public ulong EnqueuePhysical => Physical + (ulong)(Enqueue * TrbLayouts.TrbBytes);

        // The TRBs that fit before the producer would catch up with a TD it queued: one lap
        // less the Link (the driver queues one TD at a time and waits for it).
        public int Room => Trbs - 1;

        // `trb` written at the enqueue place with the producer's cycle: its index.
        public int Push(Span<byte> memory, Trb trb)
        {
            int at = Enqueue;
            Write(memory, at, trb, Cycle);
            if (++Enqueue == Trbs - 1)
            {
                Write(memory, Enqueue, TrbLayouts.LinkTrb(Physical, (trb.Control & TrbLayouts.Chain) != 0), Cycle);
                Cycle = !Cycle;
                Enqueue = 0;
            }
            return at;
        }

        public ulong PhysicalOf(int index) => Physical + (ulong)(index * TrbLayouts.TrbBytes);

        // The index of the TRB at `physical`, or -1 when it is not one of this ring's.
        public int IndexOf(ulong physical)
        {
            if (physical < Physical || physical >= Physical + (ulong)(Trbs * TrbLayouts.TrbBytes) || (physical & 15) != 0) return -1;
            return (int)((physical - Physical) / TrbLayouts.TrbBytes);
        }

        // Whether `index` lies in the TD from `first` to `last` (in ring order, maybe wrapped).
        public static bool Within(int first, int last, int index) =>
            first <= last ? index >= first && index <= last : index >= first || index <= last;

        private static void Write(Span<byte> memory, int index, Trb trb, bool cycle)
        {
            Span<byte> at = memory.Slice(index * TrbLayouts.TrbBytes, TrbLayouts.TrbBytes);
            QueueLayouts.WriteU32(at, 0, (uint)trb.Parameter);
            QueueLayouts.WriteU32(at, 4, (uint)(trb.Parameter >> 32));
            QueueLayouts.WriteU32(at, 8, trb.Status);
            uint control = (trb.Control & ~TrbLayouts.CycleBit) | (cycle ? TrbLayouts.CycleBit : 0);
            Volatile.Write(ref Unsafe.As<byte, uint>(ref at[12]), control);
        }

        // The TRB at `index` as written (the hosted tests read rings back).
        public static Trb Read(ReadOnlySpan<byte> memory, int index)
        {
            ReadOnlySpan<byte> at = memory.Slice(index * TrbLayouts.TrbBytes, TrbLayouts.TrbBytes);
            uint control = Volatile.Read(ref Unsafe.As<byte, uint>(ref Unsafe.AsRef(in at[12])));
            return new Trb(QueueLayouts.ReadU32(at, 0) | (ulong)QueueLayouts.ReadU32(at, 4) << 32, QueueLayouts.ReadU32(at, 8), control);
        }
    }
}
