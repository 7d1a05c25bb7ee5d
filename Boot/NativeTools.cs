using System.ComponentModel;
using System.Diagnostics;

namespace Lunix.Boot;

/// <summary>Boot/native-tools.sh: installs QEMU, OVMF and friends, or says how to.</summary>
public static class NativeTools
{
    /// <summary>Null when the tools are there, else why not (the script has printed the fix).</summary>
    public static string? Ensure(string root)
    {
        var script = Path.Combine(root, "Boot", "native-tools.sh");
        var start = new ProcessStartInfo("bash") { UseShellExecute = false };
        start.ArgumentList.Add(script);
        try
        {
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"{script} failed (exit {process.ExitCode})";
        }
        catch (Win32Exception e)
        {
            return $"cannot run bash {script}: {e.Message}";
        }
    }
}
