using Lunix.Abi;

namespace Lunix.SystemLibrary
{
    // Requests to RS (Abi/RsRequests.cs), one SENDREC each, naming the service by its label.
    // Results are an endpoint, 0, or a negated Errno (the SENDREC's own, or RS's answer).
    public static unsafe class ReincarnationServer
    {
        public static long Lookup(string label) => Ask(RsRequests.Lookup, label, 0, out _);

        // Answered once the service is up again: its endpoint.
        public static long Restart(string label) => Ask(RsRequests.Restart, label, 0, out _);

        public static long InjectFault(string label, FaultKind fault) => Ask(RsRequests.FaultInject, label, (long)fault, out _);

        // Live update to a new copy of the service's program; returns once it is done (the
        // endpoint, unchanged) or rolled back (a negated Errno). fault: what the new version is
        // to do wrong in its initialisation (the liveupdate suite's rollback cases).
        public static long Update(string label, InitFault fault = InitFault.None) => Ask(RsRequests.Update, label, (long)fault, out _);

        // The service's endpoint, with its state and how many times RS restarted it.
        public static int Status(string label, out ServiceState state, out int restarts)
        {
            long result = Ask(RsRequests.Status, label, 0, out Message reply);
            state = (ServiceState)reply.Word1;
            restarts = (int)reply.Word2;
            return (int)result;
        }

        private static long Ask(int type, string label, long word2, out Message reply)
        {
            ServiceLabel name = ServiceLabel.From(label);
            reply = default;
            reply.Type = type;
            reply.Word0 = (long)name.Part0;
            reply.Word1 = (long)name.Part1;
            reply.Word2 = word2;
            int sent;
            fixed (Message* message = &reply) sent = Syscalls.SendReceive(BootEndpoints.Rs, message);
            return sent != 0 ? sent : reply.Word0;
        }
    }
}
