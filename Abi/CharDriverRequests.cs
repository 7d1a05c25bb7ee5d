namespace Lunix.Abi
{
    // Requests to a character driver (MINIX's CDEV_* protocol), by SENDREC (client side:
    // Libs/SystemLibrary/CharDriverCalls.cs, driver side: Libs/CharDriver). Data moves through a
    // grant the caller makes out to the driver. Every reply is of type Reply, a CharDriverReply.
    public static class CharDriverRequests
    {
        public const int Open = 0x0800;     // a CharDriverOpenClose
        public const int Close = 0x0801;    // a CharDriverOpenClose
        public const int Read = 0x0802;     // a CharDriverReadWrite: the driver writes up to Length bytes into the grant
        public const int Write = 0x0803;    // a CharDriverReadWrite: the driver reads Length bytes from the grant
        public const int Reply = 0x0880;
    }

    public struct CharDriverOpenClose : IMessagePayload
    {
        public int Minor;
    }

    public struct CharDriverReadWrite : IMessagePayload
    {
        public int Minor;
        public int Grant;               // the caller's grant to the driver: Write right for Read, Read right for Write
        public ulong Position;          // on the device
        public ulong Length;            // bytes to move, at most the grant's length
    }

    public struct CharDriverReply : IMessagePayload
    {
        public long Result;             // 0, the bytes moved, or a negated Errno
    }
}
