using Lunix.Arch.X86.Memory;
using Lunix.Abi;
using Lunix.Kernel.Ipc;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Boot
{
    // The boot image table (MINIX's table.c): every program the kernel starts by itself, in start
    // order, each found as the multiboot2 module of the same name. Privileges (IPC targets, kernel
    // calls, I/O ports, IRQs, memory ranges) join each entry with the IPC work.
    public static unsafe class BootImage
    {
        private struct Entry
        {
            public string Module;
            public string Label;        // the service's name for RS (default: the module's)
            public int Slot;            // fixed, so its endpoint is known (Abi/BootEndpoints.cs)
            public int Priority;
            public bool Daemon;         // runs forever: `poweroff` does not wait for it
            public string[] Suites;     // started only with suite=<one of these>, or always when null
            public uint Traps;          // IPC primitives it may use: bit (1 << Traps.X)
            public ulong SendTo;        // slots it may send to: bit (1 << slot); AllSlots for any
            public ulong Calls;         // kernel calls it may make: bit (1 << KernelCalls.X)
            public ushort PortFirst;    // one I/O port range [PortFirst, PortLast] for DEVIO/VDEVIO,
            public ushort PortLast;     // when PortLast != 0
            public uint Irqs;           // ISA interrupt lines it may attach to: bit (1 << irq)
            // A service RS manages: RS is its signal manager, initialises it (SEF) in table order,
            // pings it every PingTicks and restarts it after a crash, as Service says.
            public bool Managed;
            public ServiceFlags Service;
            public int PingTicks;
            public int SignalManager;   // the slot of its signal manager when it is not managed by RS (0: none)
        }

        private const uint AllTraps = 1u << Lunix.Abi.Traps.Send | 1u << Lunix.Abi.Traps.Receive | 1u << Lunix.Abi.Traps.SendReceive
                                      | 1u << Lunix.Abi.Traps.Notify | 1u << Lunix.Abi.Traps.SendNonBlocking | 1u << Lunix.Abi.Traps.ReplyReceive
                                      | 1u << Lunix.Abi.Traps.SendAsync;
        private const ulong AllSlots = ulong.MaxValue;
        private const ulong Basic = 1UL << KernelCalls.Exit | 1UL << KernelCalls.DiagCtl;
        private const ulong Clock = 1UL << KernelCalls.Times | 1UL << KernelCalls.SetAlarm | 1UL << KernelCalls.GetInfo;
        private const ulong Grants = 1UL << KernelCalls.SetGrant | 1UL << KernelCalls.SafeCopyFrom | 1UL << KernelCalls.SafeCopyTo;
        private const ulong PortIo = 1UL << KernelCalls.DevIo | 1UL << KernelCalls.VDevIo;
        private const ulong ServiceCalls = 1UL << KernelCalls.Kill | 1UL << KernelCalls.GetKSig | 1UL << KernelCalls.Clear | 1UL << KernelCalls.Restart
                                          | 1UL << KernelCalls.Update | 1UL << KernelCalls.Spawn | 1UL << KernelCalls.Abort;
        private const ulong VmCalls = 1UL << KernelCalls.VmResolve | 1UL << KernelCalls.VmMap | 1UL << KernelCalls.VmUnmap | 1UL << KernelCalls.VmShare
                                     | 1UL << KernelCalls.VmRegions | 1UL << KernelCalls.Fork;
        // What every SEF service uses: RECEIVE (its loop), SEND (InitDone), SENDNB (replies, which
        // no client can block), NOTIFY (ping answers), SENDREC (to DS and other servers).
        private const uint ServiceTraps = 1u << Lunix.Abi.Traps.Receive | 1u << Lunix.Abi.Traps.Send | 1u << Lunix.Abi.Traps.SendNonBlocking
                                          | 1u << Lunix.Abi.Traps.Notify | 1u << Lunix.Abi.Traps.SendReceive;
        private const int DriverPingTicks = 25;    // a quarter second at the default 100 Hz
        private const int ServerPingTicks = 100;   // a second, as MINIX's RS

        private static readonly Entry[] s_table =
        {
            // The system services, always started: RS first (it initialises the others in this
            // order), then the services it manages.
            // RS is its own signal manager (as in MINIX): nobody restarts it, so a crash of RS is a
            // panic, except while it updates itself (its old version is then its backup manager).
            // Grants: the old RS hands its state to the new one through a grant.
            new Entry { Module = "rs", Slot = BootEndpoints.Rs, Priority = 1, Daemon = true, Calls = Basic | Clock | ServiceCalls | Grants,
                        Traps = AllTraps, SendTo = AllSlots, SignalManager = BootEndpoints.Rs },
            // The data store answers and notifies whoever asks it, so it may send to every slot.
            new Entry { Module = "ds", Slot = BootEndpoints.Ds, Priority = 2, Daemon = true, Calls = Basic | Grants,
                        Traps = ServiceTraps, SendTo = AllSlots, Managed = true, Service = ServiceFlags.KeepEndpoint | ServiceFlags.Critical, PingTicks = ServerPingTicks },
            new Entry { Module = "hello", Slot = BootEndpoints.Hello, Priority = 2, Daemon = true, Calls = Basic | Grants,
                        Traps = ServiceTraps, SendTo = AllSlots, Managed = true, Service = ServiceFlags.KeepEndpoint, PingTicks = DriverPingTicks },
            // VM, the virtual-memory server: every page fault of another process reaches it; it
            // answers with SENDNB.
            new Entry { Module = "vm", Slot = BootEndpoints.Vm, Priority = 2, Daemon = true, Calls = Basic | VmCalls,
                        Traps = ServiceTraps, SendTo = AllSlots, Managed = true, Service = ServiceFlags.KeepEndpoint | ServiceFlags.Critical, PingTicks = ServerPingTicks },
            // The recovery suite: hello once more with the other restart policy, and two services
            // that fail their initialisation (one reports failure, one never reports).
            new Entry { Module = "hello", Label = "hellonew", Slot = BootEndpoints.HelloNew, Priority = 2, Daemon = true, Suites = new[] { "recovery", "faultinject" },
                        Calls = Basic | Grants, Traps = ServiceTraps, SendTo = AllSlots, Managed = true, PingTicks = DriverPingTicks },
            new Entry { Module = "initfails", Slot = BootEndpoints.InitFails, Priority = 2, Daemon = true, Suites = new[] { "recovery" },
                        Calls = Basic, Traps = ServiceTraps, SendTo = 1UL << BootEndpoints.Rs, Managed = true },
            new Entry { Module = "inithangs", Slot = BootEndpoints.InitHangs, Priority = 2, Daemon = true, Suites = new[] { "recovery" },
                        Calls = Basic, Traps = ServiceTraps, SendTo = 1UL << BootEndpoints.Rs, Managed = true },
            // The critical suite: a critical service that fails its initialisation stops the system.
            new Entry { Module = "initfails", Label = "critical", Slot = BootEndpoints.InitFails, Priority = 2, Daemon = true, Suites = new[] { "critical" },
                        Calls = Basic, Traps = ServiceTraps, SendTo = 1UL << BootEndpoints.Rs, Managed = true, Service = ServiceFlags.Critical },
            new Entry { Module = "recoverytest", Slot = BootEndpoints.RecoveryTest, Priority = 3, Suites = new[] { "recovery" },
                        Calls = Basic | Clock | Grants, Traps = 1u << Lunix.Abi.Traps.SendReceive | 1u << Lunix.Abi.Traps.Receive,
                        SendTo = 1UL << BootEndpoints.Rs | 1UL << BootEndpoints.Ds | 1UL << BootEndpoints.Hello | 1UL << BootEndpoints.HelloNew | 1UL << BootEndpoints.Vm },
            new Entry { Module = "liveupdatetest", Slot = BootEndpoints.LiveUpdateTest, Priority = 3, Suites = new[] { "liveupdate" },
                        Calls = Basic | Clock | Grants, Traps = 1u << Lunix.Abi.Traps.SendReceive | 1u << Lunix.Abi.Traps.Receive,
                        SendTo = 1UL << BootEndpoints.Rs | 1UL << BootEndpoints.Ds | 1UL << BootEndpoints.Hello | 1UL << BootEndpoints.Vm },
            // The faultinject suite: the campaign runs at the servers' priority, so that a server in an
            // endless loop cannot starve its watchdog alarm; its client runs below, as clients do.
            new Entry { Module = "faultcampaign", Slot = BootEndpoints.FaultCampaign, Priority = 2, Suites = new[] { "faultinject" }, Calls = Basic | Clock,
                        Traps = 1u << Lunix.Abi.Traps.SendReceive | 1u << Lunix.Abi.Traps.Receive | 1u << Lunix.Abi.Traps.SendNonBlocking,
                        SendTo = 1UL << BootEndpoints.Rs | 1UL << BootEndpoints.FaultClient },
            new Entry { Module = "faultclient", Slot = BootEndpoints.FaultClient, Priority = 3, Daemon = true, Suites = new[] { "faultinject" }, Calls = Basic | Grants,
                        Traps = 1u << Lunix.Abi.Traps.SendReceive | 1u << Lunix.Abi.Traps.Receive,
                        SendTo = 1UL << BootEndpoints.Ds | 1UL << BootEndpoints.Hello | 1UL << BootEndpoints.HelloNew | 1UL << BootEndpoints.FaultCampaign },
            // The isolation suite: a program that faults (more urgent, so it faults first) and
            // one that never stops, beside init at init's priority.
            new Entry { Module = "faulter", Slot = BootEndpoints.Faulter, Priority = 3, Suites = new[] { "isolation" }, Calls = Basic },
            new Entry { Module = "spinner", Slot = BootEndpoints.Spinner, Priority = 4, Daemon = true, Suites = new[] { "isolation" }, Calls = Basic },
            // The IPC suite (and the benchmark mode): a server and its client. Ping may talk to
            // pong (and name itself, to see ELOCKED), to RS and hello (the hello_restart figure), to
            // VM (vm_demand_zero_fault) but not to init, and may not call GETINFO or PRIVCTL; it may
            // use the CMOS/RTC index and data ports (0x70-0x71) through DEVIO/VDEVIO.
            new Entry { Module = "pong", Slot = BootEndpoints.Pong, Priority = 2, Daemon = true, Suites = new[] { "ipc", "fuzz" }, Calls = Basic,
                        Traps = 1u << Lunix.Abi.Traps.Receive | 1u << Lunix.Abi.Traps.Send | 1u << Lunix.Abi.Traps.ReplyReceive
                                | 1u << Lunix.Abi.Traps.Notify | 1u << Lunix.Abi.Traps.SendAsync,
                        SendTo = 1UL << BootEndpoints.Ping | 1UL << BootEndpoints.Fuzzer | 1UL << 20 },
            // Two helpers that set up blocked senders for ping's deadlock checks.
            new Entry { Module = "relaya", Slot = BootEndpoints.RelayA, Priority = 2, Suites = new[] { "ipc" }, Calls = Basic,
                        Traps = 1u << Lunix.Abi.Traps.Send, SendTo = 1UL << BootEndpoints.RelayB },
            new Entry { Module = "relayb", Slot = BootEndpoints.RelayB, Priority = 2, Suites = new[] { "ipc" }, Calls = Basic,
                        Traps = 1u << Lunix.Abi.Traps.Send | 1u << Lunix.Abi.Traps.Receive, SendTo = 1UL << BootEndpoints.Ping },
            new Entry { Module = "ping", Slot = BootEndpoints.Ping, Priority = 3, Suites = new[] { "ipc" },
                        Calls = Basic | 1UL << KernelCalls.Times | 1UL << KernelCalls.SetAlarm | 1UL << KernelCalls.Umap | PortIo | 1UL << KernelCalls.IrqCtl,
                        PortFirst = 0x70, PortLast = 0x71, Irqs = 1u << 8,
                        Traps = AllTraps & ~(1u << Lunix.Abi.Traps.SendAsync), SendTo = 1UL << BootEndpoints.Rs | 1UL << BootEndpoints.Vm | 1UL << BootEndpoints.Hello | 1UL << BootEndpoints.Pong | 1UL << BootEndpoints.Ping | 1UL << 20 | 1UL << BootEndpoints.RelayA | 1UL << BootEndpoints.RelayB },
            // The fuzz suite: random system calls beside pong, with every right but port I/O: it may
            // call DEVIO, VDEVIO and PRIVCTL but has no port range, so its port accesses fail with
            // EPERM and never reach the hardware.
            new Entry { Module = "fuzzer", Slot = BootEndpoints.Fuzzer, Priority = 3, Suites = new[] { "fuzz" },
                        Calls = Basic | Clock | 1UL << KernelCalls.Umap | PortIo | 1UL << KernelCalls.PrivCtl | Grants,
                        Traps = AllTraps, SendTo = AllSlots },
            // The grants suite: a driver that grants parts of its memory, and two copiers (one
            // program, two processes) that copy through those grants when asked.
            new Entry { Module = "copier", Slot = BootEndpoints.CopierA, Priority = 2, Daemon = true, Suites = new[] { "grants" }, Calls = Basic | Grants,
                        Traps = 1u << Lunix.Abi.Traps.Receive | 1u << Lunix.Abi.Traps.Send, SendTo = 1UL << BootEndpoints.GrantTest },
            new Entry { Module = "copier", Slot = BootEndpoints.CopierB, Priority = 2, Daemon = true, Suites = new[] { "grants" }, Calls = Basic | Grants,
                        Traps = 1u << Lunix.Abi.Traps.Receive | 1u << Lunix.Abi.Traps.Send, SendTo = 1UL << BootEndpoints.GrantTest },
            new Entry { Module = "granttest", Slot = BootEndpoints.GrantTest, Priority = 3, Suites = new[] { "grants" }, Calls = Basic | Grants,
                        Traps = 1u << Lunix.Abi.Traps.SendReceive, SendTo = 1UL << BootEndpoints.CopierA | 1UL << BootEndpoints.CopierB },
            // The vm suite: VM's test client, which is also the signal manager of the second process
            // it shares memory with (and which it makes fault). It forks: its children, in any
            // free slot with its privileges, and it talk to each other, so it may send to any slot.
            new Entry { Module = "vmpeer", Slot = BootEndpoints.VmPeer, Priority = 2, Daemon = true, Suites = new[] { "vm" }, Calls = Basic | 1UL << KernelCalls.Umap,
                        Traps = 1u << Lunix.Abi.Traps.Receive | 1u << Lunix.Abi.Traps.Send, SendTo = 1UL << BootEndpoints.VmTest, SignalManager = BootEndpoints.VmTest },
            // Port 0x80 (POST codes): VDEVIO for the vm suite's case of a kernel call waiting for VM.
            new Entry { Module = "vmtest", Slot = BootEndpoints.VmTest, Priority = 3, Suites = new[] { "vm" },
                        Calls = Basic | Clock | Grants | PortIo | 1UL << KernelCalls.Umap | 1UL << KernelCalls.GetKSig | 1UL << KernelCalls.Clear,
                        Traps = 1u << Lunix.Abi.Traps.SendReceive | 1u << Lunix.Abi.Traps.Send | 1u << Lunix.Abi.Traps.Receive | 1u << Lunix.Abi.Traps.SendAsync,
                        SendTo = AllSlots, PortFirst = 0x80, PortLast = 0x80 },
            // The ds suite: the data store's test client and a second process it acts through.
            new Entry { Module = "dspeer", Slot = BootEndpoints.DsPeer, Priority = 2, Daemon = true, Suites = new[] { "ds" }, Calls = Basic,
                        Traps = 1u << Lunix.Abi.Traps.Receive | 1u << Lunix.Abi.Traps.Send | 1u << Lunix.Abi.Traps.SendReceive,
                        SendTo = 1UL << BootEndpoints.Ds | 1UL << BootEndpoints.DsTest },
            new Entry { Module = "dstest", Slot = BootEndpoints.DsTest, Priority = 3, Suites = new[] { "ds" }, Calls = Basic | Grants | 1UL << KernelCalls.SetAlarm,
                        Traps = 1u << Lunix.Abi.Traps.SendReceive | 1u << Lunix.Abi.Traps.Receive, SendTo = 1UL << BootEndpoints.Ds | 1UL << BootEndpoints.DsPeer },
            new Entry { Module = "init", Slot = BootEndpoints.Init, Priority = 4, Calls = Basic },
        };

        private static Privileges PrivilegesOf(in Entry entry)
        {
            Privileges privileges = default;
            privileges.TrapMask = entry.Traps;
            for (int slot = 0; slot < 64; slot++)
                if ((entry.SendTo & (1UL << slot)) != 0) privileges.SendTo.Add(slot);
            if (entry.SendTo == AllSlots) privileges.SendTo.AddAll();
            for (int call = 0; call < 64; call++)
                if ((entry.Calls & (1UL << call)) != 0) privileges.AllowCall(call);
            if (entry.PortLast != 0) privileges.AllowPorts(entry.PortFirst, entry.PortLast);
            privileges.IrqMask = entry.Irqs;
            if (entry.Managed) privileges.SetSignalManager(BootEndpoints.Rs);
            else if (entry.SignalManager != 0) privileges.SetSignalManager(entry.SignalManager);
            return privileges;
        }

        // GETINFO BootServices: the started services RS manages, in table order; returns how many
        // were written (at most services.Length).
        public static int Services(System.Span<BootService> services)
        {
            int count = 0;
            foreach (Entry entry in s_table)
            {
                if (!entry.Managed || count == services.Length) continue;
                // Suites may give one slot to different entries: only the one started counts.
                if (!StartsNow(in entry) || ProcessTable.Slot(entry.Slot).State == ProcessState.Free) continue;
                ref BootService service = ref services[count++];
                service = default;
                service.Endpoint = IpcProcesses.EndpointOf(entry.Slot);
                service.Flags = entry.Service;
                service.PingTicks = entry.PingTicks;
                service.Label = ServiceLabel.From(entry.Label ?? entry.Module);
            }
            return count;
        }

        // A program's symbol table is the module "<name>.symbols".
        private static Diagnostics.SymbolTable SymbolsFor(BootInfo info, string module)
        {
            string name = string.Concat(module, ".symbols");
            foreach (BootModule candidate in info.Modules)
                if (candidate.Name == name && Diagnostics.SymbolTable.TryParse(DirectMap.ToVirtual(candidate.Start), (int)(candidate.End - candidate.Start), out var table, out _))
                    return table;
            return null;
        }

        // Programs of no suite always start; a suite's with suite=<it>. The benchmark mode runs
        // the ipc suite's programs, whose ping measures the IPC figures.
        private static bool StartsNow(in Entry entry)
        {
            if (entry.Suites == null) return true;
            string wanted = KernelOptions.Bench ? "ipc" : KernelOptions.Suite;
            foreach (string suite in entry.Suites)
                if (suite == wanted || suite == KernelOptions.Suite) return true;
            return false;
        }

        // Starts each program whose module is present; returns how many started.
        public static int StartAll(BootInfo info)
        {
            int started = 0;
            foreach (Entry entry in s_table)
            {
                if (!StartsNow(entry)) continue;
                foreach (BootModule module in info.Modules)
                {
                    if (module.Name != entry.Module) continue;
                    var program = new ProgramImage
                    {
                        Name = entry.Label ?? entry.Module, File = DirectMap.ToVirtual(module.Start), Length = (int)(module.End - module.Start),
                        Priority = entry.Priority, Daemon = entry.Daemon, Symbols = SymbolsFor(info, entry.Module), Privileges = PrivilegesOf(entry),
                    };
                    if (ProgramLoader.Load(program, entry.Slot) >= 0) started++;
                }
            }
            return started;
        }
    }
}
