using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.FileSystems.Iso9660
{
    // A volume's medium on a block device, through the block-driver protocol's client calls
    // (BlockDriverCalls). A driver that died meanwhile (EDEADSRCDST: RS restarts it, with the
    // same endpoint) is opened again and asked again, a few times; any other failure or a short
    // count is EIO.
    internal sealed class BlockDeviceMedium : IBlockMedium
    {
        private const int Attempts = 3;
        private int _driver = Endpoint.None, _minor;

        public long Attach(int driver, int minor)
        {
            _driver = driver;
            _minor = minor;
            return BlockDriverCalls.Open(_driver, _minor, BlockAccess.Read);
        }

        public void Detach()
        {
            BlockDriverCalls.Close(_driver, _minor);
            _driver = Endpoint.None;
        }

        public long ReadBlocks(ulong block, Span<byte> into)
        {
            if (_driver == Endpoint.None) return -(long)LinuxErrno.EIO;
            for (int attempt = 0; attempt < Attempts; attempt++)
            {
                long moved = BlockDriverCalls.Read(_driver, _minor, block << IsoBlocks.Shift, into);
                if (moved == -(int)Errno.EDEADSRCDST && BlockDriverCalls.Open(_driver, _minor, BlockAccess.Read) == 0) continue;
                return moved == into.Length ? 0 : -(long)LinuxErrno.EIO;
            }
            return -(long)LinuxErrno.EIO;
        }
    }
}
