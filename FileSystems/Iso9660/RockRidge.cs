using System;
using System.Buffers.Binary;
using Lunix.Abi.Linux;

namespace Lunix.FileSystems.Iso9660
{
    // A record's System Use Sharing Protocol entries (SUSP 1.12) and what Rock Ridge (RRIP 1.12)
    // says in them: PX (mode, links, owners, serial), PN (device), SL (a symlink's components),
    // NM (the name, CONTINUE joining pieces), TF (times), RE/CL/PL (relocation); CE continues the
    // area in another block, ST ends it; SP, ER, ES, PD, RR and unknown signatures are passed by.
    // Continuation areas are followed at most MaxContinuations times (a longer chain is a loop on
    // a damaged medium) and must lie in one block of the volume, as Linux requires.
    public sealed partial class IsoVolume
    {
        private const int MaxContinuations = 32;

        private static ushort Signature(char a, char b) => (ushort)(a << 8 | b);

        // The system-use area `area` of the record at `at` into `entry`. 0 or -EIO.
        private long ReadSystemUse(ReadOnlySpan<byte> area, ulong at, ref IsoEntry entry, bool self)
        {
            if (area.Length >= _suspSkip) area = area.Slice(_suspSkip);
            else area = default;
            var link = new SymlinkBuilder();
            for (int hops = 0; ; hops++)
            {
                bool continued = false;
                uint nextBlock = 0, nextOffset = 0, nextLength = 0;
                int i = 0;
                while (area.Length - i >= 4)
                {
                    int length = area[i + 2];
                    if (length < 4 || length > area.Length - i) return Fail("a system-use entry runs past its area", at);
                    ReadOnlySpan<byte> item = area.Slice(i, length);
                    ReadOnlySpan<byte> data = item.Slice(4);
                    i += length;
                    ushort signature = (ushort)(item[0] << 8 | item[1]);
                    if (signature == Signature('S', 'T')) break;
                    if (signature == Signature('C', 'E'))
                    {
                        if (!BothEndian.Read32(data, out nextBlock) || !BothEndian.Read32(data.Slice(8), out nextOffset)
                            || !BothEndian.Read32(data.Slice(16), out nextLength))
                            return Fail("a CE entry's both-endian fields disagree", at);
                        continued = true;
                    }
                    else if (signature == Signature('P', 'X'))
                    {
                        if (!BothEndian.Read32(data, out uint mode) || !BothEndian.Read32(data.Slice(8), out uint links)
                            || !BothEndian.Read32(data.Slice(16), out uint uid) || !BothEndian.Read32(data.Slice(24), out uint gid))
                            return Fail("a PX entry's both-endian fields disagree", at);
                        entry.Mode = mode;
                        entry.Links = links;
                        entry.Uid = uid;
                        entry.Gid = gid;
                        entry.HasPosix = true;
                    }
                    else if (signature == Signature('P', 'N'))
                    {
                        if (!BothEndian.Read32(data, out uint high) || !BothEndian.Read32(data.Slice(8), out uint low))
                            return Fail("a PN entry's both-endian fields disagree", at);
                        // Writers with a 32-bit dev_t put it all in the low field (Linux's rock.c).
                        entry.SpecialDevice = high == 0 && (low & ~0xFFu) != 0
                            ? DeviceNumbers.Make(low >> 8, low & 0xFF) : DeviceNumbers.Make(high, low);
                    }
                    else if (signature == Signature('N', 'M'))
                    {
                        if (data.Length < 1) return Fail("an NM entry is empty", at);
                        if ((data[0] & 6) != 0 || self) continue;        // "." or "..": named by the record
                        ReadOnlySpan<byte> piece = data.Slice(1);
                        if (entry.NameLength + piece.Length > FileLimits.NameMax) return Fail("an NM name is longer than 255 bytes", at);
                        piece.CopyTo(_name.AsSpan(entry.NameLength));
                        entry.NameLength += piece.Length;
                        entry.RockRidgeName = true;
                    }
                    else if (signature == Signature('S', 'L'))
                    {
                        if (data.Length < 1) return Fail("an SL entry is empty", at);
                        string problem = link.Add(data.Slice(1), _link);
                        if (problem != null) return Fail(problem, at);
                        entry.LinkLength = link.Length;
                    }
                    else if (signature == Signature('T', 'F'))
                        ReadTimes(data, ref entry);
                    else if (signature == Signature('R', 'E'))
                        entry.Relocated = true;
                    else if (signature == Signature('C', 'L') || signature == Signature('P', 'L'))
                    {
                        if (!BothEndian.Read32(data, out uint linked)) return Fail("a CL or PL entry's both-endian fields disagree", at);
                        if (linked == 0 || linked >= _blocks) return Fail("a CL or PL entry points outside the volume", at);
                        if (signature == Signature('C', 'L')) entry.ChildLink = linked;
                        else entry.ParentLink = linked;
                    }
                }
                if (!continued) return 0;
                if (hops == MaxContinuations) return Fail("continuation areas (CE) chain without end", at);
                if (nextOffset >= IsoBlocks.Size || nextLength > IsoBlocks.Size - nextOffset || nextBlock >= _blocks)
                    return Fail("a continuation area (CE) lies outside its block or the volume", at);
                long read = _cache.Get(nextBlock, out ReadOnlySpan<byte> block);
                if (read < 0) return Fail("the medium failed reading a continuation area", (ulong)nextBlock << IsoBlocks.Shift);
                area = block.Slice((int)nextOffset, (int)nextLength);
                at = ((ulong)nextBlock << IsoBlocks.Shift) + nextOffset;
            }
        }

