using System;

namespace Lunix.Kernel.Diagnostics
{
    // A cursor over one record of .eh_frame. Every read stays inside [position, limit) and says
    // whether it could, so a malformed table ends an unwind instead of reading past the section.
    internal ref struct DwarfReader
    {
        // DW_EH_PE_* pointer encodings: the low nibble is the format, the high one how to apply it.
        public const byte PointerOmitted = 0xff;
        private const byte FormatMask = 0x0f, AbsolutePointer = 0x00, Uleb128 = 0x01, UData2 = 0x02, UData4 = 0x03,
            UData8 = 0x04, Sleb128 = 0x09, SData2 = 0x0a, SData4 = 0x0b, SData8 = 0x0c;
        private const byte ApplicationMask = 0xf0, Absolute = 0x00, PcRelative = 0x10;

        private readonly ReadOnlySpan<byte> _section;
        // Where _section[0] is at run time: pc-relative pointers are relative to their own address.
        private readonly ulong _sectionAddress;
        private readonly int _limit;
        private int _position;

        public DwarfReader(ReadOnlySpan<byte> section, ulong sectionAddress, int position, int limit)
        {
            _section = section;
            _sectionAddress = sectionAddress;
            _limit = limit < 0 || limit > section.Length ? 0 : limit;
            // position <= _limit from here on: every read checks against what is left.
            _position = position < 0 || position > _limit ? _limit : position;
        }

        public int Position => _position;
        public bool AtEnd => _position >= _limit;

        public bool TrySkip(ulong count)
        {
            if (count > (ulong)(_limit - _position)) return false;
            _position += (int)count;
            return true;
        }

        public bool TryReadByte(out byte value)
        {
            value = 0;
            if (_position >= _limit) return false;
            value = _section[_position++];
            return true;
        }

        // Little-endian unsigned integer of 1 to 8 bytes.
        public bool TryReadUnsigned(int size, out ulong value)
        {
            value = 0;
            if (size > _limit - _position) return false;
            for (int i = 0; i < size; i++) value |= (ulong)_section[_position + i] << (8 * i);
            _position += size;
            return true;
        }

        public bool TryReadUleb(out ulong value)
        {
            value = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                if (!TryReadByte(out byte b)) return false;
                value |= (ulong)(b & 0x7f) << shift;
                if ((b & 0x80) == 0) return true;
            }
            return false;
        }

        public bool TryReadSleb(out long value)
        {
            value = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                if (!TryReadByte(out byte b)) return false;
                value |= (long)(b & 0x7f) << shift;
                if ((b & 0x80) == 0)
                {
                    if (shift + 7 < 64 && (b & 0x40) != 0) value |= -1L << (shift + 7);
                    return true;
                }
            }
            return false;
        }

        // Skips a NUL-terminated string and returns it without the NUL.
        public bool TryReadString(out ReadOnlySpan<byte> text)
        {
            text = default;
            int length = _section.Slice(_position, _limit - _position).IndexOf((byte)0);
            if (length < 0) return false;
            text = _section.Slice(_position, length);
            _position += length + 1;
            return true;
        }

        // A pointer in the given DW_EH_PE encoding. Only absolute and pc-relative values are
        // supported: data-relative, text-relative and indirect pointers need context we lack.
        public bool TryReadEncodedPointer(byte encoding, out ulong value)
        {
            value = 0;
            ulong fieldAddress = _sectionAddress + (ulong)_position;
            if (!TryReadEncodedValue(encoding, out value)) return false;
            switch (encoding & ApplicationMask)
            {
                case Absolute: return true;
                case PcRelative: value += fieldAddress; return true;
                default: return false;
            }
        }

        // The value alone, sign-extended where the format is signed: what an FDE's pc range is.
        public bool TryReadEncodedValue(byte encoding, out ulong value)
        {
            value = 0;
            switch (encoding & FormatMask)
            {
                case AbsolutePointer:
                case UData8:
                case SData8: return TryReadUnsigned(8, out value);
                case UData2: return TryReadUnsigned(2, out value);
                case UData4: return TryReadUnsigned(4, out value);
                case Uleb128: return TryReadUleb(out value);
                case SData2:
                    if (!TryReadUnsigned(2, out value)) return false;
                    value = (ulong)(long)(short)value;
                    return true;
                case SData4:
                    if (!TryReadUnsigned(4, out value)) return false;
                    value = (ulong)(long)(int)value;
                    return true;
                case Sleb128:
                    if (!TryReadSleb(out long signed)) return false;
                    value = (ulong)signed;
                    return true;
                default: return false;
            }
        }
    }
}
