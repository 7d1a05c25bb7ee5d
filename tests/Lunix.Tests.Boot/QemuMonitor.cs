using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Lunix.Tests.Boot;

/// <summary>
/// QEMU's machine protocol (QMP) on a Unix socket the test gives QEMU (`-qmp unix:PATH,server=on,wait=off`):
/// keys pressed on the guest's PS/2 keyboard (send-key, scancodes as a person's typing makes
/// them), the screen as the display would show it (screendump, a PPM file), and a device
/// unplugged (device_del).
/// </summary>
public sealed class QemuMonitor : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private QemuMonitor(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _reader = new StreamReader(_stream, Encoding.UTF8);
    }

    /// <summary>The arguments that give QEMU the socket.</summary>
    public static string[] Arguments(string socketPath) => ["-qmp", $"unix:{socketPath},server=on,wait=off"];

    /// <summary>Connects (QEMU makes the socket as it starts: tried for a while) and enters command mode.</summary>
    public static async Task<QemuMonitor> ConnectAsync(string socketPath, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath));
                var monitor = new QemuMonitor(socket);
                await monitor._reader.ReadLineAsync();          // the greeting
                await monitor.ExecuteAsync("{\"execute\":\"qmp_capabilities\"}");
                return monitor;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                socket.Dispose();
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Sends a command and returns its answer, skipping the events QEMU sends meanwhile.</summary>
    private async Task<JsonElement> ExecuteAsync(string command)
    {
        await _stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\n"));
        while (true)
        {
            var line = await _reader.ReadLineAsync() ?? throw new IOException("QEMU closed its monitor");
            using var answer = JsonDocument.Parse(line);
            if (answer.RootElement.TryGetProperty("error", out var error)) throw new IOException($"QMP {command}: {error}");
            if (answer.RootElement.TryGetProperty("return", out var result)) return result.Clone();
        }
    }

    /// <summary>
    /// The first device of QOM type `type` (e.g. "usb-storage") among those the command line
    /// made without an id, unplugged as a person pulls a stick out (device_del by its QOM path).
    /// </summary>
    public async Task UnplugAsync(string type)
    {
        var children = await ExecuteAsync("{\"execute\":\"qom-list\",\"arguments\":{\"path\":\"/machine/peripheral-anon\"}}");
        var child = children.EnumerateArray().First(c => c.GetProperty("type").GetString() == $"child<{type}>");
        await ExecuteAsync($"{{\"execute\":\"device_del\",\"arguments\":{{\"id\":\"/machine/peripheral-anon/{child.GetProperty("name").GetString()}\"}}}}");
    }

    /// <summary>Keys pressed together and released (e.g. "alt", "f2"), by QEMU's key names (qcodes).</summary>
    public Task PressAsync(params string[] keys)
    {
        var list = string.Join(",", keys.Select(key => $"{{\"type\":\"qcode\",\"data\":\"{key}\"}}"));
        return ExecuteAsync($"{{\"execute\":\"send-key\",\"arguments\":{{\"keys\":[{list}],\"hold-time\":40}}}}");
    }

    /// <summary>Types text on the US layout, one key (with shift when needed) at a time; '\r' is Enter.</summary>
    public async Task TypeAsync(string text)
    {
        foreach (var c in text)
        {
            var (key, shift) = KeyOf(c);
            if (shift) await PressAsync("shift", key);
            else await PressAsync(key);
        }
    }

    private const string Unshifted = "-=[]\\;',./`";
    private const string Shifted = "_+{}|:\"<>?~";
    private static readonly string[] SymbolKeys = ["minus", "equal", "bracket_left", "bracket_right", "backslash", "semicolon", "apostrophe", "comma", "dot", "slash", "grave_accent"];
    private const string ShiftedDigits = ")!@#$%^&*(";

    private static (string Key, bool Shift) KeyOf(char c)
    {
        if (c >= 'a' && c <= 'z') return (c.ToString(), false);
        if (c >= 'A' && c <= 'Z') return (char.ToLowerInvariant(c).ToString(), true);
        if (c >= '0' && c <= '9') return (c.ToString(), false);
        if (ShiftedDigits.IndexOf(c) is var digit and >= 0) return (digit.ToString(), true);
        if (Unshifted.IndexOf(c) is var plain and >= 0) return (SymbolKeys[plain], false);
        if (Shifted.IndexOf(c) is var upper and >= 0) return (SymbolKeys[upper], true);
        return c switch
        {
            ' ' => ("spc", false),
            '\r' or '\n' => ("ret", false),
            '\t' => ("tab", false),
            _ => throw new ArgumentException($"no key for '{c}'"),
        };
    }

    /// <summary>The screen now, as QEMU's display shows it.</summary>
    public async Task<PpmImage> ScreenAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"lunix-screen-{Guid.NewGuid():N}.ppm");
        try
        {
            await ExecuteAsync($"{{\"execute\":\"screendump\",\"arguments\":{{\"filename\":{JsonSerializer.Serialize(path)}}}}}");
            return PpmImage.Read(await File.ReadAllBytesAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
        _socket.Dispose();
    }
}
