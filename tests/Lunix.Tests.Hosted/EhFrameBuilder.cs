using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;

namespace Lunix.Tests.Hosted
{
    // Writes an .eh_frame section the way ILC lays it out: CIEs with augmentation "zR" (FDE
    // pointers pc-relative, signed 4-byte, unless asked for absolute 8-byte ones) and FDEs
    // pointing back to them.
    internal sealed class EhFrameBuilder
    {
        public const ulong SectionAddress = 0x10000;
        public const byte PcRelativeSData4 = 0x1b, Absolute = 0x00;
        private readonly List<byte> _bytes = new List<byte>();
        private readonly Dictionary<int, byte> _cieEncodings = new Dictionary<int, byte>();

        // The CIE ILC writes: CFA = RSP + 8, return address at CFA - 8.
        public static readonly byte[] StandardInitialInstructions = Cfa.DefCfa(7, 8).Concat(Cfa.Offset(16, 1)).ToArray();

        public int Cie(byte[] initialInstructions = null, string augmentation = "zR", byte returnAddressColumn = 16, byte pointerEncoding = PcRelativeSData4)
        {
            var body = new List<byte>();
            body.AddRange(U32(0));                        // CIE id
            body.Add(1);                                  // version
            body.AddRange(augmentation.Select(c => (byte)c));
            body.Add(0);
            body.Add(1);                                  // code alignment factor
            body.Add(0x78);                               // data alignment factor: sleb128 -8
            body.Add(returnAddressColumn);
            if (augmentation.StartsWith("z"))
            {
                body.Add(1);                              // augmentation data length
                body.Add(pointerEncoding);
            }
            body.AddRange(initialInstructions ?? StandardInitialInstructions);
            int offset = Record(body);
            _cieEncodings[offset] = pointerEncoding;
            return offset;
        }

        public int Fde(int cieOffset, ulong pcBegin, uint length, params byte[][] instructions)
        {
            int offset = _bytes.Count;
            int idOffset = offset + 4;
            var body = new List<byte>();
            body.AddRange(U32((uint)(idOffset - cieOffset)));
            if (_cieEncodings.GetValueOrDefault(cieOffset, PcRelativeSData4) == Absolute)
            {
                body.AddRange(U64(pcBegin));
                body.AddRange(U64(length));
            }
            else
            {
                ulong fieldAddress = SectionAddress + (ulong)(idOffset + 4);
                body.AddRange(U32((uint)(pcBegin - fieldAddress)));
                body.AddRange(U32(length));
            }
            body.Add(0);                                  // augmentation data length
            foreach (byte[] instruction in instructions) body.AddRange(instruction);
            return Record(body);
        }

        // Bytes written as they are, for records the builder would not produce.
        public EhFrameBuilder Raw(params byte[] bytes)
        {
            _bytes.AddRange(bytes);
            return this;
        }

        public byte[] ToArray(bool terminated = true) => terminated ? _bytes.Concat(U32(0)).ToArray() : _bytes.ToArray();

        private int Record(List<byte> body)
        {
            int offset = _bytes.Count;
            _bytes.AddRange(U32((uint)body.Count));
            _bytes.AddRange(body);
            return offset;
        }

        public static byte[] U32(uint value)
        {
            var bytes = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
            return bytes;
        }

        public static byte[] U64(ulong value)
        {
            var bytes = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
            return bytes;
        }
    }

    // DWARF call frame instructions, encoded.
    internal static class Cfa
    {
        public static byte[] Nop() => new byte[] { 0x00 };
        public static byte[] AdvanceLoc(int delta) => new byte[] { (byte)(0x40 | delta) };
        public static byte[] AdvanceLoc1(byte delta) => new byte[] { 0x02, delta };
        public static byte[] AdvanceLoc2(ushort delta) => new byte[] { 0x03, (byte)delta, (byte)(delta >> 8) };
        public static byte[] AdvanceLoc4(uint delta) => new byte[] { 0x04 }.Concat(EhFrameBuilder.U32(delta)).ToArray();
        public static byte[] Offset(int register, ulong factoredOffset) => new[] { (byte)(0x80 | register) }.Concat(Uleb(factoredOffset)).ToArray();
        public static byte[] OffsetExtendedSf(ulong register, long factoredOffset) => new byte[] { 0x11 }.Concat(Uleb(register)).Concat(Sleb(factoredOffset)).ToArray();
        public static byte[] Restore(int register) => new[] { (byte)(0xc0 | register) };
        public static byte[] Undefined(ulong register) => new byte[] { 0x07 }.Concat(Uleb(register)).ToArray();
        public static byte[] SameValue(ulong register) => new byte[] { 0x08 }.Concat(Uleb(register)).ToArray();
        public static byte[] Register(ulong register, ulong source) => new byte[] { 0x09 }.Concat(Uleb(register)).Concat(Uleb(source)).ToArray();
        public static byte[] RememberState() => new byte[] { 0x0a };
        public static byte[] RestoreState() => new byte[] { 0x0b };
        public static byte[] DefCfa(ulong register, ulong offset) => new byte[] { 0x0c }.Concat(Uleb(register)).Concat(Uleb(offset)).ToArray();
        public static byte[] DefCfaSf(ulong register, long factoredOffset) => new byte[] { 0x12 }.Concat(Uleb(register)).Concat(Sleb(factoredOffset)).ToArray();
        public static byte[] DefCfaRegister(ulong register) => new byte[] { 0x0d }.Concat(Uleb(register)).ToArray();
        public static byte[] DefCfaOffset(ulong offset) => new byte[] { 0x0e }.Concat(Uleb(offset)).ToArray();
        public static byte[] GnuArgsSize(ulong size) => new byte[] { 0x2e }.Concat(Uleb(size)).ToArray();
        // For FDEs of a CIE with absolute pointers.
        public static byte[] SetLoc(ulong location) => new byte[] { 0x01 }.Concat(EhFrameBuilder.U64(location)).ToArray();
        public static byte[] DefCfaExpression() => new byte[] { 0x0f, 0x02, 0x77, 0x00 }; // CFA = DW_OP_breg7 (rsp) + 0

        public static byte[] Uleb(ulong value)
        {
            var bytes = new List<byte>();
            do
            {
                byte b = (byte)(value & 0x7f);
                value >>= 7;
                bytes.Add(value != 0 ? (byte)(b | 0x80) : b);
            } while (value != 0);
            return bytes.ToArray();
        }

        public static byte[] Sleb(long value)
        {
            var bytes = new List<byte>();
            while (true)
            {
                byte b = (byte)(value & 0x7f);
                value >>= 7;
                bool done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
                bytes.Add(done ? b : (byte)(b | 0x80));
                if (done) return bytes.ToArray();
            }
        }
    }
}
