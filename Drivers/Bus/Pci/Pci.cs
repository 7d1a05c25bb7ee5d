using System;
using System.Runtime;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Bus.Pci
{
    // The PCI server (MINIX's drivers/bus/pci): it alone touches configuration space (its
    // manifest gives it ports 0xCF8-0xCFF). At start it walks the buses (PciBus) and reports each
    // function on the console; then it answers drivers' questions (Abi/PciRequests.cs) from its
    // table. A restart walks again: the table is the hardware's, not state to keep.
    internal static class Pci
    {
        private static PciBus s_bus;
        private static PciReservations s_reservations;

        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            Sef.Startup(new PciEvents());
            while (true)
            {
                if (Sef.Receive(out Message message) != 0 || message.Type == Message.NotifyMessage) continue;
                Message reply = default;
                reply.Type = PciRequests.Reply;
                ref PciReply answer = ref reply.Payload<PciReply>();
                answer.Result = message.Type switch
                {
                    PciRequests.Find => Find(in message.Payload<PciFind>(), ref answer),
                    PciRequests.Bar => Bar(in message.Payload<PciQuery>(), ref answer),
                    PciRequests.ReadConfig => ReadConfig(in message.Payload<PciQuery>(), ref answer),
                    PciRequests.Reserve => Reserve(in message.Payload<PciQuery>(), message.Source, ref answer),
                    PciRequests.Present => Present(in message.Payload<PciQuery>(), ref answer),
                    PciRequests.WriteConfig => WriteConfig(in message.Payload<PciQuery>(), message.Source, ref answer),
                    _ => -(long)LinuxErrno.ENOSYS,
                };
                Sef.Reply(message.Source, ref reply);
            }
        }

        public static void Walk()
        {
            s_bus = new PciBus(new PortConfigSpace());
            s_bus.Walk();
            s_reservations = new PciReservations(s_bus, PciEntitlements.All, new KernelPrivileges());
            for (int i = 0; i < s_bus.Count; i++) Report(i);
            if (s_bus.Overflowed) new ConsoleLine(stackalloc char[80]).Append("pci: more than ").Append(PciBus.Capacity).Append(" functions; the rest are not served").Print();
        }

        private static long Find(in PciFind find, ref PciReply answer)
        {
            int index = find.Index < 0 ? -1 : s_bus.FindMatch(in find, find.Index);
            if (index < 0) return -(long)LinuxErrno.ENODEV;
            Describe(index, ref answer);
            return 0;
        }

        private static long Bar(in PciQuery query, ref PciReply answer)
        {
            int index = s_bus.Find(query.Address);
            if (index < 0) return -(long)LinuxErrno.ENODEV;
            if ((uint)query.Index >= PciBus.BarsPerFunction) return -(long)LinuxErrno.EINVAL;
            Describe(index, ref answer);
            ref readonly PciBar bar = ref s_bus.BarOf(index, query.Index);
            if (bar.Size == 0) return -(long)LinuxErrno.ENOENT;
            answer.Base = bar.Base;
            answer.Size = bar.Size;
            answer.BarFlags = bar.Flags;
            return 0;
        }

        private static long Reserve(in PciQuery query, int source, ref PciReply answer)
        {
            int index = s_bus.Find(query.Address);
            if (index < 0) return -(long)LinuxErrno.ENODEV;
            long reserved = s_reservations.Reserve(index, source);
            if (reserved != 0) return reserved;
            Describe(index, ref answer);
            return 0;
        }

        private static long Present(in PciQuery query, ref PciReply answer)
        {
            int index = s_reservations.FirstEntitled(query.Index);
            if (index < 0) return -(long)LinuxErrno.ENODEV;
            Describe(index, ref answer);
            return 0;
        }

        private static long ReadConfig(in PciQuery query, ref PciReply answer)
        {
            int index = s_bus.Find(query.Address);
            if (index < 0) return -(long)LinuxErrno.ENODEV;
            if (query.Width is not (1 or 2 or 4) || (uint)query.Offset > 256 - (uint)query.Width || query.Offset % query.Width != 0)
                return -(long)LinuxErrno.EINVAL;
            Describe(index, ref answer);
            uint register = s_bus.ReadRegister(query.Address, query.Offset & ~3);
            uint value = register >> (8 * (query.Offset & 3));
            return query.Width == 4 ? value : value & ((1u << (8 * query.Width)) - 1);
        }

        private static long WriteConfig(in PciQuery query, int source, ref PciReply answer)
        {
            int index = s_bus.Find(query.Address);
            if (index < 0) return -(long)LinuxErrno.ENODEV;
            long written = s_reservations.WriteConfig(index, source, query.Offset, query.Width, query.Value);
            if (written == 0) Describe(index, ref answer);
            return written;
        }

        private static void Describe(int index, ref PciReply answer)
        {
            ref readonly PciFunction function = ref s_bus.At(index);
            answer.Address = function.Address;
            answer.Vendor = function.Vendor;
            answer.Device = function.Device;
            answer.Class = function.Class;
            answer.Revision = function.Revision;
            answer.HeaderType = function.HeaderType;
            answer.InterruptLine = function.InterruptLine;
            answer.InterruptPin = function.InterruptPin;
        }

        // "pci: 00:01.1 8086:7010 01.01.80 IDE controller, irq 14, bar4 io 0xc040+16"
        private static void Report(int index)
        {
            ref readonly PciFunction function = ref s_bus.At(index);
            var line = new ConsoleLine(stackalloc char[200]).Append("pci: ")
                .AppendHex((ulong)PciAddress.Bus(function.Address), 2).Append(":").AppendHex((ulong)PciAddress.Device(function.Address), 2)
                .Append(".").AppendHex((ulong)PciAddress.Function(function.Address))
                .Append(" ").AppendHex(function.Vendor, 4).Append(":").AppendHex(function.Device, 4)
                .Append(" ").AppendHex((ulong)(function.Class >> 16), 2).Append(".").AppendHex((ulong)((function.Class >> 8) & 0xFF), 2)
                .Append(".").AppendHex((ulong)(function.Class & 0xFF), 2).Append(" ").Append(PciClassNames.Of(function.Class));
            if (function.InterruptPin != 0) line = line.Append(", irq ").Append(function.InterruptLine);
            for (int bar = 0; bar < PciBus.BarsPerFunction; bar++)
            {
                ref readonly PciBar b = ref s_bus.BarOf(index, bar);
                if (b.Size == 0) continue;
                line = line.Append(", bar").Append((ulong)bar).Append((b.Flags & PciBarFlags.Io) != 0 ? " io 0x" : " mem 0x").AppendHex(b.Base)
                           .Append("+").Append(b.Size);
            }
            line.Print();
        }
    }

    internal sealed class PciEvents : SefService
    {
        public override int InitFresh()
        {
            Pci.Walk();
            return 0;
        }
    }
}
