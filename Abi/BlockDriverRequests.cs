namespace Lunix.Abi
{
    // Requests to a block driver (MINIX's BDEV_* protocol; the driver's side is Libs/BlockDriver,
    // the client's Libs/SystemLibrary/BlockDriverCalls.cs). Clients (VFS for block special files,
    // the file system servers for their devices) call by SENDREC: a block driver waits on nobody,
    // so a client may wait on it. Every request gets exactly one BlockDriverReply, carrying the
    // request's Id.
    //
    // Devices are numbered as Linux numbers a disk's: minor = drive * MinorsPerDrive + partition,
    // partition 0 the whole drive and 1..15 the partitions the driver found (MBR primary and
    // logical, or GPT), in Linux's order.
    //
    // A transfer's Position and Length are multiples of the device's sector size (else EINVAL).
    // One that runs past the device's end is cut at the end, and one that starts there moves
    // nothing (0). Within that, a transfer succeeds wholly or fails: the Result is the whole count
    // or a negated errno (EIO), never a part. Data moves through grants the client makes out to
    // the driver; Gather and Scatter take a vector of BlockVectorElement (at most MaxVector) in a
    // grant of its own, the elements' lengths multiples of the sector size too.
    //
    // A driver publishes itself in DS when it is ready ("driver up": the key BlockDriverLabels.Up
    // + its label, value its endpoint). Clients subscribe to it; after a restart they open their
    // devices again and send again what was in flight (reads and writes are idempotent: a sector
    // written twice holds the same bytes).
    public static class BlockDriverRequests
    {
        public const int Open = 0x0900;     // a BlockDriverOpenClose
        public const int Close = 0x0901;    // a BlockDriverOpenClose
        public const int Read = 0x0902;     // a BlockDriverTransfer: the driver writes Length bytes into the grant
        public const int Write = 0x0903;    // a BlockDriverTransfer: the driver reads Length bytes from the grant
        public const int Gather = 0x0904;   // a BlockDriverTransfer: Write from the vector's grants in order
        public const int Scatter = 0x0905;  // a BlockDriverTransfer: Read into the vector's grants in order
        public const int Ioctl = 0x0906;    // a BlockDriverIoctl
        public const int Reply = 0x0980;    // a BlockDriverReply

        public const int MinorsPerDrive = 16;
        public const int MaxVector = 64;
    }

    public static class BlockAccess
    {
        public const int Read = 1;
        public const int Write = 2;
    }

    public struct BlockDriverOpenClose : IMessagePayload
    {
        public int Minor;
        public int Access;                  // BlockAccess: Open of a read-only medium for Write is EROFS
        public int Id;
    }

    public struct BlockDriverTransfer : IMessagePayload
    {
        public int Minor;
        public int Grant;                   // Read/Write: the data's grant; Gather/Scatter: the vector's
        public ulong Position;              // bytes from the device's start
        public ulong Length;                // Read/Write: bytes; Gather/Scatter: the vector's elements
        public int Id;
        public int Flags;                   // none yet: 0
    }

    // One part of a Gather or Scatter: `Length` bytes of the client's grant `Grant`.
    public struct BlockVectorElement
    {
        public int Grant;
        public int Reserved;                // 0
        public ulong Length;
    }

    // Linux's block ioctls a driver answers (the argument is a grant of the value's size):
    // BLKGETSIZE64 (u64 bytes), BLKSSZGET (int sector size), BLKRRPART (read the partition table
    // again: EBUSY while a partition is open), HDIO_GETGEO where it has one.
    public struct BlockDriverIoctl : IMessagePayload
    {
        public int Minor;
        public uint Request;                // Linux's ioctl number
        public int Grant;                   // the argument, -1 for none
        public int Id;
    }

    public struct BlockDriverReply : IMessagePayload
    {
        public long Result;                 // a count, 0, or a negated Linux errno
        public int Id;
    }

    public static class BlockDriverLabels
    {
        // DS key prefix a block driver publishes under when ready: "blk.up." + its label.
        public const string Up = "blk.up.";
    }
}
