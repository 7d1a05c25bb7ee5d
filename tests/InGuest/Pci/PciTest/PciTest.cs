using System.Runtime;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;
using Lunix.Tests.InGuest;

namespace Lunix.Tests.InGuest.PciTest
{
    // The pci suite (suite=pci, on QEMU's `pc` machine under BIOS): this program asks the PCI
    // server (Drivers/Bus/Pci) what a driver would ask, and checks the answers against the
    // machine QEMU builds: the PIIX3 IDE controller (8086:7010, class 01.01.80) at 00:01.1 with
    // its bus-master range in BAR 4 (16 I/O ports) and no BAR 0 (compatibility mode), the host
    // bridge 8086:1237 at 00:00.0, and the server's answers to bad requests.
    internal static class PciTest
    {
        private const int Ide = 0x0101_80, IdeAddress = 1 << 3 | 1;

        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            int failed = 0;
            Tap.Plan(9);
            failed += Tap.Check(1, "the IDE controller is found by its class: 8086:7010 at 00:01.1", FindsIde());
            failed += Tap.Check(2, "it is found by its vendor and device ids too, and the host bridge 8086:1237 is 00:00.0", FindsByIds());
            failed += Tap.Check(3, "its BAR 4 is 16 I/O ports, BAR 0 is not implemented (ENOENT)", BarsOfIde());
            failed += Tap.Check(4, "its configuration registers read back its ids and class at widths 4, 2 and 1", ReadsConfig());
            failed += Tap.Check(5, "every function is found in turn, then ENODEV; at least the five of QEMU's pc machine", CountsFunctions());
            failed += Tap.Check(6, "a bad width, offset or BAR number is EINVAL", BadQueriesRefused());
            failed += Tap.Check(7, "a function that is not there is ENODEV", MissingIsNoDevice());
            failed += Tap.Check(8, "an unknown request is ENOSYS, and the server goes on answering", UnknownRequestRefused());
            failed += Tap.Check(9, "a program no manifest entry entitles to the IDE controller cannot reserve it (EPERM) nor write its registers", ReservationRefused());
            return failed;
        }

        private static long Ask(int type, PciFind find, out PciReply reply) => PciCalls.Request(type, in find, out reply);

        private static long Ask(int type, PciQuery query, out PciReply reply) => PciCalls.Request(type, in query, out reply);

        private static PciFind ByClass(int classCode, int index = 0) =>
            new PciFind { Index = index, Vendor = PciRequests.AnyId, Device = PciRequests.AnyId, Class = classCode, ClassMask = 0xFFFF00 };

        private static bool FindsIde() =>
            Ask(PciRequests.Find, ByClass(Ide), out PciReply ide) == 0
            && ide.Vendor == 0x8086 && ide.Device == 0x7010 && ide.Address == IdeAddress && ide.Class == Ide && ide.HeaderType == 0;

        private static bool FindsByIds() =>
            Ask(PciRequests.Find, new PciFind { Vendor = 0x8086, Device = 0x7010 }, out PciReply ide) == 0 && ide.Address == IdeAddress
            && Ask(PciRequests.Find, new PciFind { Vendor = 0x8086, Device = 0x1237 }, out PciReply host) == 0 && host.Address == 0
            && host.Class >> 8 == 0x0600;

        private static bool BarsOfIde() =>
            Ask(PciRequests.Bar, new PciQuery { Address = IdeAddress, Index = 4 }, out PciReply bar) == 0
            && bar.BarFlags == PciBarFlags.Io && bar.Size == 16 && bar.Base != 0 && bar.Base % 16 == 0
            && Ask(PciRequests.Bar, new PciQuery { Address = IdeAddress, Index = 0 }, out _) == -(long)LinuxErrno.ENOENT;

        private static bool ReadsConfig() =>
            Ask(PciRequests.ReadConfig, new PciQuery { Address = IdeAddress, Offset = 0, Width = 4 }, out _) == 0x7010_8086
            && Ask(PciRequests.ReadConfig, new PciQuery { Address = IdeAddress, Offset = 2, Width = 2 }, out _) == 0x7010
            && Ask(PciRequests.ReadConfig, new PciQuery { Address = IdeAddress, Offset = 0x0B, Width = 1 }, out _) == 0x01
            && Ask(PciRequests.ReadConfig, new PciQuery { Address = IdeAddress, Offset = 0x09, Width = 1 }, out _) == 0x80;

        private static bool CountsFunctions()
        {
            var any = new PciFind { Vendor = PciRequests.AnyId, Device = PciRequests.AnyId };
            int count = 0;
            for (; count < 256; count++)
            {
                any.Index = count;
                long found = Ask(PciRequests.Find, any, out _);
                if (found == -(long)LinuxErrno.ENODEV) break;
                if (found != 0) return false;
            }
            any.Index = -1;
            return count >= 5 && count < 256 && Ask(PciRequests.Find, any, out _) == -(long)LinuxErrno.ENODEV;
        }

        private static bool BadQueriesRefused() =>
            Ask(PciRequests.ReadConfig, new PciQuery { Address = IdeAddress, Offset = 0, Width = 3 }, out _) == -(long)LinuxErrno.EINVAL
            && Ask(PciRequests.ReadConfig, new PciQuery { Address = IdeAddress, Offset = 254, Width = 4 }, out _) == -(long)LinuxErrno.EINVAL
            && Ask(PciRequests.ReadConfig, new PciQuery { Address = IdeAddress, Offset = 1, Width = 2 }, out _) == -(long)LinuxErrno.EINVAL
            && Ask(PciRequests.ReadConfig, new PciQuery { Address = IdeAddress, Offset = -4, Width = 4 }, out _) == -(long)LinuxErrno.EINVAL
            && Ask(PciRequests.Bar, new PciQuery { Address = IdeAddress, Index = 6 }, out _) == -(long)LinuxErrno.EINVAL
            && Ask(PciRequests.Bar, new PciQuery { Address = IdeAddress, Index = -1 }, out _) == -(long)LinuxErrno.EINVAL;

        private static bool MissingIsNoDevice() =>
            Ask(PciRequests.Bar, new PciQuery { Address = 31 << 3, Index = 0 }, out _) == -(long)LinuxErrno.ENODEV
            && Ask(PciRequests.ReadConfig, new PciQuery { Address = 200 << 8, Offset = 0, Width = 4 }, out _) == -(long)LinuxErrno.ENODEV
            && Ask(PciRequests.Find, ByClass(0x0C0330), out _) == -(long)LinuxErrno.ENODEV;      // no xHCI on pc

        private static bool ReservationRefused() =>
            Ask(PciRequests.Reserve, new PciQuery { Address = IdeAddress }, out _) == -(long)LinuxErrno.EPERM
            && Ask(PciRequests.Reserve, new PciQuery { Address = 31 << 3 }, out _) == -(long)LinuxErrno.ENODEV
            // nor write a register of it: it holds no reservation
            && Ask(PciRequests.WriteConfig, new PciQuery { Address = IdeAddress, Offset = 0x40, Width = 4, Value = 0 }, out _) == -(long)LinuxErrno.EPERM
            && Ask(PciRequests.WriteConfig, new PciQuery { Address = 31 << 3, Offset = 0x40, Width = 4 }, out _) == -(long)LinuxErrno.ENODEV;

        private static bool UnknownRequestRefused() => Ask(0x0A7F, new PciQuery(), out _) == -(long)LinuxErrno.ENOSYS && FindsIde();
    }
}
