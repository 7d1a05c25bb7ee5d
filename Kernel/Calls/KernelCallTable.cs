using Lunix.Arch.X86;
using Lunix.Ipc;

namespace Lunix.Kernel.Calls
{
    // The system-call door: RAX = (class << 16) | number (Ipc/Traps.cs). Kernel calls are
    // dispatched by number to one file each (MINIX's kernel/system/do_*.c); the IPC class goes to
    // the message-passing engine. Results are 0 or a negated Errno, returned in RAX.
    internal static unsafe class KernelCallTable
    {
        public static long Dispatch(int slot, TrapFrame* frame)
        {
            int trapClass = (int)(frame->Rax >> 16);
            int number = (int)(frame->Rax & 0xFFFF);
            if (trapClass == Traps.KernelCallClass)
            {
                switch (number)
                {
                    case KernelCalls.DiagCtl: return DoDiagCtl.Run(slot, frame->Rdi, frame->Rsi);
                    case KernelCalls.Exit: return DoExit.Run(slot, (int)frame->Rdi);
                }
                return -(long)Errno.ENOSYS;
            }
            return trapClass == Traps.IpcClass ? IpcDoor.Dispatch(slot, number, frame) : -(long)Errno.EBADCALL;
        }
    }
}
