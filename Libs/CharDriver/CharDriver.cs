using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.CharDriver
{
    // A character driver (MINIX's libchardriver): the driver overrides the operations it
    // supports; Run starts it under SEF, publishes "drv.<label>" = DriverUp in DS (after every
    // start, so clients subscribed to "drv." learn of restarts), and serves requests
    // (Abi/CharDriverRequests.cs) one at a time. A request either completes or fails with an
    // error; data moves only through the caller's grant, whose owner is always the caller.
    public abstract class CharDevice : SefService
    {
        public virtual int Open(int minor, int caller) => 0;
        public virtual int Close(int minor, int caller) => 0;
        // Results: bytes moved, or a negated Errno. `buffer` is the caller's memory to fill,
        // `data` the caller's bytes to take; `position` is on the device.
        public virtual long Read(int minor, ulong position, GrantedSlice<Writable> buffer) => -(int)Errno.EINVAL;
        public virtual long Write(int minor, ulong position, GrantedSlice<Readable> data) => -(int)Errno.EINVAL;
    }

    public static class CharDriverLoop
    {
        public static void Run(CharDevice device)
        {
            Sef.Startup(device);
            PublishUp();
            while (true)
            {
                if (Sef.Receive(out Message message) != 0 || message.Type == Message.NotifyMessage) continue;
                Message reply = default;
                reply.Type = CharDriverRequests.Reply;
                reply.Payload<CharDriverReply>().Result = Dispatch(device, ref message);
                Sef.Reply(message.Source, ref reply);
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

        private static long Dispatch(CharDevice device, ref Message message)
        {
            int caller = message.Source;
            switch (message.Type)
            {
                case CharDriverRequests.Open: return device.Open(message.Payload<CharDriverOpenClose>().Minor, caller);
                case CharDriverRequests.Close: return device.Close(message.Payload<CharDriverOpenClose>().Minor, caller);
                case CharDriverRequests.Read:
                    ref CharDriverReadWrite read = ref message.Payload<CharDriverReadWrite>();
                    return device.Read(read.Minor, read.Position, new GrantedSlice<Writable>(caller, read.Grant, 0, read.Length));
                case CharDriverRequests.Write:
                    ref CharDriverReadWrite write = ref message.Payload<CharDriverReadWrite>();
                    return device.Write(write.Minor, write.Position, new GrantedSlice<Readable>(caller, write.Grant, 0, write.Length));
                default:
                    return -(int)Errno.EBADREQUEST;
            }
        }
    }
}
