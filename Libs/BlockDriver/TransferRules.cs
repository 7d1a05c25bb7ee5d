using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.BlockDriver
{
    // The protocol's rules for a request (Abi/BlockDriverRequests.cs), checked before a driver
    // moves a byte: which drive and partition a minor names, that a transfer is whole sectors,
    // the cut at the partition's end, a vector's size. Results are 0 or a negated Linux errno.
    public static class TransferRules
    {
        // The drive and partition of `minor`; ENXIO for a minor of no drive this driver has.
        public static int Split(int minor, int drives, out int drive, out int partition)
        {
            drive = minor / BlockDriverRequests.MinorsPerDrive;
            partition = minor % BlockDriverRequests.MinorsPerDrive;
            return minor < 0 || drive >= drives ? -(int)LinuxErrno.ENXIO : 0;
        }

        // A transfer of `length` bytes at `position` on a partition of `sectors` sectors:
        // `moved`, the bytes it moves (cut at the end, 0 from the end on), or EINVAL for a
        // position or length that is not whole sectors.
        public static int Cut(ulong position, ulong length, int sectorSize, ulong sectors, out ulong moved)
        {
            moved = 0;
            ulong size = (ulong)sectorSize;
            if (position % size != 0 || length % size != 0) return -(int)LinuxErrno.EINVAL;
            ulong end = sectors * size;
            if (position >= end) return 0;
            moved = length < end - position ? length : end - position;
            return 0;
        }

        // A Gather or Scatter of `elements` elements: 1..MaxVector, else EINVAL.
        public static int VectorSize(ulong elements) =>
            elements == 0 || elements > BlockDriverRequests.MaxVector ? -(int)LinuxErrno.EINVAL : 0;

        // Open's access: read, write or both, and no write to a read-only drive (EROFS).
        public static int Access(int access, bool readOnly)
        {
            if (access == 0 || (access & ~(BlockAccess.Read | BlockAccess.Write)) != 0) return -(int)LinuxErrno.EINVAL;
            return readOnly && (access & BlockAccess.Write) != 0 ? -(int)LinuxErrno.EROFS : 0;
        }
    }
}
