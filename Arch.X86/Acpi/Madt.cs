using System;
using System.Buffers.Binary;

namespace Lunix.Arch.X86.Acpi
{
    // The MADT ("APIC" table): where the local APIC and the I/O APICs are, and how ISA IRQs map
    // onto global system interrupts.
    public struct Madt
    {
        public ulong LocalApicAddress;
        public ulong IoApicAddress;
        public uint IoApicGsiBase;
        public int ProcessorCount;
        public bool HasLegacyPics;
        private byte[] _apicIds;                // of the enabled processors, up to CpuLocal.MaxCpus
        private IsaOverride[] _overrides;
        private int _overrideCount;

        public struct IsaOverride
        {
            public byte Irq;
            public uint Gsi;
            public bool ActiveLow;
            public bool LevelTriggered;
        }

        public static bool TryParse(ReadOnlySpan<byte> table, out Madt madt)
        {
            madt = default;
            if (table.Length < 44) return false;
            madt.LocalApicAddress = BinaryPrimitives.ReadUInt32LittleEndian(table.Slice(36));
            madt.HasLegacyPics = (BinaryPrimitives.ReadUInt32LittleEndian(table.Slice(40)) & 1) != 0;
            madt._overrides = new IsaOverride[16];
            madt._apicIds = new byte[CpuLocal.MaxCpus];
            for (int offset = 44; offset + 2 <= table.Length;)
            {
                byte type = table[offset];
                byte length = table[offset + 1];
                if (length < 2 || offset + length > table.Length) return false;
                ReadOnlySpan<byte> entry = table.Slice(offset, length);
                switch (type)
                {
                    case 0 when length >= 8 && (BinaryPrimitives.ReadUInt32LittleEndian(entry.Slice(4)) & 1) != 0:
                        if (madt.ProcessorCount < madt._apicIds.Length) madt._apicIds[madt.ProcessorCount] = entry[3];
                        madt.ProcessorCount++;
                        break;
                    case 1 when length >= 12 && madt.IoApicAddress == 0:
                        madt.IoApicAddress = BinaryPrimitives.ReadUInt32LittleEndian(entry.Slice(4));
                        madt.IoApicGsiBase = BinaryPrimitives.ReadUInt32LittleEndian(entry.Slice(8));
                        break;
                    case 2 when length >= 10 && madt._overrideCount < madt._overrides.Length:
                        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(entry.Slice(8));
                        madt._overrides[madt._overrideCount++] = new IsaOverride
                        {
                            Irq = entry[3],
                            Gsi = BinaryPrimitives.ReadUInt32LittleEndian(entry.Slice(4)),
                            ActiveLow = (flags & 3) == 3,
                            LevelTriggered = ((flags >> 2) & 3) == 3,
                        };
                        break;
                    case 5 when length >= 12:
                        madt.LocalApicAddress = BinaryPrimitives.ReadUInt64LittleEndian(entry.Slice(4));
                        break;
                }
                offset += length;
            }
            return true;
        }

        // The local APIC id of the index-th enabled processor (index below ProcessorCount and
        // CpuLocal.MaxCpus), in the MADT's order.
        public uint ApicIdOf(int index) => _apicIds[index];

        // The GSI and polarity an ISA IRQ arrives on: identity unless an override says otherwise.
        public IsaOverride RouteOf(byte irq)
        {
            for (int i = 0; i < _overrideCount; i++)
                if (_overrides[i].Irq == irq) return _overrides[i];
            return new IsaOverride { Irq = irq, Gsi = irq };
        }
    }
}
