using System;

namespace Lunix.Kernel.Diagnostics
{
    // What a CIE says about the FDEs that share it. Instructions are section offsets [start, end).
    internal struct CieRecord
    {
        public ulong CodeAlignment;
        public long DataAlignment;
        public byte PointerEncoding;
        public int InstructionsStart, InstructionsEnd;
    }

    // One function's unwind description: the code it covers and its CFA instructions.
    internal struct FdeRecord
    {
        public ulong PcBegin, PcEnd;
        public int InstructionsStart, InstructionsEnd;
    }

    // Parses the two kinds of .eh_frame record (LSB "Exception Frames"): each starts with a 4-byte
    // length and a 4-byte id, 0 for a CIE, otherwise the distance back from the id to the FDE's CIE.
    internal static class EhFrameRecords
    {
        private const uint ExtendedLength = 0xffffffff;
        private const int MaxAlignmentFactor = 256;

        // The record at offset: where its id field is and where it ends. False at the terminator
        // (length 0) or when the record does not fit in the section.
        public static bool TryReadHeader(ReadOnlySpan<byte> section, int offset, out int idOffset, out uint id, out int end)
        {
            idOffset = offset + 4;
            id = 0;
            end = 0;
            var reader = new DwarfReader(section, 0, offset, section.Length);
            if (!reader.TryReadUnsigned(4, out ulong length) || length == 0 || length == ExtendedLength) return false;
            if (length > (ulong)(section.Length - idOffset) || length < 4) return false;
            end = idOffset + (int)length;
            reader.TryReadUnsigned(4, out ulong rawId); // inside the record: length >= 4
            id = (uint)rawId;
            return true;
        }

        public static bool TryParseFde(ReadOnlySpan<byte> section, ulong sectionAddress, int offset, out FdeRecord fde, out CieRecord cie)
        {
            fde = default;
            cie = default;
            if (!TryReadHeader(section, offset, out int idOffset, out uint id, out int end) || id == 0) return false;
            if (id > (uint)idOffset || !TryParseCie(section, idOffset - (int)id, out cie)) return false;

            var reader = new DwarfReader(section, sectionAddress, idOffset + 4, end);
            if (!reader.TryReadEncodedPointer(cie.PointerEncoding, out fde.PcBegin)) return false;
            if (!reader.TryReadEncodedValue(cie.PointerEncoding, out ulong range)) return false;
            fde.PcEnd = fde.PcBegin + range;
            if (fde.PcEnd < fde.PcBegin) return false;
            // 'z' augmentation data (an LSDA pointer for ILC): not needed to unwind.
            if (!reader.TryReadUleb(out ulong augmentationLength) || !reader.TrySkip(augmentationLength)) return false;
            fde.InstructionsStart = reader.Position;
            fde.InstructionsEnd = end;
            return true;
        }

        // Only "z"-style augmentations are understood; others (the old "eh") would leave us unable
        // to find where the instructions start.
        private static bool TryParseCie(ReadOnlySpan<byte> section, int offset, out CieRecord cie)
        {
            cie = default;
            if (!TryReadHeader(section, offset, out int idOffset, out uint id, out int end) || id != 0) return false;
            var reader = new DwarfReader(section, 0, idOffset + 4, end);
            if (!reader.TryReadByte(out byte version) || (version != 1 && version != 3)) return false;
            if (!reader.TryReadString(out ReadOnlySpan<byte> augmentation)) return false;
            if (augmentation.Length == 0 || augmentation[0] != (byte)'z') return false;
            if (!reader.TryReadUleb(out cie.CodeAlignment) || !reader.TryReadSleb(out cie.DataAlignment)) return false;
            // Real factors are tiny (1 and -8 on x86-64); bounding them keeps offset arithmetic exact.
            if (cie.CodeAlignment > MaxAlignmentFactor || cie.DataAlignment < -MaxAlignmentFactor || cie.DataAlignment > MaxAlignmentFactor) return false;
            ulong returnAddressColumn;
            if (version == 1)
            {
                if (!reader.TryReadByte(out byte column)) return false;
                returnAddressColumn = column;
            }
            else if (!reader.TryReadUleb(out returnAddressColumn)) return false;
            // x86-64 CFI always keeps the return address in column 16; CfiRow relies on it.
            if (returnAddressColumn != UnwindRegisters.ReturnAddress) return false;

            if (!reader.TryReadUleb(out ulong augmentationLength) || augmentationLength > (ulong)(end - reader.Position)) return false;
            int augmentationEnd = reader.Position + (int)augmentationLength;
            cie.PointerEncoding = 0; // absolute 8-byte pointers unless 'R' says otherwise
            for (int i = 1; i < augmentation.Length; i++)
            {
                byte encoding;
                switch (augmentation[i])
                {
                    case (byte)'R':
                        if (!reader.TryReadByte(out cie.PointerEncoding)) return false;
                        break;
                    case (byte)'L':
                        if (!reader.TryReadByte(out encoding)) return false;
                        break;
                    case (byte)'P':
                        if (!reader.TryReadByte(out encoding) || !reader.TryReadEncodedValue(encoding, out _)) return false;
                        break;
                    case (byte)'S':
                        break;
                    default:
                        return false;
                }
            }
            if (reader.Position > augmentationEnd || !reader.TrySkip((ulong)(augmentationEnd - reader.Position))) return false;
            cie.InstructionsStart = reader.Position;
            cie.InstructionsEnd = end;
            return true;
        }
    }
}
