using Lunix.Arch.X86.Memory;

namespace Lunix.Arch.X86.Interrupts
{
    // One I/O APIC: routes global system interrupts (GSIs) to vectors on a CPU.
    public static unsafe class IoApic
    {
        private const ulong DeliverNmi = 4 << 8;

        private static byte* s_base;
        private static uint s_gsiBase;
        private static int s_entries;

        public static bool IsPresent => s_base != null;

        public static void Initialize(ulong physicalBase, uint gsiBase)
        {
            s_base = DirectMap.ToVirtual(physicalBase);
            s_gsiBase = gsiBase;
            s_entries = (int)((Read(1) >> 16) & 0xFF) + 1;
            for (int i = 0; i < s_entries; i++) WriteEntry(i, 1UL << 16);   // all masked
        }

        // Routes a GSI to a vector on the given local APIC. ISA interrupts are edge/high unless
        // the MADT's override says otherwise (activeLow, levelTriggered).
        public static void Route(uint gsi, int vector, uint apicId, bool activeLow, bool levelTriggered)
        {
            int index = (int)(gsi - s_gsiBase);
            if (index < 0 || index >= s_entries) return;
            ulong entry = (ulong)vector | ((ulong)apicId << 56);
            if (activeLow) entry |= 1 << 13;
            if (levelTriggered) entry |= 1 << 15;
            WriteEntry(index, entry);
        }

        // Routes a GSI as a non-maskable interrupt to the given local APIC (the watchdog's PIT):
        // NMI delivery carries no vector and must be edge-triggered.
        public static void RouteAsNmi(uint gsi, uint apicId, bool activeLow)
        {
            int index = (int)(gsi - s_gsiBase);
            if (index < 0 || index >= s_entries) return;
            ulong entry = DeliverNmi | ((ulong)apicId << 56);
            if (activeLow) entry |= 1 << 13;
            WriteEntry(index, entry);
        }

        // Masks or unmasks a routed GSI (a driver's line while its notification is pending).
        public static void SetMasked(uint gsi, bool masked)
        {
            int index = (int)(gsi - s_gsiBase);
            if (index < 0 || index >= s_entries) return;
            uint low = Read((uint)(0x10 + index * 2));
            Write((uint)(0x10 + index * 2), masked ? low | (1 << 16) : low & ~(1u << 16));
        }

        private static void WriteEntry(int index, ulong value)
        {
            Write((uint)(0x10 + index * 2), (uint)value);
            Write((uint)(0x10 + index * 2 + 1), (uint)(value >> 32));
        }

        private static uint Read(uint register)
        {
            System.Threading.Volatile.Write(ref *(uint*)s_base, register);
            return System.Threading.Volatile.Read(ref *(uint*)(s_base + 0x10));
        }

        private static void Write(uint register, uint value)
        {
            System.Threading.Volatile.Write(ref *(uint*)s_base, register);
            System.Threading.Volatile.Write(ref *(uint*)(s_base + 0x10), value);
        }
    }
}
