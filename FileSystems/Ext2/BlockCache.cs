using System;
using Lunix.Abi.Linux;

namespace Lunix.FileSystems.Ext2
{
    // The volume's blocks in memory, written back: a changed block stays here (dirty) until it is
    // replaced or the volume is flushed (sync, fsync, unmount, or the server's periodic
    // write-back). 32 slots of up to 4 KiB, the least recently used one replaced. A span Get
    // returns is valid until the next Get: callers copy what they need across another Get.
    //
    // The device sees runs, not blocks, where it can: a dirty block goes back together with the
    // dirty blocks cached right before and after it, in one transfer of up to RunBytes (the
    // files a program writes one after another have their blocks one after another), and a
    // file's long reads come from the device in one transfer (ReadAround) without passing
    // through the slots, which keep the metadata they hold.
    public sealed class BlockCache
    {
        public const int Slots = 32;
        public const int MaxBlockSize = 4096;
        public const int RunBytes = 64 * 1024;
        private readonly IExt2Disk _disk;
        private readonly byte[] _bytes = new byte[Slots * MaxBlockSize];
        private readonly byte[] _run = new byte[RunBytes];
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

        // Whether any block waits to be written back (the server's periodic write-back).
        public bool AnyDirty
        {
            get
            {
                for (int i = 0; i < Slots; i++)
                    if (_dirty[i]) return true;
                return false;
            }
        }

        // The most blocks one transfer moves: a run's length.
        public int RunBlocks => RunBytes / _blockSize;

        // Blocks `first`.. (`count` of them, RunBlocks at most) of the device into `into` in one
        // transfer, then the cached ones over them: a cached block is the newest copy (a dirty
        // one is not on the device yet). 0, or the device's error.
        public long ReadAround(ulong first, int count, out ReadOnlySpan<byte> bytes)
        {
            Span<byte> run = _run.AsSpan(0, count * _blockSize);
            bytes = default;
            long got = _disk.Read(first * (ulong)_blockSize, run);
            if (got < 0) return got;
            for (int i = 0; i < Slots; i++)
            {
                ulong block = _blocks[i];
                if (block >= first && block - first < (ulong)count)
                    _bytes.AsSpan(i * MaxBlockSize, _blockSize).CopyTo(run.Slice((int)(block - first) * _blockSize));
            }
            bytes = run;
            return 0;
        }

        // Whether block `block` is in a slot (a read of it costs no transfer).
        public bool Holds(ulong block)
        {
            for (int i = 0; i < Slots; i++)
                if (_blocks[i] == block) return true;
            return false;
        }

        // Slot `slot`'s block written back with the dirty blocks around it, in one transfer; all
        // of them clean after it.
        private long WriteBack(int slot)
        {
            ulong first = _blocks[slot];
            int most = RunBlocks, before = 0;
            while (before < most - 1 && first > 0 && DirtySlotOf(first - 1) >= 0)
            {
                first--;
                before++;
            }
            Span<int> parts = stackalloc int[RunBytes / 1024];      // the run's slots, in block order (blocks of 1 KiB at least)
            int count = 0;
            while (count < most && DirtySlotOf(first + (ulong)count) is int part and >= 0)
            {
                _bytes.AsSpan(part * MaxBlockSize, _blockSize).CopyTo(_run.AsSpan(count * _blockSize));
                parts[count++] = part;
            }
            long written = _disk.Write(first * (ulong)_blockSize, _run.AsSpan(0, count * _blockSize));
            if (written < 0) return written == -(long)LinuxErrno.EROFS ? written : -(long)LinuxErrno.EIO;
            foreach (int part in parts.Slice(0, count)) _dirty[part] = false;
            return 0;
        }

        private int DirtySlotOf(ulong block)
        {
            for (int i = 0; i < Slots; i++)
                if (_blocks[i] == block && _dirty[i]) return i;
            return -1;
        }
    }
}
