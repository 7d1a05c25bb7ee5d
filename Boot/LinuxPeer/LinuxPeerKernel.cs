using System.ComponentModel;
using System.Diagnostics;

namespace Lunix.Boot;

/// <summary>
/// Debian's kernel for the Linux peer, through Boot/linux-peer-kernel.sh, which pins its package,
/// version and checksums, fetches it once with apt-get download and caches it in iso/linux-peer.
/// </summary>
public static class LinuxPeerKernel
{
    public static string CacheDirectory(string root) => Path.Combine(root, "iso", "linux-peer");

    /// <summary>The kernel's path, or why it cannot be had; the script's messages go to onMessage as they come.</summary>
    public static async Task<(string? Path, string? Error)> FetchAsync(string root, Action<string> onMessage)
    {
        var script = Path.Combine(root, "Boot", "linux-peer-kernel.sh");
        var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(CacheDirectory(root));
        var messages = new List<string>();
        try
        {
            using var process = Process.Start(start)!;
            var stderr = Task.Run(async () =>
            {
                while (await process.StandardError.ReadLineAsync() is { } line)
                {
                    lock (messages) messages.Add(line);
                    onMessage(line);
                }
            });
            var stdout = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            await stderr;
            var path = stdout.Trim();
            if (process.ExitCode == 0 && File.Exists(path)) return (path, null);
            // The script's own last words say why (no network, an unknown version, a bad checksum).
            var why = messages.LastOrDefault(line => line.StartsWith("lunix:", StringComparison.Ordinal)) ?? messages.LastOrDefault();
            return (null, $"{script} failed (exit {process.ExitCode}): {why ?? "no message"}");
        }
        catch (Win32Exception e)
        {
            return (null, $"cannot run bash {script}: {e.Message}");
        }
    }
}
