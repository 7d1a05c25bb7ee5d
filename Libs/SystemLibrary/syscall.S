/*
 * The one way into the kernel from ring 3 (ABI in Abi/Traps.cs). Called from C# by the SysV
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

/*
 * lunix_ipc(endpoint, message, trap): an IPC primitive, whose two arguments arrive already in
 * RDI and RSI (every SENDREC and REPLYRECEIVE crosses here: no shuffling).
 */
.global lunix_ipc
.type lunix_ipc, @function
lunix_ipc:
    mov %rdx, %rax
    syscall
    ret
.size lunix_ipc, . - lunix_ipc

/*
 * lunix_syscall_keeps_vectors(trap, a0, a1): fills XMM0-XMM15 with sixteen different values,
 * makes the call as lunix_syscall does, and returns 1 when all sixteen came back unchanged, else
 * 0. The kernel's compiled code uses the vector registers itself, so this tests that it keeps
 * each process's copy (a test helper: nothing else depends on it).
 */
.global lunix_syscall_keeps_vectors
.type lunix_syscall_keeps_vectors, @function
lunix_syscall_keeps_vectors:
    mov %rdi, %rax
    mov %rsi, %rdi
    mov %rdx, %rsi
.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    mov $(0x0101010101010101 * (\n + 1)), %rcx
    movq %rcx, %xmm\n
    punpcklqdq %xmm\n, %xmm\n
.endr
    syscall
    sub $256, %rsp
.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    movdqu %xmm\n, (16 * \n)(%rsp)
.endr
    xor %eax, %eax                              /* the result, 0 until every lane matched */
    mov $0x0101010101010101, %rcx
    mov %rcx, %rdx                              /* the value expected in the current register */
    xor %r8d, %r8d                              /* the byte offset of the register */
1:  cmp %rdx, (%rsp, %r8)
    jne 2f
    cmp %rdx, 8(%rsp, %r8)
    jne 2f
    add %rcx, %rdx
    add $16, %r8
    cmp $256, %r8
    jne 1b
    mov $1, %eax
2:  add $256, %rsp
    ret
.size lunix_syscall_keeps_vectors, . - lunix_syscall_keeps_vectors

/* lunix_read_tsc(): the time-stamp counter (user mode may read it: CR4.TSD is clear). */
.global lunix_read_tsc
.type lunix_read_tsc, @function
lunix_read_tsc:
    rdtsc
    shl $32, %rdx
    or %rdx, %rax
    ret

.section .note.GNU-stack, "", @progbits
