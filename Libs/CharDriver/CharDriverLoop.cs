using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.CharDriver
{
    // The request loops (MINIX's chardriver_task): Run starts the driver under SEF, publishes
    // "drv.<label>" = DriverUp in DS (after every start, so clients subscribed to "drv." learn of
    // restarts), and serves requests (Abi/CharDriverRequests.cs) one message at a time: a
    // CharDevice's each answered at once to its waiting caller (SENDNB), an AsyncCharDevice's
    // answered by SENDA, now or later.
    public static class CharDriverLoop
    {
        // An AsyncCharDevice operation's result: the request is held and answered later.
        public const long Held = long.MinValue;

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

        public static void Run(AsyncCharDevice device)
        {
            Sef.Startup(device);
            PublishUp();
            while (true)
            {
                if (Sef.Receive(out Message message) != 0) continue;
                if (message.Type == Message.NotifyMessage)
                {
                    if (message.Source == BootEndpoints.Kernel) device.KernelNotified();
                    continue;
                }
                Serve(device, ref message);
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

        // One request to an asynchronous device, answered unless held (or a Cancel, whose
        // request the device answers).
        private static void Serve(AsyncCharDevice device, ref Message message)
        {
            int source = message.Source;
            long result;
            int id, minor;
            switch (message.Type)
            {
                case CharDriverRequests.Open:
                case CharDriverRequests.Close:
                    ref CharDriverOpenClose open = ref message.Payload<CharDriverOpenClose>();
                    (id, minor) = (open.Id, open.Minor);
                    var openRequest = new CharRequest(source, id, minor, open.Flags, open.Caller);
                    result = message.Type == CharDriverRequests.Open ? device.Open(openRequest) : device.Close(openRequest);
                    break;
                case CharDriverRequests.Read:
                case CharDriverRequests.Write:
                    ref CharDriverReadWrite transfer = ref message.Payload<CharDriverReadWrite>();
                    (id, minor) = (transfer.Id, transfer.Minor);
                    var transferRequest = new CharRequest(source, id, minor, transfer.Flags, transfer.Caller);
                    result = message.Type == CharDriverRequests.Read
                        ? device.Read(transferRequest, transfer.Position, new GrantedSlice<Writable>(source, transfer.Grant, 0, transfer.Length))
                        : device.Write(transferRequest, transfer.Position, new GrantedSlice<Readable>(source, transfer.Grant, 0, transfer.Length));
                    break;
                case CharDriverRequests.Ioctl:
                    ref CharDriverIoctl ioctl = ref message.Payload<CharDriverIoctl>();
                    (id, minor) = (ioctl.Id, ioctl.Minor);
                    result = device.Ioctl(new CharRequest(source, id, minor, ioctl.Flags, ioctl.Caller), ioctl.Request, ioctl.Grant, ioctl.Argument);
                    break;
                case CharDriverRequests.SessionEnded:
                    ref CharDriverOpenClose ended = ref message.Payload<CharDriverOpenClose>();
                    (id, minor) = (ended.Id, ended.Minor);
                    result = device.SessionEnded(new CharRequest(source, id, minor, ended.Flags, ended.Caller));
                    break;
                case CharDriverRequests.Select:
                    ref CharDriverSelect select = ref message.Payload<CharDriverSelect>();
                    (id, minor) = (select.Id, select.Minor);
                    result = device.Select(source, minor, select.Operations, select.Watch != 0);
                    break;
                case CharDriverRequests.Cancel:
                    ref CharDriverCancel cancel = ref message.Payload<CharDriverCancel>();
                    device.Cancel(source, cancel.Minor, cancel.Id);
                    return;
                default:
                    // Not a request of this protocol: an Id cannot be trusted, so the answer names none.
                    (id, minor) = (0, 0);
                    result = -(long)LinuxErrno.EINVAL;
                    break;
            }
            if (result != Held) CharReplies.Answer(source, id, minor, result);
        }
    }
}
