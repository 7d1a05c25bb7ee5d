using System;

namespace Lunix.Kernel.Console
{
    // A display the console mirrors its output to: VGA text mode or a linear framebuffer. Text
    // comes in batches, so a screen can scroll once for all the lines of a batch.
    public interface IScreen
    {
        void Write(ReadOnlySpan<char> text);
        void Clear();
    }
}
