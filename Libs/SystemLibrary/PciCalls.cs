using Lunix.Abi;

namespace Lunix.SystemLibrary
{
    // A driver's side of the PCI server's protocol (Abi/PciRequests.cs), by SENDREC: find its
    // device, reserve it (its BARs and interrupt line join the driver's privileges), read its
    // BARs. Each returns the server's Result (0 or a negated errno; ReadConfig's value), the
    // IPC's error, or -EIO for a reply that is not the server's.
    public static class PciCalls
    {
        public static long Find(in PciFind find, out PciReply reply) => Request(PciRequests.Find, in find, out reply);

        public static long Reserve(int address, out PciReply reply) =>
            Request(PciRequests.Reserve, new PciQuery { Address = address }, out reply);

        public static long Bar(int address, int index, out PciReply reply) =>
            Request(PciRequests.Bar, new PciQuery { Address = address, Index = index }, out reply);

        // Any request by its type, with a PciFind or a PciQuery (the pci suite asks bad ones too).
        public static long Request(int type, in PciFind find, out PciReply reply)
        {
            Message message = default;
            message.Type = type;
            message.Payload<PciFind>() = find;
            return Exchange(ref message, out reply);
        }

        public static long Request(int type, in PciQuery query, out PciReply reply)
        {
            Message message = default;
            message.Type = type;
            message.Payload<PciQuery>() = query;
            return Exchange(ref message, out reply);
        }

        private static long Exchange(ref Message message, out PciReply reply)
        {
            long sent = Syscalls.SendReceive(BootEndpoints.Pci, ref message);
            reply = message.Payload<PciReply>();
            if (sent != 0) return sent;
            return message.Type == PciRequests.Reply ? reply.Result : -(long)Abi.Linux.LinuxErrno.EIO;
        }
    }
}
