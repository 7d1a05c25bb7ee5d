/*
 * Runtime helpers whose calling conventions C# cannot express. Linked into every Lunix image.
 * Lunix has no garbage collector, so the write barriers are plain stores.
 */
.text
.macro export name
    .global \name
    .type \name, @function
\name:
.endm

/* RhpAssignRef(ref object dst [rdi], object value [rsi]) */
export RhpAssignRef
export RhpCheckedAssignRef
    mov %rsi, (%rdi)
    ret

/* Copies [rsi] to [rdi] and advances both by 8, like movsq. */
export RhpByRefAssignRef
    mov (%rsi), %rcx
    mov %rcx, (%rdi)
    add $8, %rdi
    add $8, %rsi
    ret

/* Probes are for guard pages; kernel and server stacks are fully committed, nothing to touch. */
export RhpStackProbe
    ret

/* No threads to suspend for a collector: polls return at once. */
export RhpGcPoll
    ret

/*
 * First call through an interface dispatch cell (r11 = cell, rdi = this). Resolves the target
 * in C# (InterfaceDispatch.cs) and tail-jumps to it with every argument register intact.
 */
export RhpInitialDynamicInterfaceDispatch
    push %rbp
    mov %rsp, %rbp
    push %rdi
    push %rsi
    push %rdx
    push %rcx
    push %r8
    push %r9
    sub $128, %rsp
    movdqu %xmm0, 0(%rsp)
    movdqu %xmm1, 16(%rsp)
    movdqu %xmm2, 32(%rsp)
    movdqu %xmm3, 48(%rsp)
    movdqu %xmm4, 64(%rsp)
    movdqu %xmm5, 80(%rsp)
    movdqu %xmm6, 96(%rsp)
    movdqu %xmm7, 112(%rsp)
    mov %r11, %rsi
    call LunixResolveInterfaceCall
    movdqu 0(%rsp), %xmm0
    movdqu 16(%rsp), %xmm1
    movdqu 32(%rsp), %xmm2
    movdqu 48(%rsp), %xmm3
    movdqu 64(%rsp), %xmm4
    movdqu 80(%rsp), %xmm5
    movdqu 96(%rsp), %xmm6
    movdqu 112(%rsp), %xmm7
    add $128, %rsp
    pop %r9
    pop %r8
    pop %rcx
    pop %rdx
    pop %rsi
    pop %rdi
    pop %rbp
    jmp *%rax

.data
.align 8
.global RhpTrapThreads
RhpTrapThreads:
    .long 0
    .long 0
.global __security_cookie
__security_cookie:
    .quad 0x2B992DDFA232C0DE

.section .note.GNU-stack, "", @progbits
