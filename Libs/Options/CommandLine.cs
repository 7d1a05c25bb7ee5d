using System;

namespace Lunix.Options
{
    public enum OptionKind { Flag, Integer, Choice, Text }

    // One option a parser's user accepts: its name, kind, valid values and default. The parser
    // knows no option by name; the kernel (or a service) hands it a table of these.
    public readonly struct OptionSpec
    {
        public string Name { get; }
        public OptionKind Kind { get; }
        public long Minimum { get; }
        public long Maximum { get; }
        public long DefaultInteger { get; }
        public string[] Choices { get; }
        public string DefaultText { get; }

        private OptionSpec(string name, OptionKind kind, long minimum, long maximum, long defaultInteger, string[] choices, string defaultText)
        {
            Name = name;
            Kind = kind;
            Minimum = minimum;
            Maximum = maximum;
            DefaultInteger = defaultInteger;
            Choices = choices;
            DefaultText = defaultText;
        }

        public static OptionSpec Flag(string name)
            => new OptionSpec(name, OptionKind.Flag, 0, 0, 0, null, null);

        // minimum and maximum are inclusive.
        public static OptionSpec Integer(string name, long defaultValue, long minimum, long maximum)
            => new OptionSpec(name, OptionKind.Integer, minimum, maximum, defaultValue, null, null);

        // defaultValue may be null: "none of them" when the option is absent.
        public static OptionSpec Choice(string name, string defaultValue, params string[] choices)
            => new OptionSpec(name, OptionKind.Choice, 0, 0, 0, choices, defaultValue);

        public static OptionSpec Text(string name, string defaultValue)
            => new OptionSpec(name, OptionKind.Text, 0, 0, 0, null, defaultValue);
    }

    // The boot command line: whitespace-separated items, each `key=value`, `key="quoted value"`
    // or a bare flag. A bad item is reported in Diagnostics and skipped; the rest still parse,
    // and the last valid occurrence of a repeated key wins. An item whose key has a dot and is
    // not the parser user's own (`rs.backoff=off` to the kernel, `ds.x=1` to RS) belongs to
    // another service: it is kept, as written, in Forwarded for the kernel to hand on (GETINFO
    // ServiceOptions), and the service that owns the part before the dot parses it with its own
    // table. The user's own prefix (RS's "rs.") is never forwarded: an unknown key there is bad.
    public sealed class CommandLine
    {
        private readonly OptionSpec[] _specs;
        private readonly bool[] _given;
        private readonly long[] _integers;
        private readonly string[] _texts;
        private string[] _diagnostics = new string[4];
        private int _diagnosticCount;
        private string _validNames;
        private string _forwarded = "";

        private readonly string _ownPrefix;

        private CommandLine(OptionSpec[] specs, string ownPrefix)
        {
            _specs = specs;
            _ownPrefix = ownPrefix;
            _given = new bool[specs.Length];
            _integers = new long[specs.Length];
            _texts = new string[specs.Length];
            for (int i = 0; i < specs.Length; i++)
            {
                _integers[i] = specs[i].DefaultInteger;
                _texts[i] = specs[i].DefaultText;
            }
        }

        // Human-readable messages, one per bad item, in command-line order; printed verbatim.
        public string[] Diagnostics { get; private set; }

        // The items for services (a dotted key not in the table), as written, separated by spaces.
        public string Forwarded => _forwarded;

        // ownPrefix: the dotted prefix of the caller's own options ("rs."), or null (the kernel's
        // have no dot).
        public static CommandLine Parse(ReadOnlySpan<char> text, OptionSpec[] specs, string ownPrefix = null)
        {
            var result = new CommandLine(specs, ownPrefix);
            int pos = 0;
            while (true)
            {
                while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++;
                if (pos == text.Length) break;
                int start = pos;
                bool quoted = false;
                while (pos < text.Length && (quoted || !char.IsWhiteSpace(text[pos])))
                {
                    if (text[pos] == '"') quoted = !quoted;
                    pos++;
                }
                if (quoted)
                {
                    // End the bad item at the first white space, as if the quote were an ordinary
                    // character, so that the items after it still parse.
                    pos = start;
                    while (pos < text.Length && !char.IsWhiteSpace(text[pos])) pos++;
                    result.Report(string.Concat("unterminated quote in '", new string(text.Slice(start, pos - start)), "'"));
                    continue;
                }
                result.ParseItem(text.Slice(start, pos - start));
            }
            string[] diagnostics = result._diagnostics;
            Array.Resize(ref diagnostics, result._diagnosticCount);
            result.Diagnostics = diagnostics;
            result._diagnostics = null;
            return result;
        }

        // True when the option appeared with a valid value (or, for a flag, at all).
        public bool IsSet(string name) => _given[IndexOf(name)];

        public long GetInteger(string name) => _integers[IndexOf(name, OptionKind.Integer)];

        // The chosen word (one of the spec's Choices instances), or the default.
        public string GetChoice(string name) => _texts[IndexOf(name, OptionKind.Choice)];

        public string GetText(string name) => _texts[IndexOf(name, OptionKind.Text)];

