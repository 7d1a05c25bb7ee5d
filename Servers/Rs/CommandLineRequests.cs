using System;
using Lunix.Abi;

namespace Lunix.Servers.Rs
{
    // One request from the kernel option rs.do, as a client would send it to RS.
    internal struct CommandLineRequest
    {
        public int Type;                // RsRequests.Restart, Update or FaultInject
        public ServiceLabel Label;
        public FaultKind Fault;         // FaultInject: what to inject
    }

    // The kernel option rs.do: requests RS carries out once every boot service is up, one after
    // another, each as soon as the one before is answered (a fault is answered once it is sent):
    //   restart:LABEL       restart the service
    //   update:LABEL        live-update it
    //   fault:LABEL:KIND    inject a fault, KIND one of FaultKinds' names (null-write, ...)
    // separated by commas, e.g. rs.do=update:hello,fault:hello:null-write. The rest of RS sees
    // them as requests whose requester is RS itself.
    internal static class CommandLineRequests
    {
        public const string Forms = "restart:LABEL, update:LABEL, fault:LABEL:KIND";

        public static bool TryParse(ReadOnlySpan<char> item, out CommandLineRequest request)
        {
            request = default;
            int colon = item.IndexOf(':');
            if (colon < 0) return false;
            ReadOnlySpan<char> action = item.Slice(0, colon), rest = item.Slice(colon + 1);
            if (action.SequenceEqual("fault"))
            {
                int kind = rest.IndexOf(':');
                if (kind < 0 || !FaultKinds.TryParse(rest.Slice(kind + 1), out request.Fault)) return false;
                request.Type = RsRequests.FaultInject;
                rest = rest.Slice(0, kind);
            }
            else if (action.SequenceEqual("restart")) request.Type = RsRequests.Restart;
            else if (action.SequenceEqual("update")) request.Type = RsRequests.Update;
            else return false;
            if (rest.Length == 0 || rest.Length > ServiceLabel.Max || rest.IndexOf(':') >= 0) return false;
            request.Label = ServiceLabel.From(rest);
            return true;
        }
    }
}
