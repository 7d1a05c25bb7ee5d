using System;
using System.Runtime;
using Lunix.CharDriver;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Hello
{
    // The hello driver (MINIX's drivers/examples/hello): a character device whose reads say
    // hello and how many times it has been opened. The counter is its state: a restart after a
    // crash starts it from 0 again, a live update carries it over through DS (the old version
    // publishes "<label>.opens", the new one takes it and deletes it; both run at the same
    // endpoint, so the new one owns the entry).
    internal static class Hello
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            CharDriverLoop.Run(new HelloDevice());
            return 0;
        }
    }

    internal sealed class HelloDevice : CharDevice
    {
        private ulong _opens;

        public override int SaveState()
        {
            Span<char> key = stackalloc char[DsRequests.KeyBytes];
            return DataStore.PublishU32(key.Slice(0, StateKey(key)), (uint)_opens, DsFlags.Overwrite);
        }

        public override int InitLiveUpdate(int previousEndpoint)
        {
            Span<char> key = stackalloc char[DsRequests.KeyBytes];
            int length = StateKey(key);
            int retrieved = DataStore.RetrieveU32(key.Slice(0, length), out uint opens);
            if (retrieved != 0) return retrieved;
            _opens = opens;
            return DataStore.Delete(key.Slice(0, length));
        }

        private static int StateKey(Span<char> key)
        {
            ReadOnlySpan<char> suffix = ".opens";
            int length = Sef.Label.CopyTo(key);
            suffix.CopyTo(key.Slice(length));
            return length + suffix.Length;
        }

        public override int Open(int minor, int caller)
        {
            _opens++;
            return 0;
        }

        // "Hello, world! opens=N\n" from `position` on, as much as the caller's buffer takes.
        public override long Read(int minor, ulong position, GrantedSlice<Writable> buffer)
        {
            Span<char> text = stackalloc char[48];
            int length = new ConsoleLine(text).Append("Hello, world! opens=").Append(_opens).Append("\n").Length;
            if (position >= (ulong)length) return 0;
            int count = (int)Math.Min((ulong)length - position, buffer.Length);
            Span<byte> bytes = stackalloc byte[48];
            for (int i = 0; i < count; i++) bytes[i] = (byte)text[(int)position + i];
            int copied = buffer.CopyFrom(bytes.Slice(0, count));
            return copied != 0 ? copied : count;
        }
    }
}
