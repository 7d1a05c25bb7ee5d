using Lunix.Abi;
using Lunix.SystemLibrary;
using Lunix.Tests.InGuest;

namespace Lunix.Tests.InGuest.FaultCampaign
{
    // What one round of faultclient's requests came to.
    internal struct RoundResult
    {
        public bool Hung;           // no answer within RoundTicks, or faultclient still stuck in an earlier round
        public int Made, Succeeded, Wrong;
        public int FirstError;      // a negated Errno, 0 when none

        public readonly bool Sound => !Hung && Made > 0 && Succeeded == Made && Wrong == 0;
    }

    // The campaign's bounded wait on its client (tests/InGuest/Library/FaultCampaignRequests.cs): the round goes out
    // with SENDNB, the answer is awaited in RECEIVE with an alarm set, so the campaign itself never
    // blocks on a request that does not return. The campaign runs at the servers' priority, so a
    // server spinning in an endless loop cannot keep it from seeing its alarm.
    internal static class ClientRounds
    {
        // Longer than the worst recovery the campaign provokes (DS hung: two 100-tick pings, then
        // its restart), with room to spare.
        public const ulong RoundTicks = 500;

        private static long s_number;

        public static RoundResult Run(RoundKind kind, int server)
        {
            long number = ++s_number;
            Message round = default;
            round.Type = FaultCampaignRequests.Round;
            round.Payload<RoundAssignment>() = new RoundAssignment { Kind = kind, Server = server, Number = number };
            // The client takes a round only while it waits for one: at first it may not have run
            // yet, and after a round given up on it is still stuck (then the deadline passes).
            RoundResult result = default;
            ulong deadline = Kernel.Ticks() + RoundTicks;
            while (Syscalls.SendNonBlocking(TestEndpoints.FaultClient, round) != 0)
            {
                if (Kernel.Ticks() >= deadline)
                {
                    result.Hung = true;
                    return result;
                }
                Kernel.Sleep(1);
            }
            while (true)
            {
                ulong now = Kernel.Ticks();
                if (now >= deadline)
                {
                    result.Hung = true;
                    return result;
                }
                Syscalls.KernelCall(KernelCalls.SetAlarm, (long)(deadline - now));
                // Anything else (a late answer to a round given up on, a stale alarm) is dropped.
                if (Syscalls.Receive(Endpoint.Any, out Message message) != 0 || message.Source != TestEndpoints.FaultClient
                    || message.Type != FaultCampaignRequests.RoundDone || message.Payload<RoundReport>().Number != number) continue;
                Syscalls.KernelCall(KernelCalls.SetAlarm, 0);
                ref RoundReport report = ref message.Payload<RoundReport>();
                result.FirstError = report.FirstError;
                result.Made = report.Made;
                result.Succeeded = report.Succeeded;
                result.Wrong = report.Wrong;
                return result;
            }
        }
    }
}