        // TF (RRIP 4.1.6): the times its flags name, in order, 7 or (long form) 17 bytes each.
        private static void ReadTimes(ReadOnlySpan<byte> data, ref IsoEntry entry)
        {
            if (data.Length < 1) return;
            int flags = data[0];
            int size = (flags & 0x80) != 0 ? IsoTime.LongSize : IsoTime.ShortSize;
            int at = 1;
            for (int bit = 0; bit < 7; bit++)
            {
                if ((flags & (1 << bit)) == 0) continue;
                if (at + size > data.Length) return;
                ReadOnlySpan<byte> stamp = data.Slice(at, size);
                long seconds = size == IsoTime.LongSize ? IsoTime.FromLong(stamp) : IsoTime.FromShort(stamp);
                at += size;
                if (bit == 1) entry.ModifySeconds = seconds;
                else if (bit == 2) entry.AccessSeconds = seconds;
                else if (bit == 3) entry.ChangeSeconds = seconds;
            }
        }

        // Whether the root's "." record starts with SUSP's SP entry (SUSP 5.3): then the volume
        // has Rock Ridge, and SP's LEN_SKP says how many bytes each area starts with to skip.
        private static bool HasSharingProtocol(ReadOnlySpan<byte> area, out int skip)
        {
            skip = 0;
            if (area.Length < 7 || area[0] != 'S' || area[1] != 'P' || area[2] < 7 || area[4] != 0xBE || area[5] != 0xEF) return false;
            skip = area[6];
            return true;
        }
    }

    // An SL target as it is assembled (RRIP 4.1.3.1): components, each a name, ".", "..", or the
    // root, joined by '/', except where a component's CONTINUE flag says its text goes on in the
    // next one (a name split across SL entries).
    internal struct SymlinkBuilder
    {
        public int Length;
        private bool _slashDue;

        public string Add(ReadOnlySpan<byte> components, byte[] into)
        {
            int i = 0;
            while (i < components.Length)
            {
                if (components.Length - i < 2) return "an SL component runs past its entry";
                int flags = components[i];
                int length = components[i + 1];
                if (components.Length - i - 2 < length) return "an SL component runs past its entry";
                ReadOnlySpan<byte> text = components.Slice(i + 2, length);
                i += 2 + length;
                if (_slashDue && !Append("/"u8, into)) return "an SL target is longer than a path";
                bool root = (flags & 8) != 0;
                ReadOnlySpan<byte> part = root ? "/"u8 : (flags & 2) != 0 ? "."u8 : (flags & 4) != 0 ? ".."u8 : text;
                if (!Append(part, into)) return "an SL target is longer than a path";
                _slashDue = !root && (flags & 1) == 0;
            }
            return null;
        }

        private bool Append(ReadOnlySpan<byte> part, byte[] into)
        {
            if (Length + part.Length >= FileLimits.PathMax) return false;
            part.CopyTo(into.AsSpan(Length));
            Length += part.Length;
            return true;
        }
    }
}
