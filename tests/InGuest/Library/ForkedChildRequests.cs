using Lunix.Abi;

namespace Lunix.Tests.InGuest
{
    // The vm suite's fork case: vmtest's forked child reports by SENDREC to vmtest, which answers
    // each report with Go (no payload) once it has counted VM's faults around it.
    public static class ForkedChildRequests
    {
        public const int Ready = 1;         // a ChildReady, or no payload (the children of the refused-fork case)
        public const int Report = 2;        // a ChildReport
        public const int Go = 3;
    }

    // The frames the child shares with its parent right after the fork (UMAP results).
    public struct ChildReady : IMessagePayload
    {
        public long WrittenFrame, UntouchedFrame, GlobalFrame;
    }

    // What the child reads after its writes, and its frames then.
    public struct ChildReport : IMessagePayload
    {
        public long Written, Global, OnStack, Untouched, Fresh;
        public long WrittenFrame, GlobalFrame;
    }
}
