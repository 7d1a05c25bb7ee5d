using System;
using Lunix.Abi.Linux;

namespace Lunix.FileSystems.Ext2
{
    // The volume's blocks in memory, written back: a changed block stays here (dirty) until it is
    // replaced or the volume is flushed (sync, fsync, unmount). 32 slots of up to 4 KiB, the least
    // recently used one replaced. A span Get returns is valid until the next Get: callers copy what
    // they need across another Get.
    public sealed class BlockCache
    {
        public const int Slots = 32;
        public const int MaxBlockSize = 4096;
        private readonly IExt2Disk _disk;
        private readonly byte[] _bytes = new byte[Slots * MaxBlockSize];
        private readonly ulong[] _blocks = new ulong[Slots];
        private readonly ulong[] _used = new ulong[Slots];
        private readonly bool[] _dirty = new bool[Slots];
        private ulong _clock;
        private int _blockSize = 1024;

        public BlockCache(IExt2Disk disk)
        {
            _disk = disk;
            Forget(1024);
        }

        // Forgets every block (dirty ones too): a new volume of `blockSize`-byte blocks.
        public void Forget(int blockSize)
        {
            _blockSize = blockSize;
            for (int i = 0; i < Slots; i++)
            {
                _blocks[i] = ulong.MaxValue;
                _dirty[i] = false;
            }
        }

        // Block `block` read (or found); `write` marks it to be written back.
        public long Get(ulong block, bool write, out Span<byte> bytes)
        {
            long found = Slot(block, read: true, out int slot);
            bytes = found < 0 ? default : _bytes.AsSpan(slot * MaxBlockSize, _blockSize);
            if (found >= 0 && write) _dirty[slot] = true;
            return found;
        }

        // A new block (just allocated): zeros, not read, to be written back.
        public long GetZeroed(ulong block, out Span<byte> bytes)
        {
            long found = Slot(block, read: false, out int slot);
            bytes = found < 0 ? default : _bytes.AsSpan(slot * MaxBlockSize, _blockSize);
            if (found < 0) return found;
            bytes.Clear();
            _dirty[slot] = true;
            return 0;
        }

        // A freed block is not written back: its bytes no longer matter.
        public void Drop(ulong block)
        {
            for (int i = 0; i < Slots; i++)
                if (_blocks[i] == block)
                {
                    _blocks[i] = ulong.MaxValue;
                    _dirty[i] = false;
                }
        }

        // Every dirty block written: 0, or the first error (the block stays dirty).
        public long Flush()
        {
            long error = 0;
            for (int i = 0; i < Slots; i++)
            {
                if (!_dirty[i]) continue;
                long written = WriteBack(i);
                if (written < 0 && error == 0) error = written;
            }
            return error;
        }

        private long Slot(ulong block, bool read, out int slot)
        {
            int victim = 0;
            for (int i = 0; i < Slots; i++)
            {
                if (_blocks[i] == block)
                {
                    _used[i] = ++_clock;
                    slot = i;
                    return 0;
                }
                if (_used[i] < _used[victim]) victim = i;
            }
            slot = victim;
            if (_dirty[victim])
            {
                long written = WriteBack(victim);
                if (written < 0) return written;
            }
            _blocks[victim] = ulong.MaxValue;
            if (read)
            {
                long got = _disk.Read(block * (ulong)_blockSize, _bytes.AsSpan(victim * MaxBlockSize, _blockSize));
                if (got < 0) return got;
            }
            _blocks[victim] = block;
            _used[victim] = ++_clock;
            return 0;
        }

        private long WriteBack(int slot)
        {
            long written = _disk.Write(_blocks[slot] * (ulong)_blockSize, _bytes.AsSpan(slot * MaxBlockSize, _blockSize));
            if (written < 0) return written == -(long)LinuxErrno.EROFS ? written : -(long)LinuxErrno.EIO;
            _dirty[slot] = false;
            return 0;
        }
    }
}
