namespace Lunix.Boot;

/// <summary>
/// Debian's OVMF build (package ovmf). The code image is shared read-only; the variable store
/// is written by the firmware during boot, so every run gets its own copy and runs stay
/// independent of each other (two parallel QEMUs cannot share one writable store anyway).
/// </summary>
public sealed class OvmfFirmware : IDisposable
{
    public const string CodePath = "/usr/share/OVMF/OVMF_CODE_4M.fd";
    public const string VarsTemplatePath = "/usr/share/OVMF/OVMF_VARS_4M.fd";

    public string VarsPath { get; }

    private OvmfFirmware(string varsPath) => VarsPath = varsPath;

    /// <summary>A fresh variable store, or an error message when OVMF is not installed.</summary>
    public static (OvmfFirmware? Firmware, string? Error) CreateVarsCopy()
    {
        if (!File.Exists(CodePath) || !File.Exists(VarsTemplatePath))
            return (null, $"UEFI firmware not found ({CodePath}, {VarsTemplatePath}); run: bash Boot/native-tools.sh");
        var copy = Path.Combine(Path.GetTempPath(), $"lunix-ovmf-vars-{Guid.NewGuid():N}.fd");
        try
        {
            File.Copy(VarsTemplatePath, copy);
            return (new OvmfFirmware(copy), null);
        }
        catch (IOException e)
        {
            return (null, $"cannot copy {VarsTemplatePath} to {copy}: {e.Message}");
        }
    }

    public void Dispose()
    {
        try { File.Delete(VarsPath); } catch (IOException) { /* a leftover temp file is harmless */ }
    }
}
