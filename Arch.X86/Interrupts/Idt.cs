using System.Runtime.InteropServices;

namespace Lunix.Arch.X86.Interrupts
{
    // The interrupt descriptor table: all 256 vectors point at the stubs generated in Boot/traps.S.
    public static unsafe class Idt
    {
        [StructLayout(LayoutKind.Sequential)]
        private struct Gate
        {
            public ushort OffsetLow;
            public ushort Selector;
            public byte Ist;
            public byte TypeAttributes;
            public ushort OffsetMiddle;
            public uint OffsetHigh;
            public uint Reserved;
        }

        [StructLayout(LayoutKind.Sequential, Pack = 2)]
        private struct DescriptorPointer
        {
            public ushort Limit;
            public ulong Base;
        }

        private const byte InterruptGate = 0x8E;        // present, ring 0, 64-bit interrupt gate

        private static readonly Gate[] s_gates = new Gate[256];

        public static void Install()
        {
            ulong* stubs = Cpu.TrapStubTable();
            for (int vector = 0; vector < 256; vector++)
            {
                ulong handler = stubs[vector];
                s_gates[vector] = new Gate
                {
                    OffsetLow = (ushort)handler,
                    Selector = Gdt.KernelCode,
                    Ist = (byte)StackFor(vector),
                    TypeAttributes = InterruptGate,
                    OffsetMiddle = (ushort)(handler >> 16),
                    OffsetHigh = (uint)(handler >> 32),
                };
            }
            Load();
        }

        // The one table every processor uses: loaded by each.
        public static void Load()
        {
            fixed (Gate* gates = s_gates)
            {
                var pointer = new DescriptorPointer { Limit = (ushort)(256 * sizeof(Gate) - 1), Base = (ulong)gates };
                Cpu.LoadIdt(&pointer);
            }
        }

        private static int StackFor(int vector) => vector switch
        {
            Vectors.DoubleFault => Gdt.DoubleFaultStack,
            Vectors.Nmi => Gdt.NmiStack,
            Vectors.MachineCheck => Gdt.MachineCheckStack,
            _ => 0,
        };
    }
}
