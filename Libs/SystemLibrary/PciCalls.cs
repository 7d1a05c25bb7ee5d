using Lunix.Abi;

namespace Lunix.SystemLibrary
{
    // A driver's side of the PCI server's protocol (Abi/PciRequests.cs), by SENDREC: find its
    // device, reserve it (its BARs and interrupt line join the driver's privileges), read its
    // BARs, read and (its own part, once reserved) write its configuration registers. Each
    // returns the server's Result (0 or a negated errno; ReadConfig's value), the IPC's error,
    // or -EIO for a reply that is not the server's.
    public static class PciCalls
    {
        public static long Find(in PciFind find, out PciReply reply) => Request(PciRequests.Find, in find, out reply);

        public static long Reserve(int address, out PciReply reply) =>
            Request(PciRequests.Reserve, new PciQuery { Address = address }, out reply);

        public static long Bar(int address, int index, out PciReply reply) =>
            Request(PciRequests.Bar, new PciQuery { Address = address, Index = index }, out reply);

        // A configuration register's value (Width 1, 2 or 4 bytes at Offset), or a negated errno.
        public static long ReadConfig(int address, int offset, int width) =>
            Request(PciRequests.ReadConfig, new PciQuery { Address = address, Offset = offset, Width = width }, out _);

        // A register of the reserved device's own part of configuration space (0x40 and up) written.
        public static long WriteConfig(int address, int offset, int width, uint value) =>
            Request(PciRequests.WriteConfig, new PciQuery { Address = address, Offset = offset, Width = width, Value = value }, out _);

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
