using System;

namespace Lunix.Servers.Pm
{
    // execve's argument or environment strings, copied out of the caller, as one NUL-separated
    // list ("arg0\0arg1\0") in a buffer sized at start-up. Full: execve's E2BIG. A script's
    // interpreter takes argv[0]'s place (ReplaceFirst).
    internal sealed class ArgumentList
    {
        private readonly byte[] _bytes;
        private int _length;

        public ArgumentList(int capacity) => _bytes = new byte[capacity];

        public int Count { get; private set; }

        public ReadOnlySpan<byte> Bytes => new ReadOnlySpan<byte>(_bytes, 0, _length);

        public void Clear()
        {
            _length = 0;
            Count = 0;
        }

        // Where the next string goes, for a copy straight into the buffer (Commit then adds it).
        public Span<byte> Free => new Span<byte>(_bytes, _length, _bytes.Length - _length);

        // The string of `length` bytes written at Free, ended with its NUL (which Free must have
        // room for).
        public void Commit(int length)
        {
            _bytes[_length + length] = 0;
            _length += length + 1;
            Count++;
        }

        public bool Append(ReadOnlySpan<byte> text)
        {
            if (text.Length + 1 > _bytes.Length - _length) return false;
            text.CopyTo(Free);
            Commit(text.Length);
            return true;
        }

        // binfmt_script's argv: [interpreter, argument (when it has one), script] in place of
        // argv[0], the rest kept. False when it no longer fits.
        public bool ReplaceFirst(ReadOnlySpan<byte> interpreter, ReadOnlySpan<byte> argument, bool hasArgument, ReadOnlySpan<byte> script)
        {
            int first = Count == 0 ? 0 : ((ReadOnlySpan<byte>)Bytes).IndexOf((byte)0) + 1;
            int rest = _length - first;
            int head = interpreter.Length + 1 + (hasArgument ? argument.Length + 1 : 0) + script.Length + 1;
            if (head + rest > _bytes.Length) return false;
            Span<byte> all = new Span<byte>(_bytes);
            all.Slice(first, rest).CopyTo(all.Slice(head));         // a forward move: Span.CopyTo handles the overlap
            int at = 0;
            Put(all, ref at, interpreter);
            if (hasArgument) Put(all, ref at, argument);
            Put(all, ref at, script);
            Count = Count - (Count == 0 ? 0 : 1) + (hasArgument ? 3 : 2);
            _length = head + rest;
            return true;
        }

        private static void Put(Span<byte> all, ref int at, ReadOnlySpan<byte> text)
        {
            text.CopyTo(all.Slice(at));
            at += text.Length;
            all[at++] = 0;
        }
    }
}