        private void ParseItem(ReadOnlySpan<char> item)
        {
            int equals = item.IndexOf('=');
            ReadOnlySpan<char> key = equals < 0 ? item : item.Slice(0, equals);
            int index = Find(key);
            if (index < 0 && key.IndexOf('.') > 0 && (_ownPrefix == null || !key.StartsWith(_ownPrefix.AsSpan())))
            {
                _forwarded = _forwarded.Length == 0 ? new string(item) : string.Concat(_forwarded, " ", new string(item));
                return;
            }
            if (index < 0)
            {
                Report(string.Concat("unknown option '", new string(key), "'; valid options: ", ValidNames()));
                return;
            }
            OptionSpec spec = _specs[index];
            if (spec.Kind == OptionKind.Flag)
            {
                if (equals >= 0)
                    Report(string.Concat("option '", spec.Name, "' is a flag and takes no value, got '", new string(item), "'"));
                else
                    _given[index] = true;
                return;
            }
            if (equals < 0 || equals == item.Length - 1)
            {
                Report(string.Concat("option '", spec.Name, "' expects ", Expectation(spec), "got nothing"));
                return;
            }
            string value = Unquote(item.Slice(equals + 1));
            if (spec.Kind == OptionKind.Integer)
            {
                if (!TryParseInteger(value, out long number) || number < spec.Minimum || number > spec.Maximum)
                {
                    ReportBadValue(spec, value);
                    return;
                }
                _integers[index] = number;
            }
            else if (spec.Kind == OptionKind.Choice)
            {
                int choice = FindChoice(spec.Choices, value);
                if (choice < 0)
                {
                    ReportBadValue(spec, value);
                    return;
                }
                _texts[index] = spec.Choices[choice];
            }
            else
            {
                _texts[index] = value;
            }
            _given[index] = true;
        }

        private void ReportBadValue(OptionSpec spec, string value)
            => Report(string.Concat("option '", spec.Name, "' expects ", Expectation(spec), "got '", value, "'"));

        // What a valid value looks like, ending with the separator that comes before "got ...".
        private static string Expectation(OptionSpec spec)
        {
            if (spec.Kind == OptionKind.Integer)
                return string.Concat("an integer from ", spec.Minimum.ToString(), " to ", spec.Maximum.ToString(), ", ");
            if (spec.Kind == OptionKind.Choice)
                return string.Concat("one of: ", Join(spec.Choices), "; ");
            return "a value, ";
        }

        // Quotes group words; they are not part of the value: a="b c" gives `b c`.
        private static string Unquote(ReadOnlySpan<char> raw)
        {
            int quotes = 0;
            foreach (char c in raw) if (c == '"') quotes++;
            if (quotes == 0) return new string(raw);
            char[] chars = new char[raw.Length - quotes];
            int count = 0;
            foreach (char c in raw) if (c != '"') chars[count++] = c;
            return new string(chars);
        }

        // Decimal with an optional '-', or hexadecimal after "0x"; false on no digits or overflow.
        private static bool TryParseInteger(ReadOnlySpan<char> text, out long value)
        {
            value = 0;
            bool negative = text.Length > 0 && text[0] == '-';
            if (negative) text = text.Slice(1);
            uint radix = 10;
            if (text.Length > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
            {
                radix = 16;
                text = text.Slice(2);
            }
            if (text.Length == 0) return false;
            ulong magnitude = 0;
            foreach (char c in text)
            {
                uint digit;
                if (c >= '0' && c <= '9') digit = (uint)(c - '0');
                else if (radix == 16 && c >= 'a' && c <= 'f') digit = (uint)(c - 'a' + 10);
                else if (radix == 16 && c >= 'A' && c <= 'F') digit = (uint)(c - 'A' + 10);
                else return false;
                if (magnitude > (ulong.MaxValue - digit) / radix) return false;
                magnitude = magnitude * radix + digit;
            }
            if (negative ? magnitude > (ulong)long.MaxValue + 1 : magnitude > long.MaxValue) return false;
            value = negative ? (long)(0 - magnitude) : (long)magnitude;
            return true;
        }

        private int Find(ReadOnlySpan<char> name)
        {
            for (int i = 0; i < _specs.Length; i++)
                if (name.SequenceEqual(_specs[i].Name)) return i;
            return -1;
        }

        private static int FindChoice(string[] choices, string value)
        {
            for (int i = 0; i < choices.Length; i++)
                if (choices[i] == value) return i;
            return -1;
        }

        // Asking for an option the caller did not declare, or as the wrong kind, is the caller's bug.
        private int IndexOf(string name)
        {
            int index = Find(name);
            if (index < 0) throw new ArgumentException(string.Concat("no such boot option: ", name));
            return index;
        }

        private int IndexOf(string name, OptionKind kind)
        {
            int index = IndexOf(name);
            if (_specs[index].Kind != kind) throw new ArgumentException(string.Concat("boot option of another kind: ", name));
            return index;
        }

        private void Report(string message)
        {
            if (_diagnosticCount == _diagnostics.Length) Array.Resize(ref _diagnostics, _diagnostics.Length * 2);
            _diagnostics[_diagnosticCount++] = message;
        }

        // All option names in ordinal order, built once, on the first unknown key.
        private string ValidNames()
        {
            if (_validNames != null) return _validNames;
            string[] names = new string[_specs.Length];
            for (int i = 0; i < names.Length; i++)
            {
                string name = _specs[i].Name;
                int j = i;
                for (; j > 0 && CompareOrdinal(names[j - 1], name) > 0; j--) names[j] = names[j - 1];
                names[j] = name;
            }
            _validNames = Join(names);
            return _validNames;
        }

        private static int CompareOrdinal(string a, string b)
        {
            int length = a.Length < b.Length ? a.Length : b.Length;
            for (int i = 0; i < length; i++)
                if (a[i] != b[i]) return a[i] - b[i];
            return a.Length - b.Length;
        }

        private static string Join(string[] words)
        {
            int length = 0;
            foreach (string word in words) length += word.Length + 2;
            if (length == 0) return "";
            char[] chars = new char[length - 2];
            int pos = 0;
            foreach (string word in words)
            {
                if (pos > 0) { chars[pos++] = ','; chars[pos++] = ' '; }
                word.AsSpan().CopyTo(new Span<char>(chars, pos, word.Length));
                pos += word.Length;
            }
            return new string(chars);
        }
    }
}
