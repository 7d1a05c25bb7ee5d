using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.BlockDriver
{
    // The request loop (MINIX's blockdriver_task): Run starts the driver under SEF, publishes
    // "blk.up.<label>" = its endpoint in DS after every start (clients subscribed to it learn of
    // a restart, open again and send again what was in flight), and answers each request of
    // Abi/BlockDriverRequests.cs with one reply carrying its Id. Requests are served one at a
    // time; a driver waits for its drive inside Read and Write.
    public static class BlockDriverLoop
    {
        public static void Run(BlockDevice device)
        {
            Sef.Startup(device);
            OpenDrives.Start(device);
            PublishUp();
            while (true)
            {
                if (Sef.Receive(out Message message) != 0) continue;
                if (message.Type == Message.NotifyMessage)
                {
                    if (message.Source == BootEndpoints.Kernel) device.KernelNotified();
                    continue;
                }
                Message reply = default;
                reply.Type = BlockDriverRequests.Reply;
                ref BlockDriverReply answer = ref reply.Payload<BlockDriverReply>();
                answer.Result = Dispatch(device, ref message, out answer.Id);
                Sef.Reply(message.Source, ref reply);
            }
        }

        private static long Dispatch(BlockDevice device, ref Message message, out int id)
        {
            switch (message.Type)
            {
                case BlockDriverRequests.Open:
                case BlockDriverRequests.Close:
                    ref BlockDriverOpenClose open = ref message.Payload<BlockDriverOpenClose>();
                    id = open.Id;
                    return message.Type == BlockDriverRequests.Open ? OpenDrives.Open(open.Minor, open.Access) : OpenDrives.Close(open.Minor);
                case BlockDriverRequests.Read:
                case BlockDriverRequests.Write:
                case BlockDriverRequests.Gather:
                case BlockDriverRequests.Scatter:
                    ref BlockDriverTransfer transfer = ref message.Payload<BlockDriverTransfer>();
                    id = transfer.Id;
                    bool write = message.Type == BlockDriverRequests.Write || message.Type == BlockDriverRequests.Gather;
                    bool vectored = message.Type == BlockDriverRequests.Gather || message.Type == BlockDriverRequests.Scatter;
                    return BlockTransfers.Serve(device, message.Source, ref transfer, write, vectored);
                case BlockDriverRequests.Ioctl:
                    ref BlockDriverIoctl ioctl = ref message.Payload<BlockDriverIoctl>();
                    id = ioctl.Id;
                    return BlockIoctls.Serve(message.Source, ref ioctl);
                default:
                    id = 0;             // not this protocol's request: its Id means nothing
                    return -(long)LinuxErrno.EINVAL;
            }
        }

        private static void PublishUp()
        {
            Span<char> key = stackalloc char[DsRequests.KeyBytes];
            BlockDriverLabels.Up.AsSpan().CopyTo(key);
            int length = BlockDriverLabels.Up.Length + Sef.Label.CopyTo(key.Slice(BlockDriverLabels.Up.Length));
            int found = DataStore.RetrieveLabel(key.Slice(BlockDriverLabels.Up.Length, length - BlockDriverLabels.Up.Length), out int self);
            int published = found != 0 ? found : DataStore.PublishU32(key.Slice(0, length), (uint)self, DsFlags.Overwrite);
            if (published != 0)
                new ConsoleLine(stackalloc char[64]).Append("blockdriver: cannot publish driver up, error ").Append((ulong)-published).Print();
        }
    }
}
