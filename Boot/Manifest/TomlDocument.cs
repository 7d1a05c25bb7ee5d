using System.Globalization;
using System.Text;

namespace Lunix.Manifest;

/// <summary>A value of the TOML subset the manifest uses: a string, an integer, a boolean or an array of them.</summary>
public sealed record TomlValue(object Value, int Line)
{
    public string? AsString => Value as string;
    public long? AsInteger => Value is long number ? number : null;
    public bool? AsBoolean => Value is bool flag ? flag : null;
    public IReadOnlyList<TomlValue>? AsArray => Value as IReadOnlyList<TomlValue>;

    public string Describe() => Value switch
    {
        string text => $"\"{text}\"",
        IReadOnlyList<TomlValue> items => $"[{string.Join(", ", items.Select(item => item.Describe()))}]",
        bool flag => flag ? "true" : "false",
        _ => Convert.ToString(Value, CultureInfo.InvariantCulture) ?? "",
    };
}

/// <summary>One [table] of the document: its keys in file order.</summary>
public sealed class TomlTable(string name, int line)
{
    public string Name { get; } = name;
    public int Line { get; } = line;
    public List<(string Key, TomlValue Value)> Entries { get; } = [];

    public TomlValue? Find(string key) => Entries.FirstOrDefault(entry => entry.Key == key).Value;
}

/// <summary>
/// The subset of TOML the manifest is written in: `# comments`, `[dotted.table]` headers and
/// `key = value` lines whose value is a "string" (with \" \\ \n \t escapes), an integer (decimal
/// or 0x hexadecimal), true or false, or an [array] of those that may span lines. Anything else is
/// an error that names its line; nothing is guessed.
/// </summary>
public sealed class TomlDocument
{
    public List<TomlTable> Tables { get; } = [];

    public static TomlDocument Parse(string text, out List<ManifestError> errors)
    {
        var document = new TomlDocument();
        var reader = new Reader(text);
        errors = reader.Errors;
        var root = new TomlTable("", 1);
        var current = root;
        var names = new HashSet<string>();
        while (reader.NextLine())
        {
            if (reader.AtEnd()) continue;
            if (reader.Peek() == '[')
            {
                if (reader.TableHeader() is not { } name) continue;
                if (!names.Add(name)) reader.Error($"table [{name}] declared twice");
                current = new TomlTable(name, reader.Line);
                document.Tables.Add(current);
            }
            else if (reader.KeyValue() is var (key, value))
            {
                if (current.Find(key) != null) reader.Error($"key '{key}' given twice in [{current.Name}]");
                else if (current == root) reader.Error($"key '{key}' outside any [table]");
                else current.Entries.Add((key, value));
            }
        }
        return document;
    }

    /// <summary>A cursor over the text, line by line; values (arrays) may continue on later lines.</summary>
    private sealed class Reader(string text)
    {
        private readonly string[] _lines = text.Replace("\r\n", "\n").Split('\n');
        private int _index = -1;
        private string _line = "";
        private int _position;

        public List<ManifestError> Errors { get; } = [];
        public int Line => _index + 1;

        public bool NextLine()
        {
            if (++_index >= _lines.Length) return false;
            _line = _lines[_index];
            _position = 0;
            return true;
        }

        public void Error(string message) => Errors.Add(new ManifestError(Line, message));

        /// <summary>True when only white space or a comment is left on this line.</summary>
        public bool AtEnd()
        {
            while (_position < _line.Length && _line[_position] is ' ' or '\t') _position++;
            return _position == _line.Length || _line[_position] == '#';
        }

        public char Peek() => _line[_position];

        public string? TableHeader()
        {
            _position++;
            int close = _line.IndexOf(']', _position);
            if (close < 0)
            {
                Error("table header without ']'");
                return null;
            }
            string name = _line[_position..close].Trim();
            _position = close + 1;
            if (name.Length == 0 || !name.Split('.').All(IsBareKey))
            {
                Error($"bad table name [{name}]");
                return null;
            }
            if (!AtEnd()) Error("text after a table header");
            return name;
        }

        public (string, TomlValue)? KeyValue()
        {
            int start = _position;
            while (_position < _line.Length && IsKeyChar(_line[_position])) _position++;
            string key = _line[start.._position];
            if (key.Length == 0)
            {
                Error($"expected a key, found '{_line.Trim()}'");
                return null;
            }
            if (AtEnd() || Peek() != '=')
            {
                Error($"expected '=' after key '{key}'");
                return null;
            }
            _position++;
            if (Value() is not { } value) return null;
            if (!AtEnd())
            {
                Error($"text after the value of '{key}'");
                return null;
            }
            return (key, value);
        }

        private TomlValue? Value()
        {
            // A value may not start on the next line, but an array's items may.
            if (AtEnd())
            {
                Error("expected a value");
                return null;
            }
            int line = Line;
            char first = Peek();
            if (first == '"') return String() is { } text ? new TomlValue(text, line) : null;
            if (first == '[') return Array(line);
            int start = _position;
            while (_position < _line.Length && (char.IsLetterOrDigit(_line[_position]) || _line[_position] is '-' or '_')) _position++;
            string word = _line[start.._position];
            if (word == "true") return new TomlValue(true, line);
            if (word == "false") return new TomlValue(false, line);
            if (TryInteger(word, out long number)) return new TomlValue(number, line);
            Error(word.Length == 0 ? $"expected a value, found '{_line[start..].Trim()}'" : $"'{word}' is not a string, an integer, true or false");
            return null;
        }

        private TomlValue? Array(int line)
        {
            _position++;
            var items = new List<TomlValue>();
            while (true)
            {
                while (AtEnd())
                {
                    if (!NextLine())
                    {
                        Error("array without ']'");
                        return null;
                    }
                }
                if (Peek() == ']')
                {
                    _position++;
                    return new TomlValue(items, line);
                }
                if (Value() is not { } item) return null;
                items.Add(item);
                if (!AtEnd() && Peek() == ',') _position++;
                else if (!AtEnd() && Peek() != ']')
                {
                    Error("expected ',' or ']' in an array");
                    return null;
                }
            }
        }

        private string? String()
        {
            var text = new StringBuilder();
            _position++;
            while (_position < _line.Length)
            {
                char c = _line[_position++];
                if (c == '"') return text.ToString();
                if (c != '\\')
                {
                    text.Append(c);
                    continue;
                }
                if (_position == _line.Length) break;
                char escaped = _line[_position++];
                switch (escaped)
                {
                    case '"': text.Append('"'); break;
                    case '\\': text.Append('\\'); break;
                    case 'n': text.Append('\n'); break;
                    case 't': text.Append('\t'); break;
                    default:
                        Error($"unknown escape '\\{escaped}' in a string");
                        return null;
                }
            }
            Error("string without its closing '\"'");
            return null;
        }

        private static bool TryInteger(string word, out long number)
        {
            if (word.StartsWith("0x", StringComparison.Ordinal))
                return long.TryParse(word[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out number);
            return long.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number);
        }

        private static bool IsKeyChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

        private static bool IsBareKey(string key) => key.Length > 0 && key.All(IsKeyChar);
    }
}
