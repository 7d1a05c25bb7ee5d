using System.Text;

namespace Lunix.Manifest;

/// <summary>
/// Writes a generated file only when its content changed, so that an unchanged manifest leaves
/// every generated source's timestamp alone and nothing recompiles.
/// </summary>
public static class GeneratedFile
{
    public const string Banner = "// Generated from manifest.toml by Boot/Manifest: do not edit; edit the manifest.";

    public static void Write(string path, string text) => Write(path, Encoding.UTF8.GetBytes(text));

    public static void Write(string path, byte[] bytes)
    {
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes)) return;
        if (Path.GetDirectoryName(path) is { Length: > 0 } directory) Directory.CreateDirectory(directory);
        string temporary = path + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }
}
