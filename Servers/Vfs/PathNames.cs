using System;

namespace Lunix.Servers.Vfs
{
    // Paths as text, for what VFS shows in /proc (ProcessView): a path made absolute from a
    // directory's path, by name alone.
    public static class PathNames
    {
        // `path` from directory `start` (absolute), with ".", ".." and repeated slashes taken out
        // by name, as the path reads (symlinks on the way are not followed: the path shows how
        // the file was named). The length written to `into`.
        public static int Join(ReadOnlySpan<byte> start, ReadOnlySpan<byte> path, Span<byte> into)
        {
            int length = 0;
            if (path.Length == 0 || path[0] != '/') length = Append(into, 0, start);
            length = Append(into, length, path, fromRoot: path.Length > 0 && path[0] == '/');
            if (length > 0) return length;
            into[0] = (byte)'/';
            return 1;
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
