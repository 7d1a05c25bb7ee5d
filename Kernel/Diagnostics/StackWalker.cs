using Lunix.Arch.X86;

namespace Lunix.Kernel.Diagnostics
{
    // Walks the frame-pointer chain: every ILC-compiled method with a frame saves the caller's
    // RBP at [RBP] and the return address at [RBP+8]. The walk stops at a null link (the boot
    // code clears RBP), a link outside the known stacks, or a link that does not go up the stack.
    public unsafe struct StackWalker
    {
        private const int MaxFrames = 32;
        private ulong _rbp;
        private int _count;
        private readonly ulong _stackBottom, _stackTop;

        public StackWalker(ulong rbp)
        {
            _rbp = rbp;
            _count = 0;
            ulong bottom, top;
            Cpu.KernelStackBounds(&bottom, &top);
            _stackBottom = bottom;
            _stackTop = top;
        }

        public bool TryNext(out ulong returnAddress)
        {
            returnAddress = 0;
            if (_count >= MaxFrames || !IsPlausibleFrame(_rbp)) return false;
            ulong* frame = (ulong*)_rbp;
            returnAddress = frame[1];
            ulong next = frame[0];
            _rbp = next > _rbp ? next : 0;
            _count++;
            return returnAddress != 0;
        }

        private bool IsPlausibleFrame(ulong rbp)
            => rbp != 0 && (rbp & 7) == 0
               && ((rbp >= _stackBottom && rbp + 16 <= _stackTop) || Gdt.IsOnIstStack(rbp));
    }
}
