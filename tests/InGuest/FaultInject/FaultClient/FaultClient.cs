using System;
using System.Runtime;
using Lunix.Abi;
using Lunix.SystemLibrary;
using Lunix.Tests.InGuest;

namespace Lunix.Tests.InGuest.FaultClient
{
    // The faultinject suite's client: an ordinary program at an ordinary priority that makes the
    // requests the campaign hands it (tests/InGuest/Library/FaultCampaignRequests.cs), through the same client
    // libraries as any program, while faults are injected into the servers. Each request must
    // succeed or fail with an error; one that "succeeds" with a wrong answer is counted apart.
    internal static class FaultClient
    {
        private const string Greeting = "Hello, world! opens=";

        private static int s_made, s_succeeded, s_wrong, s_firstError;

        // RoundDone goes back by SENDREC, whose receive half waits for the next round: the
        // campaign's SENDNB finds this client waiting the moment it has answered.
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            Syscalls.Receive(TestEndpoints.FaultCampaign, out Message message);
            while (true)
            {
                if (message.Type != FaultCampaignRequests.Round)
                {
                    Syscalls.Receive(TestEndpoints.FaultCampaign, out message);
                    continue;
                }
                RoundAssignment round = message.Payload<RoundAssignment>();
                s_made = s_succeeded = s_wrong = s_firstError = 0;
                if (round.Kind == RoundKind.Device) DeviceRound(round.Server);
                else StoreRound((uint)round.Number);
                message = default;
                message.Type = FaultCampaignRequests.RoundDone;
                message.Payload<RoundReport>() = new RoundReport
                {
                    Number = round.Number, FirstError = s_firstError, Made = s_made, Succeeded = s_succeeded, Wrong = s_wrong,
                };
                if (Syscalls.SendReceive(TestEndpoints.FaultCampaign, ref message) != 0) message.Type = 0;
            }
        }

        // Open, read, close; the read must be the greeting. Each request is made whatever became
        // of the one before (a driver restarted in between answers the next one afresh).
        private static void DeviceRound(int driver)
        {
            Count(CharDriverCalls.Open(driver, 0));
            Span<byte> text = stackalloc byte[48];
            long read = CharDriverCalls.Read(driver, 0, text);
            Count(read);
            if (read >= 0 && !IsGreeting(text.Slice(0, (int)read))) s_wrong++;
            Count(CharDriverCalls.Close(driver, 0));
        }

        // Publish then retrieve: the value read back is the one published, or an error (a DS
        // restarted in between has lost it: ENOENT).
        private static void StoreRound(uint value)
        {
            const string Key = "faultclient.round";
            Count(DataStore.PublishU32(Key, value, DsFlags.Overwrite));
            int retrieved = DataStore.RetrieveU32(Key, out uint back);
            Count(retrieved);
            if (retrieved == 0 && back != value) s_wrong++;
        }

        private static bool IsGreeting(ReadOnlySpan<byte> text)
        {
            if (text.Length <= Greeting.Length) return false;
            for (int i = 0; i < Greeting.Length; i++)
                if (text[i] != Greeting[i]) return false;
            return true;
        }

        private static void Count(long result)
        {
            s_made++;
            if (result >= 0) s_succeeded++;
            else if (s_firstError == 0) s_firstError = (int)result;
        }
    }
}
