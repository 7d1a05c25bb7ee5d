using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.CharDriver
{
    // A character driver (MINIX's libchardriver): the driver overrides the operations it
    // supports; Run starts it under SEF, publishes "drv.<label>" = DriverUp in DS (after every
    // start, so clients subscribed to "drv." learn of restarts), and serves requests
    // (Abi/CharDriverRequests.cs) one at a time. A request either completes or fails with an
    // error; data moves only through the caller's grant, whose owner is always the caller.
    public abstract unsafe class CharDevice : SefService
    {
        public virtual int Open(int minor, int caller) => 0;
        public virtual int Close(int minor, int caller) => 0;
        // Results: bytes moved, or a negated Errno. `request` names the caller's grant.
        public virtual long Read(int minor, in DataRequest request) => -(int)Errno.EINVAL;
        public virtual long Write(int minor, in DataRequest request) => -(int)Errno.EINVAL;
    }

    // The caller's side of a read or write: copy through its grant with these.
    public readonly unsafe struct DataRequest
    {
        public readonly int Caller, Grant;
        public readonly ulong Position, Length;

        public DataRequest(int caller, int grant, ulong position, ulong length)
        {
            Caller = caller;
            Grant = grant;
            Position = position;
            Length = length;
        }

        public int CopyToCaller(ulong offset, void* bytes, ulong length) => Syscalls.SafeCopyTo(Caller, Grant, offset, bytes, length);
        public int CopyFromCaller(ulong offset, void* bytes, ulong length) => Syscalls.SafeCopyFrom(Caller, Grant, offset, bytes, length);
    }

    public static unsafe class CharDriverLoop
    {
        public static void Run(CharDevice device)
        {
            Sef.Startup(device);
            PublishUp();
            Message message;
            while (true)
            {
                if (Sef.Receive(&message) != 0 || message.Type == Message.NotifyMessage) continue;
                Message reply = default;
                reply.Type = CharDriverRequests.Reply;
                reply.Word0 = Dispatch(device, in message);
                Sef.Reply(message.Source, &reply);
            }
        }

        private static void PublishUp()
        {
            System.Span<char> key = stackalloc char[DsRequests.KeyBytes];
            DsRequests.DriverPrefix.AsSpan().CopyTo(key);
            int length = DsRequests.DriverPrefix.Length + Sef.Label.CopyTo(key.Slice(DsRequests.DriverPrefix.Length));
            int published = DataStore.PublishU32(key.Slice(0, length), DsRequests.DriverUp, DsFlags.Overwrite);
            if (published != 0)
                new ConsoleLine(stackalloc char[64]).Append("chardriver: cannot publish driver up, error ").Append((ulong)-published).Print();
        }

        private static long Dispatch(CharDevice device, in Message message)
        {
            int minor = (int)message.Word0;
            var request = new DataRequest(message.Source, (int)message.Word1, (ulong)message.Word2, (ulong)message.Word3);
            return message.Type switch
            {
                CharDriverRequests.Open => device.Open(minor, message.Source),
                CharDriverRequests.Close => device.Close(minor, message.Source),
                CharDriverRequests.Read => device.Read(minor, request),
                CharDriverRequests.Write => device.Write(minor, request),
                _ => -(int)Errno.EBADREQUEST,
            };
        }
    }
}
