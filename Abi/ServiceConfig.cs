using System;
using System.Runtime.InteropServices;

namespace Lunix.Abi
{
    // RS's table of services (MINIX's system.conf, compiled): the boot module "services", which
    // the build generates for each image from the manifest (manifest.toml, Boot/Manifest) and RS
    // reads through GETINFO BootModule. A ServiceTableHeader, then Count entries of EntrySize
    // bytes each, in the manifest's order: the order RS starts them in.
    public unsafe struct ServiceTableHeader
    {
        public const uint ExpectedMagic = 0x5653584C;   // "LXSV"
        public uint Magic;
        public int EntrySize;       // sizeof(ServiceConfig) when the table was written: a stale table is refused
        public int Count;
        public int Reserved;

        // The bytes of a table of `entries` entries.
        public static int SizeFor(int entries) => sizeof(ServiceTableHeader) + entries * sizeof(ServiceConfig);

        // The entries of a table image, a view into it; EINVAL for an image that is not a table
        // of this format, holds more entries than `capacity`, or ends before its last entry.
        public static int Read(ReadOnlySpan<byte> image, int capacity, out ReadOnlySpan<ServiceConfig> entries)
        {
            entries = default;
            if (image.Length < sizeof(ServiceTableHeader)) return -(int)Errno.EINVAL;
            var header = MemoryMarshal.Read<ServiceTableHeader>(image);
            if (header.Magic != ExpectedMagic || header.EntrySize != sizeof(ServiceConfig) || header.Count < 0 || header.Count > capacity
                || image.Length - sizeof(ServiceTableHeader) < header.Count * sizeof(ServiceConfig))
                return -(int)Errno.EINVAL;
            entries = MemoryMarshal.Cast<byte, ServiceConfig>(image.Slice(sizeof(ServiceTableHeader), header.Count * sizeof(ServiceConfig)));
            return 0;
        }
    }

    // One service as RS starts and keeps it.
    public struct ServiceConfig
    {
        public ServiceLabel Label;          // its name: in RS's requests, DS and reports
        public ServiceLabel Module;         // the boot module holding its program
        public int Slot;                    // its endpoint at generation 0
        public int Priority;                // 0 is the most urgent
        public ServiceStart Start;
        public ServiceFlags Flags;
        public int PingTicks;               // heartbeat period in clock ticks; 0: never pinged
        public int Reserved;
        public PrivilegeSet Privileges;     // what LOADPROGRAM gives it (Start Boot or Request)
    }

    // Who starts a service and when.
    public enum ServiceStart
    {
        Kernel = 1,     // the kernel loaded it and holds it until RS allows it to run (PRIVCTL Allow)
        Boot = 2,       // RS loads it at boot, in table order
        Request = 3,    // RS loads it when a client with ServiceFlags.Control asks (RsRequests.Start)
    }

    [Flags]
    public enum ServiceFlags
    {
        None = 0,
        KeepEndpoint = 1,   // restarted in place with the same endpoint; else a new one (clients look it up)
        Critical = 2,       // the system cannot go on without it: if RS cannot bring it back, RS stops the system (ABORT)
        Managed = 4,        // a SEF service: RS is its signal manager, initialises it, pings it and restarts it after a crash
        Daemon = 8,         // runs for ever: `poweroff` does not wait for it
        Control = 16,       // may ask RS to start services (RsRequests.Start): the in-guest test runner
        PciDevice = 32,     // a driver of PCI devices (manifest pci-devices, pci-classes): started only when the PCI server has one
    }
}
