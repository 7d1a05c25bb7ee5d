using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.FileSystems.Ext2
{
    // A volume's device through the block-driver protocol's client calls (BlockDriverCalls). A
    // driver that died meanwhile (EDEADSRCDST: RS restarts it with the same endpoint) is opened
    // again and asked again, a few times (reads and writes of whole blocks are idempotent); any
    // other failure or a short count is EIO.
    internal sealed class BlockDeviceDisk : IExt2Disk
    {
        private const int Attempts = 3;
        private int _driver = Endpoint.None, _minor, _access;

        public long Attach(int driver, int minor, bool readOnly)
        {
            _driver = driver;
            _minor = minor;
            _access = readOnly ? BlockAccess.Read : BlockAccess.Read | BlockAccess.Write;
            return BlockDriverCalls.Open(_driver, _minor, _access);
        }

        public void Detach()
        {
            BlockDriverCalls.Close(_driver, _minor);
            _driver = Endpoint.None;
        }

        public long Read(ulong offset, Span<byte> into) => Transfer(offset, into, write: false);

        public long Write(ulong offset, ReadOnlySpan<byte> from)
        {
            unsafe
            {
                fixed (byte* bytes = from) return Transfer(offset, new Span<byte>(bytes, from.Length), write: true);
            }
        }

        private long Transfer(ulong offset, Span<byte> bytes, bool write)
        {
            if (_driver == Endpoint.None) return -(long)LinuxErrno.EIO;
            for (int attempt = 0; attempt < Attempts; attempt++)
            {
                long moved = write ? BlockDriverCalls.Write(_driver, _minor, offset, bytes) : BlockDriverCalls.Read(_driver, _minor, offset, bytes);
                if (moved == -(int)Errno.EDEADSRCDST && BlockDriverCalls.Open(_driver, _minor, _access) == 0) continue;
                return moved == bytes.Length ? 0 : -(long)LinuxErrno.EIO;
            }
            return -(long)LinuxErrno.EIO;
        }
    }
}
