using System;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Rs
{
    // The requests of the rs.do option (CommandLineRequests), carried out in order: each goes
    // through RS's own request handling with RS as the requester, and the next starts once it is
    // answered. Every result is printed: "rs: rs.do update hello: 16" (the endpoint) or an error.
    internal static class CommandLineQueue
    {
        public const int Capacity = 8;
        private static readonly CommandLineRequest[] s_requests = new CommandLineRequest[Capacity];
        private static int s_count, s_next;

        // RS's update of itself: the queue and its position (the request being carried out, until
        // it is answered), handed from the old version to the new one.
        public static ReadOnlySpan<CommandLineRequest> Requests => new ReadOnlySpan<CommandLineRequest>(s_requests, 0, s_count);
        public static int Next => s_next;

        public static void Adopt(ReadOnlySpan<CommandLineRequest> requests, int next)
        {
            requests.CopyTo(s_requests);
            s_count = requests.Length;
            s_next = next;
        }

        // The rs.do option's text (RsOptions); a bad item is reported with the valid forms and skipped.
        public static void Load(ReadOnlySpan<char> text)
        {
            for (ReadOnlySpan<char> rest = text; rest.Length > 0;)
            {
                int comma = rest.IndexOf(',');
                ReadOnlySpan<char> item = comma < 0 ? rest : rest.Slice(0, comma);
                rest = comma < 0 ? default : rest.Slice(comma + 1);
                if (s_count < Capacity && CommandLineRequests.TryParse(item, out s_requests[s_count])) s_count++;
                else new ConsoleLine(stackalloc char[160]).Append("rs: rs.do: ignored '").Append(item)
                         .Append("': valid requests are ").Append(CommandLineRequests.Forms).Append(", at most 8").Print();
            }
        }

        // Starts requests until one has to wait for its answer.
        public static void StartNext()
        {
            while (s_next < s_count)
            {
                ref CommandLineRequest request = ref s_requests[s_next];
                Message message = default;
                message.Source = BootEndpoints.Rs;
                message.Type = request.Type;
                message.Payload<RsRequest>() = new RsRequest { Label = request.Label, Fault = request.Fault };
                Message reply = default;
                long result = Rs.Request(ref message, ref reply, Kernel.Ticks());
                if (result == Endpoint.None) return;
                Report(result);
            }
        }

        // The answer to the request that was waiting.
        public static void Answered(long result)
        {
            Report(result);
            StartNext();
        }

        private static void Report(long result)
        {
            ref CommandLineRequest request = ref s_requests[s_next++];
            Span<char> label = stackalloc char[ServiceLabel.Max];
            int length = request.Label.CopyTo(label);
            string action = request.Type == RsRequests.Restart ? "restart " : request.Type == RsRequests.Update ? "update " : "fault ";
            var line = new ConsoleLine(stackalloc char[96]).Append("rs: rs.do ").Append(action).Append(label.Slice(0, length));
            if (request.Type == RsRequests.FaultInject) line = line.Append(" ").Append(FaultKinds.Name(request.Fault));
            line = result < 0 ? line.Append(": error ").Append((ulong)-result) : line.Append(": ").Append((ulong)result);
            line.Print();
        }
    }
}
