using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;

namespace Lunix.Tests.Hosted
{
    // Writes multiboot2 boot information the way GRUB lays it out: an 8-byte header, then
    // 8-byte-aligned tags, each {u32 type, u32 size (without padding), fields}.
    internal sealed class MultibootImage
    {
        private readonly List<byte> _bytes = new List<byte>(new byte[8]);

        // Offset of each tag's first byte, in the order written.
        public List<int> TagOffsets { get; } = new List<int>();

        public MultibootImage Tag(uint type, params byte[] fields) => RawTag(type, (uint)(8 + fields.Length), fields);

        // A tag whose size field says something other than what follows it.
        public MultibootImage RawTag(uint type, uint size, byte[] fields)
        {
            TagOffsets.Add(_bytes.Count);
            _bytes.AddRange(U32(type));
            _bytes.AddRange(U32(size));
            _bytes.AddRange(fields);
            while (_bytes.Count % 8 != 0) _bytes.Add(0);
            return this;
        }

        public MultibootImage CommandLine(string text) => Tag(1, CString(text));
        public MultibootImage BootLoaderName(string text) => Tag(2, CString(text));
        public MultibootImage Module(uint start, uint end, string name) => Tag(3, Concat(U32(start), U32(end), CString(name)));
        public MultibootImage BasicMemory(uint lowerKiB, uint upperKiB) => Tag(4, Concat(U32(lowerKiB), U32(upperKiB)));

        public MultibootImage MemoryMap(params (ulong Base, ulong Length, uint Type)[] entries) => MemoryMap(24, entries);

        public MultibootImage MemoryMap(uint entrySize, params (ulong Base, ulong Length, uint Type)[] entries)
        {
            var fields = new List<byte>();
            fields.AddRange(U32(entrySize));
            fields.AddRange(U32(0));
            foreach (var e in entries)
            {
                var entry = new byte[entrySize];
                BinaryPrimitives.WriteUInt64LittleEndian(entry, e.Base);
                BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(8), e.Length);
                BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(16), e.Type);
                fields.AddRange(entry);
            }
            return Tag(6, fields.ToArray());
        }

        public MultibootImage EgaTextFramebuffer() => Tag(8, FramebufferCommon(0xB8000, 160, 80, 25, 16, 2));

        public MultibootImage RgbFramebuffer(ulong address, uint pitch, uint width, uint height)
            => Tag(8, Concat(FramebufferCommon(address, pitch, width, height, 32, 1), new byte[] { 16, 8, 8, 8, 0, 8 }));

        public MultibootImage IndexedFramebuffer(params (byte R, byte G, byte B)[] palette)
        {
            var colours = new List<byte>();
            colours.AddRange(U16((ushort)palette.Length));
            foreach (var c in palette) colours.AddRange(new[] { c.R, c.G, c.B });
            return Tag(8, Concat(FramebufferCommon(0xA0000, 320, 320, 200, 8, 0), colours.ToArray()));
        }

        public static byte[] FramebufferCommon(ulong address, uint pitch, uint width, uint height, byte bpp, byte type)
            => Concat(U64(address), U32(pitch), U32(width), U32(height), new[] { bpp, type }, U16(0));

        public MultibootImage Efi64SystemTable(ulong address) => Tag(12, U64(address));
        public MultibootImage OldRsdp() => Tag(14, Rsdp(0, 20));
        public MultibootImage NewRsdp() => Tag(15, Rsdp(2, 36));
        public MultibootImage End() => Tag(0);

        // Patches total_size to the length written so far and returns the image.
        public byte[] Build()
        {
            byte[] image = _bytes.ToArray();
            BinaryPrimitives.WriteUInt32LittleEndian(image, (uint)image.Length);
            return image;
        }

        // An RSDP as QEMU's firmware makes it: signature, checksum, OEM id, revision, RSDT address
        // and, from revision 2, length, XSDT address, extended checksum and 3 reserved bytes.
        public static byte[] Rsdp(byte revision, int length)
        {
            var rsdp = new byte[length];
            Encoding.ASCII.GetBytes("RSD PTR ").CopyTo(rsdp, 0);
            Encoding.ASCII.GetBytes("BOCHS ").CopyTo(rsdp, 9);
            rsdp[15] = revision;
            BinaryPrimitives.WriteUInt32LittleEndian(rsdp.AsSpan(16), 0x07FE14D5);
            if (length >= 36)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(rsdp.AsSpan(20), (uint)length);
                BinaryPrimitives.WriteUInt64LittleEndian(rsdp.AsSpan(24), 0x7FB7E0E8);
            }
            return rsdp;
        }

        public static byte[] U16(ushort value) { var b = new byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, value); return b; }
        public static byte[] U32(uint value) { var b = new byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, value); return b; }
        public static byte[] U64(ulong value) { var b = new byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, value); return b; }
        public static byte[] CString(string text) => Concat(Encoding.UTF8.GetBytes(text), new byte[1]);

        public static byte[] Concat(params byte[][] parts)
        {
            var all = new List<byte>();
            foreach (byte[] part in parts) all.AddRange(part);
            return all.ToArray();
        }
    }
}
