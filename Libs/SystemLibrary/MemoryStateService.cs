namespace Lunix.SystemLibrary
{
    // The SefService of a server whose whole state is its memory (PM, VFS, the RAM file system):
    // a live update hands that memory to the new version (Sef.OfferImage, Sef.TakeImage) instead
    // of starting it fresh, so every process, open file and file is still there after the swap.
    public class MemoryStateService : SefService
    {
        public override int PrepareLiveUpdate() => Sef.PrepareImage();
        public override int SaveState() => Sef.OfferImage();
        public override int InitLiveUpdate(int previousEndpoint) => Sef.TakeImage();
    }
}
