using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.CharDriver
{
    // An asynchronous driver's answers, by SENDA (AsyncSend): the driver never waits for its
    // client to receive. A SENDREC caller (a test, a simple client) takes the answer as its reply
    // all the same, since the entry is no AMF_NOREPLY one. Results: 0 or a negated Errno (ENOMEM
    // when every entry of the SENDA table still waits for its receiver).
    public static class CharReplies
    {
        public static int Answer(int source, int id, int minor, long result)
        {
            Message reply = default;
            reply.Type = CharDriverRequests.Reply;
            ref CharDriverReply answer = ref reply.Payload<CharDriverReply>();
            answer.Result = result;
            answer.Id = id;
            answer.Minor = minor;
            return Report(AsyncSend.Send(source, reply));
        }

        // A watched Select's news: `operations` are ready now on `minor`.
        public static int SelectReady(int source, int minor, int operations)
        {
            Message ready = default;
            ready.Type = CharDriverRequests.SelectReady;
            ref CharDriverSelect select = ref ready.Payload<CharDriverSelect>();
            select.Minor = minor;
            select.Operations = operations;
            return Report(AsyncSend.Send(source, ready));
        }

        private static int Report(int sent)
        {
            if (sent != 0)
                new ConsoleLine(stackalloc char[80]).Append("chardriver: an answer could not be sent, error ").Append((ulong)-sent).Print();
            return sent;
        }
    }
}
