using Lunix.Abi;

namespace Lunix.CharDriver
{
    // A request as an asynchronous driver gets it: who sent it (the answer goes there), its Id,
    // the minor device, its flags (CharDriverFlags) and whose call it is (for job control).
    public readonly struct CharRequest
    {
        public readonly int Source;
        public readonly int Id;
        public readonly int Minor;
        public readonly int Flags;
        public readonly CharDriverCaller Caller;

        public CharRequest(int source, int id, int minor, int flags, in CharDriverCaller caller)
        {
            Source = source;
            Id = id;
            Minor = minor;
            Flags = flags;
            Caller = caller;
        }

        public bool NonBlocking => (Flags & CharDriverFlags.NonBlocking) != 0;

        // The answer, now or once a held request is done.
        public int Answer(long result) => CharReplies.Answer(Source, Id, Minor, result);
    }
}
