using System.Runtime;
using System;
using Lunix.Abi;
using Lunix.SystemLibrary;
using Lunix.Tests.InGuest;

namespace Lunix.Tests.InGuest.RecoveryTest
{
    // The recovery suite (suite=recovery), after MINIX's testrelpol: faults are injected into the
    // hello driver (restarted with its endpoint kept) and into hellonew (restarted with a new
    // one), DS and VM through RS, and each case checks that RS brings the service back in time,
    // with the endpoint its policy promises, and that the client's requests work afterwards.
    internal static class RecoveryTest
    {
        private const ulong ImmediateTicks = 20;        // a restart "at once": well under a ping period
        private const ulong PingTicks = 25;             // Kernel/Boot/BootImage.cs, DriverPingTicks
        private const ulong ServerPingTicks = 100;      //   and ServerPingTicks
        private static VmClient s_vm;

        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            int failed = 0;
            Tap.Plan(17);
            failed += Tap.Check(1, "RS initialised hello and knows it by its label", WaitUp("hello", 0, Kernel.Ticks() + 100) && ReincarnationServer.Status("hello", out _, out _) == BootEndpoints.Hello);
            failed += Tap.Check(2, "hello serves an open and a read", HelloClient.Opens(BootEndpoints.Hello) == 1);
            failed += Tap.Check(3, "a service whose initialisation fails is taken down", IsDown("initfails"));
            failed += Tap.Check(4, "a service whose initialisation never reports is taken down after the timeout", IsDown("inithangs"));
            failed += Tap.Check(5, "hello crashes (null write) and is restarted at once with the same endpoint", Recovers("hello", FaultKind.Crash, ImmediateTicks, keepsEndpoint: true));
            failed += Tap.Check(6, "after its restart hello serves again, its open count reset", HelloClient.Opens(BootEndpoints.Hello) == 1);
            failed += Tap.Check(7, "hellonew crashes and is restarted with a new endpoint; the old one is dead", NewEndpointPolicy());
            failed += Tap.Check(8, "hello crashes on a wild write and is restarted", Recovers("hello", FaultKind.WildWrite, ImmediateTicks, keepsEndpoint: true));
            failed += Tap.Check(9, "hello stops answering pings and is restarted", Recovers("hello", FaultKind.EndlessLoop, 3 * PingTicks + ImmediateTicks, keepsEndpoint: true));
            failed += Tap.Check(10, "a garbage reply reaches the client once, then replies are sound", GarbageOnce());
            failed += Tap.Check(11, "a crash soon after a restart waits out a backoff delay, then restarts", BacksOff());
            failed += Tap.Check(12, "RS restarts hello on request, keeping its endpoint", RestartOnRequest());
            failed += Tap.Check(13, "hello's restart is announced in DS as drv.hello to a subscriber of drv.", RestartAnnounced());
            failed += Tap.Check(14, "DS maps hellonew's label to its new endpoint", DataStore.RetrieveLabel("hellonew", out int endpoint) == 0 && endpoint == ReincarnationServer.Lookup("hellonew"));
            failed += Tap.Check(15, "DS crashes and is restarted; RS publishes every label again", DsRecovers());
            failed += Tap.Check(16, "VM crashes and is restarted at once with its endpoint; the new VM knows the client's region",
                                s_vm.MapAndTouch() && Recovers("vm", FaultKind.Crash, ImmediateTicks, keepsEndpoint: true) && s_vm.TouchesAnotherPage(1));
            failed += Tap.Check(17, "VM stops answering pings and is restarted; the region still works and unmaps",
                                Recovers("vm", FaultKind.EndlessLoop, 3 * ServerPingTicks + ImmediateTicks, keepsEndpoint: true) && s_vm.TouchesAnotherPage(2) && s_vm.Unmaps());
            return failed;
        }

        // Injects the fault and waits for the next restart to be up; checks time and endpoint.
        private static bool Recovers(string label, FaultKind fault, ulong withinTicks, bool keepsEndpoint)
        {
            int before = ReincarnationServer.Status(label, out _, out int restarts);
            ulong start = Kernel.Ticks();
            if (ReincarnationServer.InjectFault(label, fault) != 0) return false;
            if (!WaitUp(label, restarts + 1, start + withinTicks)) return false;
            int after = ReincarnationServer.Status(label, out _, out _);
            return keepsEndpoint ? after == before : after != before && Endpoint.SlotOf(after) == Endpoint.SlotOf(before);
        }

