namespace Lunix.Drivers.Tty
{
    // What ties the terminal to its users, and must outlive a crash of the driver: the session it
    // is the controlling terminal of, that session's foreground group, and how many open file
    // descriptions VFS has of it. Without them a restarted driver would be nobody's controlling
    // terminal: the shell's tcsetpgrp would be ENOTTY, its jobs could not have the terminal, and
    // the last close of a descriptor opened after the restart would end the session. The
    // settings, the window size and what was typed start afresh: a program sets its settings
    // again (a shell's line editor does at each prompt).
    public struct TerminalTies
    {
        public const int Size = 12;

        public int Session;
        public int ForegroundGroup;
        public int Opens;

        public bool Same(in TerminalTies other) => Session == other.Session && ForegroundGroup == other.ForegroundGroup && Opens == other.Opens;
    }
}
