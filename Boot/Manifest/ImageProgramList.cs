namespace Lunix.Manifest;

/// <summary>
/// The list the Boot project reads (ReadLinesFromFile) to build the images: one program project
/// per line, relative to the repository, each once. Boot.csproj turns the lines into its project
/// references, so every program is built before the ISOs are made.
/// </summary>
public static class ImageProgramList
{
    public static string Write(ProgramManifest manifest, ImageKind image) =>
        string.Concat(manifest.InImage(image).Select(program => program.Project).Distinct().Select(project => project + "\n"));
}
