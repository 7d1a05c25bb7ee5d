using Lunix.Abi;

namespace Lunix.SystemLibrary
{
    // Requests to RS (Abi/RsRequests.cs), one SENDREC each, naming the service by its label.
    // Results are an endpoint, 0, or a negated Errno (the SENDREC's own, or RS's answer).
    public static class ReincarnationServer
    {
        public static long Lookup(string label) => Ask(Request(RsRequests.Lookup, label), out _);

        // Answered once the service is up again: its endpoint.
        public static long Restart(string label) => Ask(Request(RsRequests.Restart, label), out _);

        public static long InjectFault(string label, FaultKind fault)
        {
            Message message = Request(RsRequests.FaultInject, label);
            message.Payload<RsRequest>().Fault = fault;
            return Ask(message, out _);
        }

        // Live update to a new copy of the service's program; returns once it is done (the
        // endpoint, unchanged) or rolled back (a negated Errno). fault: what the new version is
        // to do wrong in its initialisation (the liveupdate suite's rollback cases).
        public static long Update(string label, InitFault fault = InitFault.None)
        {
            Message message = Request(RsRequests.Update, label);
            message.Payload<RsRequest>().UpdateFault = fault;
            return Ask(message, out _);
        }

        // A service RS's table starts on request (the test runner's suites); answered once it runs,
        // a managed one once initialised: its endpoint. EPERM unless the caller's entry has rs-control.
        public static long Start(string label) => Ask(Request(RsRequests.Start, label), out _);

        // The service's endpoint, with its state and how many times RS restarted it.
        public static int Status(string label, out ServiceState state, out int restarts)
        {
            long result = Ask(Request(RsRequests.Status, label), out RsReply reply);
            state = reply.State;
            restarts = reply.Restarts;
            return (int)result;
        }

        private static Message Request(int type, string label)
        {
            Message message = default;
            message.Type = type;
            message.Payload<RsRequest>().Label = ServiceLabel.From(label);
            return message;
        }

        private static long Ask(Message message, out RsReply reply)
        {
            int sent = Syscalls.SendReceive(BootEndpoints.Rs, ref message);
            reply = sent == 0 ? message.Payload<RsReply>() : default;
            return sent != 0 ? sent : reply.Result;
        }
    }
}
