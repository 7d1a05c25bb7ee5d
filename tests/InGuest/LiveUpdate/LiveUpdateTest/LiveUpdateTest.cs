using System.Runtime;
using Lunix.Abi;
using Lunix.SystemLibrary;
using Lunix.Tests.InGuest;

namespace Lunix.Tests.InGuest.LiveUpdateTest
{
    // The liveupdate suite (suite=liveupdate): RS replaces hello, DS and VM by new copies of their
    // programs while this client uses them. A successful update keeps the endpoint and the state
    // (hello's open count, carried through DS; DS's whole store, through a grant; VM's regions,
    // from the records the kernel keeps for it); a new version
    // that crashes, fails or hangs in its initialisation is rolled back, and the old version,
    // with its state, goes on serving. Then RS updates itself: the new RS must know every
    // service as the old one did, restart a crashed service and find a hung one by its pings;
    // a new RS that crashes, fails or hangs in its initialisation is rolled back the same way.
    internal static class LiveUpdateTest
    {
        private const string Key = "lu.value";
        private static VmClient s_vm;

        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            int failed = 0;
            Tap.Plan(23);
            failed += Tap.Check(1, "hello counts three opens before its update", WaitServing() && Opens() == 1 && Opens() == 2 && Opens() == 3);
            failed += Tap.Check(2, "RS live-updates hello and answers with the same endpoint", ReincarnationServer.Update("hello") == BootEndpoints.Hello);
            failed += Tap.Check(3, "the new hello carries the open count over (the next open is the fourth)", Opens() == 4);
            failed += Tap.Check(4, "the update was no restart: RS counts none", Restarts("hello") == 0);
            failed += Tap.Check(5, "a new version that crashes in its initialisation is rolled back", UpdateRefused(InitFault.Crash, Errno.EDEADSRCDST, 5));
            failed += Tap.Check(6, "a new version whose initialisation fails is rolled back", UpdateRefused(InitFault.Fail, Errno.EIO, 6));
            failed += Tap.Check(7, "a new version that never reports is rolled back after the timeout", UpdateRefused(InitFault.Hang, Errno.ETIMEDOUT, 7));
            failed += Tap.Check(8, "after three rollbacks hello updates again, its count still carried over", ReincarnationServer.Update("hello") == BootEndpoints.Hello && Opens() == 8);
            failed += Tap.Check(9, "RS live-updates DS and answers with the same endpoint", DataStore.PublishU32(Key, 42) == 0 && ReincarnationServer.Update("ds") == BootEndpoints.Ds);
            failed += Tap.Check(10, "the new DS has the old one's store, ownership included", Retrieved() == 42 && DataStore.PublishU32(Key, 43, DsFlags.Overwrite) == 0 && Retrieved() == 43);
            failed += Tap.Check(11, "a DS update whose new version crashes is rolled back, the store intact",
                                ReincarnationServer.Update("ds", InitFault.Crash) == -(int)Errno.EDEADSRCDST && Retrieved() == 43 && DataStore.Delete(Key) == 0);
            failed += Tap.Check(12, "RS live-updates VM; the new VM knows the client's region (a new page faults in, the old one kept)",
                                s_vm.MapAndTouch() && ReincarnationServer.Update("vm") == BootEndpoints.Vm && s_vm.TouchesAnotherPage(1));
            failed += Tap.Check(13, "a VM update whose new version crashes in its initialisation is rolled back; the region still works",
                                ReincarnationServer.Update("vm", InitFault.Crash) == -(int)Errno.EDEADSRCDST && Restarts("vm") == 0 && s_vm.TouchesAnotherPage(2) && s_vm.Unmaps());
            failed += Tap.Check(14, "an update of a service RS does not know fails with ENOENT; a request to restart RS or to make it fault fails with EPERM", ReincarnationServer.Update("nosuch") == -(int)Errno.ENOENT
                                && ReincarnationServer.Restart("rs") == -(int)Errno.EPERM && ReincarnationServer.InjectFault("rs", FaultKind.Crash) == -(int)Errno.EPERM);
            failed += Tap.Check(15, "before RS updates itself, hello is restarted once (RS counts one restart)",
                                ReincarnationServer.Restart("hello") == BootEndpoints.Hello && Restarts("hello") == 1);
            failed += Tap.Check(16, "RS live-updates itself and answers with its own endpoint", ReincarnationServer.Update("rs") == BootEndpoints.Rs);
            failed += Tap.Check(17, "the new RS knows every service: hello, DS and VM up at their endpoints, hello's restart still counted",
                                RsKnowsEveryService(helloRestarts: 1));
            failed += Tap.Check(18, "the new RS restarts a crashed hello", ReincarnationServer.InjectFault("hello", FaultKind.Crash) == 0 && UpAfterRestart("hello", 2));
            failed += Tap.Check(19, "the new RS still pings: a hung hello is found and restarted",
                                ReincarnationServer.InjectFault("hello", FaultKind.EndlessLoop) == 0 && UpAfterRestart("hello", 3));
            failed += Tap.Check(20, "an RS update whose new version crashes in its initialisation is rolled back, RS serving with its state",
                                RsUpdateRefused(InitFault.Crash, Errno.EDEADSRCDST));
            failed += Tap.Check(21, "an RS update whose new version fails its initialisation is rolled back, RS serving with its state",
                                RsUpdateRefused(InitFault.Fail, Errno.EIO));
            failed += Tap.Check(22, "an RS update whose new version never reports is rolled back after the timeout, RS serving with its state",
                                RsUpdateRefused(InitFault.Hang, Errno.ETIMEDOUT));
            failed += Tap.Check(23, "after three rollbacks RS updates itself again, and the newest RS restarts a crashed hello",
                                ReincarnationServer.Update("rs") == BootEndpoints.Rs && RsKnowsEveryService(helloRestarts: 3)
                                && ReincarnationServer.InjectFault("hello", FaultKind.Crash) == 0 && UpAfterRestart("hello", 4));
            return failed;
        }

