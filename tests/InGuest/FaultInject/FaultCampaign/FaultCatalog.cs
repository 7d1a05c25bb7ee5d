using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Tests.InGuest.FaultCampaign
{
    // The kinds of fault the campaign injects (Abi/SefMessages.cs FaultKind), how often, and what
    // recovery from each looks like.
    internal static class FaultCatalog
    {
        public const int Kinds = FaultKinds.Count;

        // Endless loops are drawn a third as often as the rest: each costs up to two of the
        // service's ping periods (DS's are a second) before RS notices, and the campaign must
        // stay a few minutes long.
        private const int CommonWeight = 3;
        private const int TotalWeight = (Kinds - 1) * CommonWeight + 1;

        public static FaultKind Pick(ref SeededRandom random)
        {
            int draw = random.Below(TotalWeight);
            for (int kind = 1; kind <= Kinds; kind++)
            {
                draw -= (FaultKind)kind == FaultKind.EndlessLoop ? 1 : CommonWeight;
                if (draw < 0) return (FaultKind)kind;
            }
            return FaultKind.Crash;
        }

        // A fault the service cannot survive: RS must restart it. The others (a garbage reply,
        // bad pointers the kernel refuses) it must survive without a restart.
        public static bool EndsService(FaultKind kind) => kind != FaultKind.GarbageReply && kind != FaultKind.BadSystemCallPointers;
    }
}
