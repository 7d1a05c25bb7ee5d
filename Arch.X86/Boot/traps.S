/*
 * The 256 interrupt and exception entry points, generated from one rule: the CPU pushes an
 * error code for vectors 8, 10-14, 17, 21, 29 and 30; every other stub pushes a zero in its
 * place, so that all of them build the same TrapFrame and call the managed dispatcher.
 */
.macro trap_stub n
    .align 16
trap_stub_\n:
    .if (\n == 8) || ((\n >= 10) && (\n <= 14)) || (\n == 17) || (\n == 21) || (\n == 29) || (\n == 30)
    .else
    pushq $0
    .endif
    pushq $\n
    jmp trap_common
.endm

.macro trap_address n
    .quad trap_stub_\n
.endm

.text
.altmacro
.set vector, 0
.rept 256
    trap_stub %vector
    .set vector, vector + 1
.endr

/* Save every general register; the frame is 16-byte aligned here (see TrapFrame.cs). */
trap_common:
    cld
    push %rax
    push %rbx
    push %rcx
    push %rdx
    push %rsi
    push %rdi
    push %rbp
    push %r8
    push %r9
    push %r10
    push %r11
    push %r12
    push %r13
    push %r14
    push %r15
    mov %rsp, %rdi
    call lunix_trap
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %r11
    pop %r10
    pop %r9
    pop %r8
    pop %rbp
    pop %rdi
    pop %rsi
    pop %rdx
    pop %rcx
    pop %rbx
    pop %rax
    add $16, %rsp                               /* vector and error code */
    iretq

.section .rodata
.align 8
.global lunix_trap_stubs
lunix_trap_stubs:
.set vector, 0
.rept 256
    trap_address %vector
    .set vector, vector + 1
.endr

.section .note.GNU-stack, "", @progbits
