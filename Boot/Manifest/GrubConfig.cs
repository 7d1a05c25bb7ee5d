using System.Text;

namespace Lunix.Manifest;

/// <summary>
/// An image's grub.cfg: the kernel and its symbols, the console font, every boot module of the
/// image's programs with its symbols ("NAME" and "NAME.symbols"), and RS's service table.
/// </summary>
public static class GrubConfig
{
    public static string Write(ProgramManifest manifest, ImageKind image)
    {
        var text = new StringBuilder();
        text.AppendLine("# Lunix boot menu, generated from manifest.toml by Boot/Manifest. Extra kernel options can be");
        text.AppendLine("# added at the end of the multiboot2 line (press 'e' at this menu on a real machine); QEMU runs");
        text.AppendLine("# also pass them through fw_cfg.");
        text.AppendLine("set timeout=0");
        text.AppendLine("set default=0");
        text.AppendLine("if [ \"$grub_platform\" = \"efi\" ]; then");
        text.AppendLine("    insmod efi_gop");
        text.AppendLine("    set gfxmode=1024x768x32,800x600x32,auto");
        text.AppendLine("    set gfxpayload=keep");
        text.AppendLine("fi");
        text.AppendLine(image == ImageKind.Test ? "menuentry \"Lunix (test image)\" {" : "menuentry \"Lunix\" {");
        // The test image starts no init (PM's init=none) unless a run asks for one: its native
        // suites run alone. A later init= on QEMU's fw_cfg command line wins.
        text.AppendLine(image == ImageKind.Test ? "    multiboot2 /boot/kernel.elf init=none" : "    multiboot2 /boot/kernel.elf");
        text.AppendLine("    module2 /boot/kernel.sym symbols");
        text.AppendLine("    module2 /boot/font.pf2 font");
        text.AppendLine("    module2 /boot/vdso.so vdso");
        foreach (var program in manifest.ModulesOf(image))
        {
            text.AppendLine($"    module2 /boot/programs/{program.Module}.elf {program.Module}");
            text.AppendLine($"    module2 /boot/programs/{program.Module}.sym {program.Module}.symbols");
        }
        text.AppendLine($"    module2 /boot/{ServiceTableFile.ModuleName}.table {ServiceTableFile.ModuleName}");
        text.AppendLine($"    module2 /boot/{RootArchiveFile.ModuleName}.cpio {RootArchiveFile.ModuleName}");
        // The multiboot2 command sets gfxpayload itself (to "auto") for the kernel's optional
        // framebuffer request, so the BIOS boot would get a graphics mode; set after it, "text"
        // keeps VGA text mode (80x25), the terminal driver's virtual consoles' screen there.
        text.AppendLine("    if [ \"$grub_platform\" != \"efi\" ]; then set gfxpayload=text; fi");
        text.AppendLine("    boot");
        text.AppendLine("}");
        return text.ToString();
    }
}
