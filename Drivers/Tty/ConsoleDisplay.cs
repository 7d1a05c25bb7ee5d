namespace Lunix.Drivers.Tty
{
    // Where the console shown is drawn: the VGA text buffer or a framebuffer. Show draws the
    // rows the screen marked changed and puts the cursor where the screen has it.
    public abstract class ConsoleDisplay
    {
        public abstract int Columns { get; }
        public abstract int Rows { get; }
        public abstract void Show(ConsoleScreen screen);
    }
}
