using System;
using Lunix.Kernel.Diagnostics;
using Lunix.Kernel.Ipc;

namespace Lunix.Kernel.Process
{
    // A program as the kernel keeps it for the life of the system: the ELF bytes of its
    // boot-image module (GRUB's module memory is reserved, never reused) and what the boot image
    // gave it. RS's RESTART starts a fresh copy from these bytes after a crash, with the same
    // privileges, so a restarted service can do no more than the first instance could. One
    // object per program, made once and never changed: every slot running the program (its
    // restarts, a live update's new version, forked children) refers to it, so the table keeps
    // a reference per slot instead of a copy of the privilege description.
    public sealed unsafe class ProgramImage
    {
        public string Name;
        public byte* File;
        public int Length;
        public int Priority;
        public bool Daemon;                 // runs for ever: `poweroff` does not wait for it
        public SymbolTable Symbols;         // for its fault reports (may be null)
        public Privileges Privileges;

        public ReadOnlySpan<byte> Bytes => new(File, Length);
    }
}
