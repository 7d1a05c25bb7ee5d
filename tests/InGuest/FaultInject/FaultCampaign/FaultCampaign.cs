using System.Runtime;
using Lunix.Abi;
using Lunix.Options;
using Lunix.SystemLibrary;
using Lunix.Tests.InGuest;

namespace Lunix.Tests.InGuest.FaultCampaign
{
    // The faultinject suite (suite=faultinject), after MINIX's testrelpol and EDFI: 1,000 random
    // faults of every kind (FaultCatalog) into hello (restarted with its endpoint kept), hellonew
    // (restarted with a new one) and DS, each injected through RS. After each fault faultclient
    // makes a round of ordinary requests, which must succeed or fail with an error but never hang
    // nor succeed with a wrong answer; then the service must come back (or, for a fault it
    // survives, serve on without a restart) and serve a sound round. The seed comes from the
    // kernel command line (seed=N) and is printed, so a failing campaign can be repeated.
    internal static class FaultCampaign
    {
        private const int Faults = 1000;
        private const int Services = 3;
        private static readonly string[] s_labels = { "hello", "hellonew", "ds" };
        private static readonly RoundKind[] s_rounds = { RoundKind.Device, RoundKind.Device, RoundKind.Store };
        private static readonly ulong[] s_pingTicks = { 25, 25, 100 };     // ping-ticks in manifest.toml

        private static ulong s_backoffTicks;    // the most RS may wait before a restart: 0 with rs.backoff=off

        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            BootParameters parameters = Kernel.BootParameters();
            bool backoff = RsBackoff();
            s_backoffTicks = backoff ? 256UL : 0UL;
            new ConsoleLine(stackalloc char[160]).Append("# faultinject: seed ").Append((ulong)parameters.Seed)
                .Append(" (boot with seed=N to repeat a campaign), ").Append((ulong)Faults).Append(" faults into hello, hellonew and ds, rs.backoff=")
                .Append(backoff ? "on" : "off").Print();
            bool upBefore = true;
            for (int s = 0; s < Services; s++) upBefore &= WaitUp(s, 0, Kernel.Ticks() + 200);

            var tally = new CampaignTally(Services);
            var random = new SeededRandom((ulong)parameters.Seed);
            ulong start = Kernel.Ticks();
            System.Span<char> text = stackalloc char[96];
            for (int i = 0; i < Faults; i++)
            {
                int service = random.Below(Services);
                FaultKind kind = FaultCatalog.Pick(ref random);
                bool recovered = InjectAndRecover(service, kind, tally);
                tally.Fault(service, kind, recovered);
                if (!recovered)
                    new ConsoleLine(text).Append("# fault ").Append((ulong)i).Append(" (").Append(FaultKinds.Name(kind))
                        .Append(" into ").Append(s_labels[service]).Append(") was not recovered from").Print();
            }
            new ConsoleLine(stackalloc char[64]).Append("# campaign took ").Append(Kernel.Ticks() - start).Append(" ticks").Print();
            tally.Print(s_labels);
            bool servesAfter = true;
            for (int s = 0; s < Services; s++) servesAfter &= WaitUp(s, 0, Kernel.Ticks() + RecoveryTicks(s)) && ServesSoundly(s, tally);

            int failed = 0, number = 1;
            Tap.Plan(1 + FaultCatalog.Kinds + Services + 5);
            failed += Tap.Check(number++, "hello, hellonew and ds are up before the campaign", upBefore);
            for (int kind = 1; kind <= FaultCatalog.Kinds; kind++)
            {
                string name = FaultKinds.Name((FaultKind)kind);
                failed += Tap.Check(number++, FaultCatalog.EndsService((FaultKind)kind)
                    ? string.Concat("every ", name, " fault: RS restarted the service and it served again")
                    : string.Concat("every ", name, " fault was survived without a restart and the service served on"),
                    tally.AllRecovered(-1, (FaultKind)kind));
            }
            for (int s = 0; s < Services; s++)
                failed += Tap.Check(number++, string.Concat("every fault into ", s_labels[s], " was recovered from"), tally.AllRecovered(s));
            failed += Tap.Check(number++, "every kind of fault was injected into every service", tally.EveryKindIntoEveryService());
            failed += Tap.Check(number++, "no client request hung", tally.HungRounds == 0);
            failed += Tap.Check(number++, "no request succeeded with a wrong answer", tally.Wrong == 0);
            failed += Tap.Check(number++, "faults met requests in flight: some failed with an error, the rest succeeded",
                                tally.Errored > 0 && tally.Succeeded > tally.Errored);
            failed += Tap.Check(number++, "every service serves after the campaign", servesAfter);
            return failed;
        }

        // One fault: injected, met by a round of requests, then recovered from: the service is up
        // again after a restart (or, for a fault it survives, without one) and serves soundly.
        private static bool InjectAndRecover(int service, FaultKind kind, CampaignTally tally)
        {
            string label = s_labels[service];
            int endpoint = ReincarnationServer.Status(label, out ServiceState state, out int restarts);
            if (state != ServiceState.Up) return false;
            if (ReincarnationServer.InjectFault(label, kind) != 0) return false;
            tally.Round(ClientRounds.Run(s_rounds[service], endpoint));
            if (FaultCatalog.EndsService(kind))
                return WaitUp(service, restarts + 1, Kernel.Ticks() + RecoveryTicks(service)) && ServesSoundly(service, tally);
            bool served = ServesSoundly(service, tally);
            ReincarnationServer.Status(label, out state, out int after);
            return served && state == ServiceState.Up && after == restarts;
        }

        // A sound round at the service's current endpoint (hellonew's moves with each restart).
        // A second try is allowed: a garbage reply may meet this round instead of the one before
        // (DS's next reply may have gone to a request of RS's or the driver's).
        private static bool ServesSoundly(int service, CampaignTally tally)
        {
            for (int attempt = 0; attempt < 2; attempt++)
            {
                int endpoint = ReincarnationServer.Status(s_labels[service], out _, out _);
                RoundResult round = ClientRounds.Run(s_rounds[service], endpoint);
                tally.Round(round);
                if (round.Sound) return true;
                if (round.Hung) return false;
            }
            return false;
        }

        // RS's restart backoff, as RS reads it: the option rs.backoff among the command line's
        // items for services (GETINFO ServiceOptions), on unless it says off.
        private static bool RsBackoff()
        {
            return ServiceCommandLine.Read(s_rsOptions, "rs.", report: false).GetChoice("rs.backoff") == "on";
        }

        private static readonly OptionSpec[] s_rsOptions = { OptionSpec.Choice("rs.backoff", "on", "on", "off") };

        // Two missed pings for a hung service, the backoff delay if RS applies one, the restart.
        private static ulong RecoveryTicks(int service) => 3 * s_pingTicks[service] + s_backoffTicks + 100;

        private static bool WaitUp(int service, int restarts, ulong deadline)
        {
            while (true)
            {
                ReincarnationServer.Status(s_labels[service], out ServiceState state, out int now);
                if (state == ServiceState.Up && now >= restarts) return true;
                if (Kernel.Ticks() >= deadline) return false;
                Kernel.Sleep(1);
            }
        }
    }
}
