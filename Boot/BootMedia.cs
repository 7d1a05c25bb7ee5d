namespace Lunix.Boot;

/// <summary>How the Lunix ISO itself is attached (`--boot-from`): the one hybrid ISO boots from each.
/// Usb is a USB stick on an EHCI controller, Usb3 one on an xHCI controller (where QEMU's stick
/// comes up at SuperSpeed).</summary>
public enum BootMedium { Cdrom, Ide, Ahci, Usb, Usb3 }

/// <summary>The controller a `--disk` hangs on: the legacy IDE controller or an AHCI (SATA) one.</summary>
public enum DiskController { Ide, Ahci }

/// <summary>What the guest sees of a `--disk`: a hard disk (writable) or a CD (read-only).</summary>
public enum DiskKind { HardDisk, Cdrom }

/// <summary>One `--disk FILE[,ide|ahci][,disk|cdrom]`: a raw image attached to the guest.</summary>
public sealed record Disk(string Path, DiskController Controller = DiskController.Ide, DiskKind Kind = DiskKind.HardDisk)
{
    public const string ValueUsage = "FILE[,ide|ahci][,disk|cdrom]";

    /// <summary>--disk's value: the file (which must exist) and at most one controller and one kind
    /// after commas; null, or the error naming the bad part with the valid ones.</summary>
    public static string? Parse(string text, out Disk disk)
    {
        disk = new Disk("");
        var parts = text.Split(',');
        if (parts[0].Length == 0) return $"--disk: '{text}' names no file (--disk {ValueUsage})";
        DiskController? controller = null;
        DiskKind? kind = null;
        foreach (var word in parts.Skip(1))
        {
            switch (word)
            {
                case "ide" or "ahci" when controller == null:
                    controller = word == "ide" ? DiskController.Ide : DiskController.Ahci;
                    break;
                case "disk" or "cdrom" when kind == null:
                    kind = word == "disk" ? DiskKind.HardDisk : DiskKind.Cdrom;
                    break;
                case "ide" or "ahci" or "disk" or "cdrom":
                    return $"--disk: '{text}' gives {(word is "ide" or "ahci" ? "the controller" : "the kind")} twice";
                default:
                    return $"--disk: '{word}' in '{text}' is neither a controller (ide, ahci) nor a kind (disk, cdrom)";
            }
        }
        if (!File.Exists(parts[0])) return $"--disk: no file '{parts[0]}'";
        disk = new Disk(System.IO.Path.GetFullPath(parts[0]), controller ?? DiskController.Ide, kind ?? DiskKind.HardDisk);
        return null;
    }

    /// <summary>--boot-from's value; null, or the error with the valid ones.</summary>
    public static string? ParseBootMedium(string? text, out BootMedium medium)
    {
        medium = BootMedium.Cdrom;
        switch (text)
        {
            case "cdrom": medium = BootMedium.Cdrom; return null;
            case "ide": medium = BootMedium.Ide; return null;
            case "ahci": medium = BootMedium.Ahci; return null;
            case "usb": medium = BootMedium.Usb; return null;
            case "usb3": medium = BootMedium.Usb3; return null;
            case null: return "--boot-from needs a value: ide, ahci, usb, usb3 or cdrom";
            default: return $"--boot-from: '{text}' is not one of ide, ahci, usb, usb3, cdrom";
        }
    }
}
