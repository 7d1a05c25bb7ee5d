using System;

namespace Lunix.Abi
{
    // Paths as text, for what VFS shows in /proc (ProcView): a path made absolute from a
    // directory's path, by name alone. VFS joins a relative path to its start when the file is
    // opened; ProcFs takes ".", ".." and repeated slashes out of an absolute one when it shows it.
    public static class PathNames
    {
        // `path` from directory `start` (absolute), with ".", ".." and repeated slashes taken out
        // by name, as the path reads (symlinks on the way are not followed: the path shows how
        // the file was named). The length written to `into`.
        public static int Join(ReadOnlySpan<byte> start, ReadOnlySpan<byte> path, Span<byte> into)
        {
            if (IsPlain(path))
            {
                // Nothing to take out: one copy (every open names its file this way).
                bool relative = path[0] != '/';
                int prefix = !relative ? 0 : start.Length == 1 ? 1 : start.Length + 1;
                if (prefix + path.Length <= into.Length)
                {
                    if (relative)
                    {
                        start.CopyTo(into);
                        into[prefix - 1] = (byte)'/';
                    }
                    path.CopyTo(into.Slice(prefix));
                    return prefix + path.Length;
                }
            }
            int length = 0;
            if (path.Length == 0 || path[0] != '/') length = Append(into, 0, start);
            length = Append(into, length, path, fromRoot: path.Length > 0 && path[0] == '/');
            if (length > 0) return length;
            into[0] = (byte)'/';
            return 1;
        }

        // Whether every name of the path is neither empty, "." nor "..", and no slash ends it
        // ("/" alone and "" are not plain).
        private static bool IsPlain(ReadOnlySpan<byte> path)
        {
            int at = path.Length > 0 && path[0] == '/' ? 1 : 0;
            if (at == path.Length) return false;
            while (true)
            {
                int slash = path.Slice(at).IndexOf((byte)'/');
                int end = slash < 0 ? path.Length : at + slash;
                int length = end - at;
                if (length == 0 || (path[at] == '.' && (length == 1 || (length == 2 && path[at + 1] == '.')))) return false;
                if (end == path.Length) return true;
                at = end + 1;
                if (at == path.Length) return false;
            }
        }

        // Components of `path` onto the absolute path into[0..length): the new length.
        private static int Append(Span<byte> into, int length, ReadOnlySpan<byte> path, bool fromRoot = false)
        {
            if (fromRoot) length = 0;
            int at = 0;
            while (at < path.Length)
            {
                while (at < path.Length && path[at] == '/') at++;
                int end = at;
                while (end < path.Length && path[end] != '/') end++;
                ReadOnlySpan<byte> name = path.Slice(at, end - at);
                at = end;
                if (name.Length == 0 || (name.Length == 1 && name[0] == '.')) continue;
                if (name.Length == 2 && name[0] == '.' && name[1] == '.')
                {
                    while (length > 0 && into[length - 1] != '/') length--;
                    if (length > 0) length--;
                    continue;
                }
                if (length + 1 + name.Length > into.Length) break;
                into[length++] = (byte)'/';
                name.CopyTo(into.Slice(length));
                length += name.Length;
            }
            return length;
        }
    }
}
