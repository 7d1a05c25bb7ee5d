using System;
using System.Buffers.Binary;
using Lunix.Arch.X86.Memory;

namespace Lunix.Arch.X86.Acpi
{
    // ACPI soft-off (S5): write SLP_TYPa | SLP_EN to the PM1a control block. SLP_TYPa comes from
    // the \_S5_ package in the DSDT, found by its AML encoding rather than a full interpreter.
    public static class PowerOff
    {
        private static ushort s_pm1aControl, s_pm1bControl;
        private static ushort s_sleepTypeA, s_sleepTypeB;
        private static ushort s_smiCommand;
        private static byte s_acpiEnable;

        public static bool IsAvailable => s_pm1aControl != 0;

        public static bool Initialize()
        {
            ReadOnlySpan<byte> fadt = AcpiTables.Find("FACP"u8);
            if (fadt.Length < 76) return false;
            ulong dsdtAddress = BinaryPrimitives.ReadUInt32LittleEndian(fadt.Slice(40));
            if (fadt.Length >= 148 && BinaryPrimitives.ReadUInt64LittleEndian(fadt.Slice(140)) != 0)
                dsdtAddress = BinaryPrimitives.ReadUInt64LittleEndian(fadt.Slice(140));
            s_smiCommand = (ushort)BinaryPrimitives.ReadUInt32LittleEndian(fadt.Slice(48));
            s_acpiEnable = fadt[52];
            s_pm1aControl = (ushort)BinaryPrimitives.ReadUInt32LittleEndian(fadt.Slice(64));
            s_pm1bControl = (ushort)BinaryPrimitives.ReadUInt32LittleEndian(fadt.Slice(68));
            return s_pm1aControl != 0 && FindS5(AcpiTables.Table(dsdtAddress));
        }

        // AML: NameOp '_S5_' PackageOp PkgLength NumElements, then SLP_TYPa and SLP_TYPb as
        // ZeroOp/OneOp or BytePrefix (0x0A) constants.
        private static bool FindS5(ReadOnlySpan<byte> dsdt)
        {
            int at = dsdt.IndexOf("_S5_"u8);
            if (at < 1 || at + 7 >= dsdt.Length || dsdt[at + 4] != 0x12) return false;
            int position = at + 5;
            position += ((dsdt[position] >> 6) & 3) + 1;        // PkgLength encoding size
            position++;                                         // NumElements
            if (!ReadConstant(dsdt, ref position, out s_sleepTypeA)) return false;
            ReadConstant(dsdt, ref position, out s_sleepTypeB);
            return true;
        }

        private static bool ReadConstant(ReadOnlySpan<byte> aml, ref int position, out ushort value)
        {
            value = 0;
            if (position >= aml.Length) return false;
            byte op = aml[position++];
            if (op == 0x0A && position < aml.Length) { value = aml[position++]; return true; }
            if (op == 0x00 || op == 0x01) { value = op; return true; }
            return false;
        }

        // Returns only if the machine did not turn off.
        public static void Execute()
        {
            if (s_pm1aControl == 0) return;
            if ((Cpu.In16(s_pm1aControl) & 1) == 0 && s_smiCommand != 0 && s_acpiEnable != 0)
            {
                Cpu.Out8(s_smiCommand, s_acpiEnable);           // switch the chipset into ACPI mode
                for (int i = 0; i < 1000000 && (Cpu.In16(s_pm1aControl) & 1) == 0; i++) { }
            }
            const ushort SleepEnable = 1 << 13;
            Cpu.Out16(s_pm1aControl, (ushort)(s_sleepTypeA << 10 | SleepEnable));
            if (s_pm1bControl != 0) Cpu.Out16(s_pm1bControl, (ushort)(s_sleepTypeB << 10 | SleepEnable));
        }
    }
}
