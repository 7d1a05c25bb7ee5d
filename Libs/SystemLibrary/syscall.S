/*
 * The one way into the kernel from ring 3 (ABI in Ipc/Traps.cs). Called from C# by the SysV
 * convention: lunix_syscall(trap, a0, a1, a2, a3) arrives in RDI, RSI, RDX, RCX, R8 and leaves
 * as RAX = trap, RDI, RSI, RDX, R10 = a0..a3. `syscall` clobbers RCX and R11, both
 * caller-saved, so nothing else needs saving. The result (0 or a negated Errno) is in RAX.
 */
.section .text
.global lunix_syscall
.type lunix_syscall, @function
lunix_syscall:
    mov %rdi, %rax
    mov %rsi, %rdi
    mov %rdx, %rsi
    mov %rcx, %rdx
    mov %r8, %r10
    syscall
    ret
.size lunix_syscall, . - lunix_syscall

/* lunix_read_tsc(): the time-stamp counter (user mode may read it: CR4.TSD is clear). */
.global lunix_read_tsc
.type lunix_read_tsc, @function
lunix_read_tsc:
    rdtsc
    shl $32, %rdx
    or %rdx, %rax
    ret

.section .note.GNU-stack, "", @progbits
