namespace Lunix.Abi
{
    // Requests to a character driver (MINIX's CDEV_* protocol), by SENDREC. Word0 = minor device;
    // data moves through a grant the caller makes out to the driver: Word1 = grant id, Word2 =
    // position, Word3 = length. The reply's Word0 is 0, the bytes moved, or a negated Errno.
    public static class CharDriverRequests
    {
        public const int Open = 0x0800;
        public const int Close = 0x0801;
        public const int Read = 0x0802;     // the driver writes up to Word3 bytes into the grant
        public const int Write = 0x0803;    // the driver reads Word3 bytes from the grant
        public const int Reply = 0x0880;
    }
}
