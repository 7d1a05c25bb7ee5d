namespace Lunix.Abi
{
    // SENDA table entry flags, with MINIX's values (AMF_*).
    public static class AsyncFlags
    {
        public const int Valid = 0x01;          // the entry holds a message
        public const int Done = 0x02;           // set by the kernel once delivered or failed
        public const int Notify = 0x04;         // notify the sender when the entry completes
        public const int NoReply = 0x08;        // never accepted as the reply to a SENDREC
        public const int NotifyOnError = 0x10;  // notify the sender when delivery failed
        public const int Known = Valid | Done | Notify | NoReply | NotifyOnError;
    }

    // One entry of a SENDA table (MINIX's asynmsg_t), in the sender's memory: 80 bytes.
    public struct AsyncEntry
    {
        public int Flags;
        public int Destination;
        public Errno Result;
        public Message Message;
    }
}
