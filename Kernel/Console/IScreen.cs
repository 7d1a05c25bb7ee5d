namespace Lunix.Kernel.Console
{
    // A display the console mirrors its output to: VGA text mode or a linear framebuffer.
    public interface IScreen
    {
        void Put(char c);
        void Clear();
    }
}
