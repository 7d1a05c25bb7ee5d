using System.Runtime.CompilerServices;

namespace System
{
    // UTF-16 string. The field names _stringLength and _firstChar are what ILC expects.
    public sealed unsafe class String
    {
        private readonly int _stringLength;
        private char _firstChar;

        public static readonly string Empty = "";

        public int Length => _stringLength;

        [IndexerName("Chars")]
        public char this[int index]
        {
            get
            {
                if ((uint)index >= (uint)_stringLength) Internal.Runtime.CompilerHelpers.ThrowHelpers.ThrowIndexOutOfRangeException();
                return Unsafe.Add(ref _firstChar, index);
            }
        }

        internal ref char GetPinnableReference() => ref _firstChar;

        // Constructors are implemented by the Ctor methods below (the ILC convention for strings).
        [MethodImpl(MethodImplOptions.InternalCall)]
        public extern String(ReadOnlySpan<char> value);
        [MethodImpl(MethodImplOptions.InternalCall)]
        public extern String(char c, int count);
        [MethodImpl(MethodImplOptions.InternalCall)]
        public extern String(char* value, int startIndex, int length);

        private static string Ctor(ReadOnlySpan<char> value)
        {
            string s = FastAllocateString(value.Length);
            value.CopyTo(new Span<char>(ref s._firstChar, value.Length));
            return s;
        }

        private static string Ctor(char c, int count)
        {
            string s = FastAllocateString(count);
            for (int i = 0; i < count; i++) Unsafe.Add(ref s._firstChar, i) = c;
            return s;
        }

        private static string Ctor(char* value, int startIndex, int length)
            => Ctor(new ReadOnlySpan<char>(value + startIndex, length));

        internal static string FastAllocateString(int length)
        {
            if (length == 0) return Empty;
            return Unsafe.As<string>(Runtime.RuntimeImports.NewArray(Internal.Runtime.MethodTable.Of<string>(), length));
        }

        internal static string FromChar(char c) => new string(c, 1);

        public static implicit operator ReadOnlySpan<char>(string value)
            => value == null ? default : new ReadOnlySpan<char>(ref value._firstChar, value._stringLength);

        public ReadOnlySpan<char> AsSpan() => this;

        public ReadOnlySpan<char>.Enumerator GetEnumerator() => AsSpan().GetEnumerator();

        public static bool IsNullOrEmpty(string value) => value == null || value._stringLength == 0;

        public static bool operator ==(string a, string b) => Equals(a, b);
        public static bool operator !=(string a, string b) => !Equals(a, b);

        public static bool Equals(string a, string b)
        {
            if ((object)a == (object)b) return true;
            if ((object)a == null || (object)b == null) return false;
            return a.AsSpan().SequenceEqual(b);
        }

        public override bool Equals(object obj) => obj is string s && Equals(this, s);

        public override int GetHashCode()
        {
            // FNV-1a over the UTF-16 code units.
            uint hash = 2166136261;
            for (int i = 0; i < _stringLength; i++) hash = (hash ^ this[i]) * 16777619;
            return (int)hash;
        }

        public override string ToString() => this;

        public string Substring(int startIndex) => Substring(startIndex, _stringLength - startIndex);
        public string Substring(int startIndex, int length) => new string(AsSpan().Slice(startIndex, length));

        public bool StartsWith(string value) => AsSpan().StartsWith(value);

        public int IndexOf(char value) => AsSpan().IndexOf(value);

        public static string Concat(string a, string b) => Concat(a, b, null, null);
        public static string Concat(string a, string b, string c) => Concat(a, b, c, null);
        public static string Concat(string a, string b, string c, string d)
        {
            int length = (a?.Length ?? 0) + (b?.Length ?? 0) + (c?.Length ?? 0) + (d?.Length ?? 0);
            string result = FastAllocateString(length);
            if (length == 0) return result;
            Span<char> dest = new Span<char>(ref result._firstChar, length);
            int pos = 0;
            Append(dest, ref pos, a); Append(dest, ref pos, b); Append(dest, ref pos, c); Append(dest, ref pos, d);
            return result;
        }

        public static string Concat(params ReadOnlySpan<string> values)
        {
            int length = 0;
            foreach (string v in values) length += v?.Length ?? 0;
            string result = FastAllocateString(length);
            if (length == 0) return result;
            Span<char> dest = new Span<char>(ref result._firstChar, length);
            int pos = 0;
            foreach (string v in values) Append(dest, ref pos, v);
            return result;
        }

        public static string Concat(object a, object b) => Concat(a?.ToString(), b?.ToString());
        public static string Concat(object a, object b, object c) => Concat(a?.ToString(), b?.ToString(), c?.ToString());

        private static void Append(Span<char> dest, ref int pos, string s)
        {
            if (s == null) return;
            s.AsSpan().CopyTo(dest.Slice(pos));
            pos += s.Length;
        }
    }
}
