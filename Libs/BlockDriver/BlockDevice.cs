using System;
using Lunix.SystemLibrary;

namespace Lunix.BlockDriver
{
    // A block device driver's side of the protocol (MINIX's struct blockdriver): the drives it
    // has and whole-sector transfers on them. BlockDriverLoop does the rest: the requests'
    // checks, partitions, the copies through the clients' grants, open counts and ioctls.
    // Results are 0 or a negated Linux errno (ENXIO: no such drive; EIO: the drive failed).
    public abstract class BlockDevice : SefService
    {
        // The most one Read or Write moves: the library cuts every request into chunks of this size.
        public const int ChunkBytes = 64 * 1024;

        // Drives are numbered 0..Drives-1 (minor = drive * 16 + partition).
        public abstract int Drives { get; }

        // The first open of `drive` (none of its minors open): is it there, and what is it now
        // (a CD drive asks its medium).
        public abstract int OpenDrive(int drive, out DriveFacts facts);

        // The last close of `drive`.
        public virtual void CloseDrive(int drive) { }

        // `into.Length` bytes (whole sectors, at most ChunkBytes) from `sector`.
        public abstract int Read(int drive, ulong sector, Span<byte> into);

        // `data.Length` bytes (whole sectors, at most ChunkBytes) to `sector`.
        public abstract int Write(int drive, ulong sector, ReadOnlySpan<byte> data);

        // The kernel's notifications: an interrupt or an alarm that came while no request waited.
        public virtual void KernelNotified() { }
    }
}
