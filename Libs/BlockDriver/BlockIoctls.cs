using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.BlockDriver
{
    // Linux's block ioctls on an open minor (Abi/Linux/LinuxBlockIoctls.cs): the size in bytes
    // and in 512-byte units, the sector size, the geometry, and BLKRRPART on a whole drive. The
    // answer goes into the client's grant; ENOTTY for any other request.
    internal static class BlockIoctls
    {
        public static unsafe long Serve(int client, ref BlockDriverIoctl request)
        {
            int bad = OpenDrives.Find(request.Minor, out int drive, out DriveFacts facts, out Partition extent);
            if (bad != 0) return bad;
            ulong bytes = extent.Sectors * (ulong)facts.SectorSize;
            ulong value;
            switch (request.Request)
            {
                case LinuxBlockIoctls.BLKGETSIZE64: value = bytes; break;
                case LinuxBlockIoctls.BLKGETSIZE: value = bytes / 512; break;
                case LinuxBlockIoctls.BLKSSZGET: return Answer(client, request.Grant, (uint)facts.SectorSize, sizeof(int));
                case LinuxBlockIoctls.BLKRRPART:
                    return request.Minor % BlockDriverRequests.MinorsPerDrive != 0 ? -(int)LinuxErrno.EINVAL : OpenDrives.Reread(drive);
                case LinuxBlockIoctls.HDIO_GETGEO:
                    if (facts.Heads == 0) return -(int)LinuxErrno.ENOTTY;
                    LinuxDriveGeometry geometry = default;
                    geometry.Heads = facts.Heads;
                    geometry.Sectors = facts.SectorsPerTrack;
                    geometry.Cylinders = facts.Cylinders;
                    geometry.Start = extent.Start * (ulong)facts.SectorSize / 512;
                    return Copy(client, request.Grant, &geometry, LinuxDriveGeometry.Size);
                default: return -(int)LinuxErrno.ENOTTY;
            }
            return Answer(client, request.Grant, value, sizeof(ulong));
        }

        private static unsafe long Answer(int client, int grant, ulong value, int size) => Copy(client, grant, &value, size);

        private static unsafe long Copy(int client, int grant, void* value, int size) =>
            Syscalls.SafeCopyTo(client, grant, 0, value, (ulong)size) == 0 ? 0 : -(int)LinuxErrno.EFAULT;
    }
}
