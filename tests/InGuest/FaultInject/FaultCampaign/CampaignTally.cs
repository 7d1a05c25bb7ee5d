using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Tests.InGuest.FaultCampaign
{
    // The campaign's counts: faults injected and recovered from, per service and kind, and what
    // became of the client's requests. Printed as TAP comments, and read by the TAP cases.
    internal sealed class CampaignTally
    {
        private readonly int _services;
        private readonly int[] _injected, _recovered;

        public int Made, Succeeded, Errored, Wrong, HungRounds;
        // Rounds by their first error: the server died under the request, a garbage reply, other.
        public int DeadServer, Garbage, OtherError;

        public CampaignTally(int services)
        {
            _services = services;
            _injected = new int[services * FaultCatalog.Kinds];
            _recovered = new int[services * FaultCatalog.Kinds];
        }

        public void Fault(int service, FaultKind kind, bool recovered)
        {
            int at = service * FaultCatalog.Kinds + (int)kind - 1;
            _injected[at]++;
            if (recovered) _recovered[at]++;
        }

        public void Round(in RoundResult round)
        {
            if (round.Hung) HungRounds++;
            Made += round.Made;
            Succeeded += round.Succeeded;
            Errored += round.Made - round.Succeeded;
            Wrong += round.Wrong;
            if (round.FirstError == -(int)Errno.EDEADSRCDST) DeadServer++;
            else if (round.FirstError == -(int)Errno.EIO) Garbage++;
            else if (round.FirstError != 0) OtherError++;
        }

        // Every fault of the kind (service < 0: into any service) was recovered from.
        public bool AllRecovered(int service, FaultKind kind)
        {
            for (int s = 0; s < _services; s++)
            {
                if (service >= 0 && s != service) continue;
                int at = s * FaultCatalog.Kinds + (int)kind - 1;
                if (_recovered[at] != _injected[at]) return false;
            }
            return true;
        }

        public bool AllRecovered(int service)
        {
            for (int kind = 1; kind <= FaultCatalog.Kinds; kind++)
                if (!AllRecovered(service, (FaultKind)kind)) return false;
            return true;
        }

        public bool EveryKindIntoEveryService()
        {
            for (int at = 0; at < _injected.Length; at++)
                if (_injected[at] == 0) return false;
            return true;
        }

        // "# <kind>: hello 31/31 hellonew 30/30 ds 29/29" (recovered/injected), then the requests.
        public void Print(string[] labels)
        {
            System.Span<char> text = stackalloc char[128];
            for (int kind = 1; kind <= FaultCatalog.Kinds; kind++)
            {
                var line = new ConsoleLine(text).Append("# ").Append(FaultKinds.Name((FaultKind)kind)).Append(":");
                for (int s = 0; s < _services; s++)
                {
                    int at = s * FaultCatalog.Kinds + kind - 1;
                    line = line.Append(" ").Append(labels[s]).Append(" ").Append((ulong)_recovered[at]).Append("/").Append((ulong)_injected[at]);
                }
                line.Print();
            }
            new ConsoleLine(stackalloc char[160]).Append("# requests: ").Append((ulong)Made).Append(" made, ").Append((ulong)Succeeded)
                .Append(" succeeded, ").Append((ulong)Errored).Append(" failed with an error, ").Append((ulong)Wrong).Append(" wrong answers, ")
                .Append((ulong)HungRounds).Append(" rounds hung").Print();
            new ConsoleLine(stackalloc char[128]).Append("# rounds by first error: EDEADSRCDST ").Append((ulong)DeadServer).Append(", EIO ")
                .Append((ulong)Garbage).Append(", other ").Append((ulong)OtherError).Print();
        }
    }
}