        // RS's table as it was before its update: each service up at its endpoint, the restarts
        // counted so far kept, and hello serving; RS answers for itself at its own endpoint.
        private static bool RsKnowsEveryService(int helloRestarts) =>
            Up("hello", BootEndpoints.Hello, helloRestarts) && Up("ds", BootEndpoints.Ds, 0) && Up("vm", BootEndpoints.Vm, 0)
            && Up("rs", BootEndpoints.Rs, 0) && ReincarnationServer.Lookup("rs") == BootEndpoints.Rs
            && ReincarnationServer.Lookup("hello") == BootEndpoints.Hello && Opens() > 0;

        private static bool Up(string label, int endpoint, int restarts) =>
            ReincarnationServer.Status(label, out ServiceState state, out int counted) == endpoint && state == ServiceState.Up && counted == restarts;

        // The rollback cases for RS itself: the update fails with `error`, and the old RS answers
        // with the table it had (hello restarted three times by now).
        private static bool RsUpdateRefused(InitFault fault, Errno error) =>
            ReincarnationServer.Update("rs", fault) == -(int)error && RsKnowsEveryService(helloRestarts: 3);

        // RS brought the service back: up, with `restarts` restarts counted.
        private static bool UpAfterRestart(string label, int restarts)
        {
            ulong deadline = Kernel.Ticks() + 400;
            while (true)
            {
                if (ReincarnationServer.Status(label, out ServiceState state, out int counted) >= 0 && state == ServiceState.Up && counted == restarts) return true;
                if (Kernel.Ticks() >= deadline) return false;
                Kernel.Sleep(2);
            }
        }

        // The rollback cases: the update fails with `error`, the old version still serves at the
        // same endpoint, with the count it had (the open made here is number `opens`), and RS
        // did not restart it.
        private static bool UpdateRefused(InitFault fault, Errno error, long opens) =>
            ReincarnationServer.Update("hello", fault) == -(int)error
            && ReincarnationServer.Status("hello", out ServiceState state, out int restarts) == BootEndpoints.Hello
            && state == ServiceState.Up && restarts == 0
            && Opens() == opens;

        private static long Opens() => HelloClient.Opens(BootEndpoints.Hello);

        private static int Restarts(string label)
        {
            ReincarnationServer.Status(label, out _, out int restarts);
            return restarts;
        }

        private static long Retrieved() => DataStore.RetrieveU32(Key, out uint value) == 0 ? value : -1;

        // RS initialises the services before it answers anything else; wait for hello to be up.
        private static bool WaitServing()
        {
            ulong deadline = Kernel.Ticks() + 200;
            while (true)
            {
                if (ReincarnationServer.Status("hello", out ServiceState state, out _) == BootEndpoints.Hello && state == ServiceState.Up) return true;
                if (Kernel.Ticks() >= deadline) return false;
                Kernel.Sleep(1);
            }
        }
    }
}
