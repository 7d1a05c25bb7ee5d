using System;

namespace Lunix.Servers.Pm
{
    // A script's first line, "#!interpreter [argument]", read as Linux's binfmt_script reads it
    // from the file's first 256 bytes: spaces and tabs around the interpreter's path are
    // skipped, and everything after it up to the line's end (trailing blanks trimmed) is one
    // optional argument. A line that does not end within those bytes counts only if the
    // interpreter's path ends there (else it may have been cut: ENOEXEC). execve then runs the
    // interpreter with argv [interpreter, argument (if any), the script's path, argv[1]...].
    internal static class ScriptLine
    {
        public const int Bytes = 256;                       // Linux's BINPRM_BUF_SIZE

        public static bool IsScript(ReadOnlySpan<byte> head) => head.Length >= 2 && head[0] == (byte)'#' && head[1] == (byte)'!';

        // head: the file's first bytes (at most Bytes). False: no usable line (ENOEXEC).
        public static bool Parse(ReadOnlySpan<byte> head, out int interpreterStart, out int interpreterLength, out int argumentStart, out int argumentLength)
        {
            interpreterStart = interpreterLength = argumentStart = argumentLength = 0;
            Span<byte> line = stackalloc byte[Bytes];
            line.Clear();
            head.Slice(0, Math.Min(head.Length, Bytes)).CopyTo(line);
            if (!IsScript(line)) return false;
            int end = ((ReadOnlySpan<byte>)line).IndexOf((byte)'\n');
            if (end < 0)
            {
                int first = NextNonBlank(line, 2, Bytes - 1);
                if (first < 0 || NextTerminator(line, first, Bytes - 1) < 0) return false;
                end = Bytes - 1;
            }
            while (end > 2 && IsBlank(line[end - 1])) end--;
            int name = NextNonBlank(line, 2, end);
            if (name < 0 || name == end) return false;
            int separator = NextTerminator(line, name, end);
            interpreterStart = name;
            interpreterLength = (separator < 0 ? end : separator) - name;
            if (separator >= 0 && line[separator] != 0)
            {
                int argument = NextNonBlank(line, separator, end);
                if (argument >= 0)
                {
                    argumentStart = argument;
                    int argumentEnd = ((ReadOnlySpan<byte>)line.Slice(argument, end - argument)).IndexOf((byte)0);
                    argumentLength = argumentEnd < 0 ? end - argument : argumentEnd;
                }
            }
            return true;
        }

        private static bool IsBlank(byte b) => b == (byte)' ' || b == (byte)'\t';

        private static int NextNonBlank(ReadOnlySpan<byte> line, int from, int end)
        {
            for (int i = from; i < end; i++)
                if (!IsBlank(line[i])) return i;
            return -1;
        }

        private static int NextTerminator(ReadOnlySpan<byte> line, int from, int end)
        {
            for (int i = from; i < end; i++)
                if (IsBlank(line[i]) || line[i] == 0) return i;
            return -1;
        }
    }
}
