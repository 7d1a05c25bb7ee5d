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

/*
 * lunix_copy_forward(dst [rdi], src [rsi], length [rdx]): Buffer.Memmove's forward copy, and
 * lunix_fill(dst [rdi], byte [esi], length [rdx]): its fills. rep movsq/stosq move eight bytes
 * an instruction (under -icount each iteration counts as one; on real processors rep movs and
 * stos are the fast copy), rep movsb/stosb the last length % 8. DF is clear: the SysV ABI
 * guarantees it on entry, and the kernel's trap entry clears it (cld, SFMASK).
 */
export lunix_copy_forward
    mov %rdx, %rcx
    shr $3, %rcx
    rep movsq
    mov %rdx, %rcx
    and $7, %rcx
    rep movsb
    ret

export lunix_fill
    movzbl %sil, %eax
    movabs $0x0101010101010101, %r8
    imul %r8, %rax
    mov %rdx, %rcx
    shr $3, %rcx
    rep stosq
    mov %rdx, %rcx
    and $7, %rcx
    rep stosb
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