        private static bool NewEndpointPolicy()
        {
            int old = ReincarnationServer.Status("hellonew", out _, out _);
            if (!Recovers("hellonew", FaultKind.Crash, ImmediateTicks, keepsEndpoint: false)) return false;
            int now = ReincarnationServer.Status("hellonew", out _, out _);
            return CharDriverCalls.Open(old, 0) == -(int)Errno.EDEADSRCDST
                   && ReincarnationServer.Lookup("hellonew") == now
                   && HelloClient.Opens(now) == 1;
        }

        private static bool GarbageOnce()
        {
            if (ReincarnationServer.InjectFault("hello", FaultKind.GarbageReply) != 0) return false;
            // CharDriverCalls turns what is not a driver's reply into EIO.
            return CharDriverCalls.Open(BootEndpoints.Hello, 0) == -(int)Errno.EIO && CharDriverCalls.Open(BootEndpoints.Hello, 0) == 0;
        }

        // Two crashes in a row: the first restart is at once, the second only after a delay.
        private static bool BacksOff()
        {
            ReincarnationServer.Status("hello", out _, out int restarts);
            if (!Recovers("hello", FaultKind.Crash, ImmediateTicks, keepsEndpoint: true)) return false;
            if (ReincarnationServer.InjectFault("hello", FaultKind.Crash) != 0) return false;
            bool sawWaiting = false;
            ulong deadline = Kernel.Ticks() + 400;
            while (Kernel.Ticks() < deadline)
            {
                ReincarnationServer.Status("hello", out ServiceState state, out int now);
                sawWaiting |= state == ServiceState.Waiting;
                if (state == ServiceState.Up && now == restarts + 2) return sawWaiting;
                Kernel.Sleep(1);
            }
            return false;
        }

        private static bool RestartOnRequest()
        {
            ReincarnationServer.Status("hello", out _, out int restarts);
            long endpoint = ReincarnationServer.Restart("hello");
            return endpoint == BootEndpoints.Hello && ReincarnationServer.Status("hello", out ServiceState state, out int now) == BootEndpoints.Hello
                   && state == ServiceState.Up && now == restarts + 1 && HelloClient.Opens(BootEndpoints.Hello) == 1;
        }

        private static bool RestartAnnounced()
        {
            if (DataStore.Subscribe(DsRequests.DriverPrefix) != 0) return false;
            ReincarnationServer.Status("hello", out _, out int restarts);
            if (ReincarnationServer.InjectFault("hello", FaultKind.Crash) != 0 || !WaitUp("hello", restarts + 1, Kernel.Ticks() + 100)) return false;
            Span<char> key = stackalloc char[DsRequests.KeyBytes];
            ulong deadline = Kernel.Ticks() + 100;
            while (Kernel.Ticks() < deadline)
            {
                while (DataStore.Check(key, out int length, out _) == 0)
                    if (key.Slice(0, length).SequenceEqual("drv.hello")) return true;
                Kernel.Sleep(1);
            }
            return false;
        }

        // DS's store is lost with it; the labels come back as RS republishes them.
        private static bool DsRecovers()
        {
            if (!Recovers("ds", FaultKind.Crash, ImmediateTicks, keepsEndpoint: true)) return false;
            ulong deadline = Kernel.Ticks() + 100;
            while (Kernel.Ticks() < deadline)
            {
                if (DataStore.RetrieveLabel("hello", out int hello) == 0 && hello == BootEndpoints.Hello
                    && DataStore.RetrieveLabel("ds", out int ds) == 0 && ds == BootEndpoints.Ds) return true;
                Kernel.Sleep(1);
            }
            return false;
        }

        // RS gives up on a service that never reports after its init timeout (100 ticks).
        private static bool IsDown(string label)
        {
            ulong deadline = Kernel.Ticks() + 200;
            while (true)
            {
                if (ReincarnationServer.Status(label, out ServiceState state, out _) >= 0 && state == ServiceState.Down) return true;
                if (Kernel.Ticks() >= deadline) return false;
                Kernel.Sleep(1);
            }
        }

        private static bool WaitUp(string label, int restarts, ulong deadline)
        {
            while (true)
            {
                ReincarnationServer.Status(label, out ServiceState state, out int now);
                if (state == ServiceState.Up && now >= restarts) return true;
                if (Kernel.Ticks() >= deadline) return false;
                Kernel.Sleep(1);
            }
        }
    }
}
