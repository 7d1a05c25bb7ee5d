/*
 * The 256 interrupt and exception entry points, generated from one rule: the CPU pushes an
 * error code for vectors 8, 10-14, 17, 21, 29 and 30; every other stub pushes a zero in its
 * place, so that all of them build the same TrapFrame and call the managed dispatcher. The NMI
 * (vector 2) takes its own path, nmi_entry.
 */
.macro trap_stub n
    .align 16
trap_stub_\n:
    .if (\n == 8) || ((\n >= 10) && (\n <= 14)) || (\n == 17) || (\n == 21) || (\n == 29) || (\n == 30)
    .else
    pushq $0
    .endif
    pushq $\n
    .if \n == 2
    jmp nmi_entry
    .else
    jmp trap_common
    .endif
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

/*
 * Save every general register. From ring 0 the frame is on the kernel stack. From ring 3 the
 * CPU has switched to TSS.RSP0, which points at the end of the running process's saved frame
 * in the process table, so the frame lands there (MINIX's trick: no copy on a context switch);
 * the handler then runs on this CPU's kernel stack. Traps from ring 3 go to lunix_user_trap,
 * the others to lunix_trap; both return the frame to resume: the same one, or another process's.
 */
.set FRAME_CS, 144
.set PERCPU_KERNEL_STACK, 40
.set PERCPU_USER_RSP, 48
.set PERCPU_USER_FRAME, 56
.set PERCPU_USER_VECTORS, 80
.set USER_CS, 0x23
.set USER_DS, 0x1b
.set SYSCALL_VECTOR, 0x80

/* The general registers, in TrapFrame's order (R15 at the lowest address). */
.macro push_general
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
.endm

.macro pop_general
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
.endm

/* With the whole frame pushed and the kernel's GS loaded: keep the process's x87/SSE registers
   (the kernel's compiled code uses XMM too), move to this CPU's kernel stack and dispatch. */
.macro enter_from_user
    mov %rsp, %rdi
    mov %gs:PERCPU_USER_VECTORS, %rax
    fxsave64 (%rax)
    mov %gs:PERCPU_KERNEL_STACK, %rsp
    xor %ebp, %ebp                              /* a fresh stack: traces end here */
    call lunix_user_trap
    jmp lunix_user_return
.endm

trap_common:
    cld
    push_general
    testb $3, FRAME_CS(%rsp)
    jz 1f
    swapgs
    enter_from_user
1:  mov %rsp, %rdi
    call lunix_trap
    mov %rax, %rsp
    jmp 3f

/* rax: the frame to resume in ring 3; the way back swaps the user's GS base back in. */
.global lunix_user_return
lunix_user_return:
    mov %rax, %rsp
    mov %gs:PERCPU_USER_VECTORS, %rax           /* the resumed process's x87/SSE registers */
    fxrstor64 (%rax)
    swapgs
3:  pop_general
    add $16, %rsp                               /* vector and error code */
    iretq

/*
 * The `syscall` instruction lands here (LSTAR) with the user RIP in RCX, RFLAGS in R11, the
 * user stack still loaded and interrupts and DF masked (SFMASK). Build the same frame an
 * interrupt from ring 3 would, in the running process's slot, marked with the syscall vector.
 */
.global lunix_syscall_entry
lunix_syscall_entry:
    swapgs
    mov %rsp, %gs:PERCPU_USER_RSP
    mov %gs:PERCPU_USER_FRAME, %rsp
    pushq $USER_DS
    pushq %gs:PERCPU_USER_RSP
    push %r11
    pushq $USER_CS
    push %rcx
    pushq $0
    pushq $SYSCALL_VECTOR
    push_general
    enter_from_user

/*
 * An NMI can land anywhere: in ring 3, in the kernel, or in the windows where CS and GS disagree
 * (after `syscall` before its swapgs, in a trap from ring 3 before trap_common's swapgs, between
 * lunix_user_return's swapgs and iretq). So GS's state proves nothing: the GS base is saved, set
 * to this CPU's area (kept in the slot above the frame at the top of its NMI stack, Gdt.cs) for
 * the handler, and put back on the way out; KERNEL_GS_BASE and swapgs are not touched. The
 * x87/SSE registers are saved too (the compiled handler uses XMM). It runs on its own IST stack
 * with NMIs blocked until iretq, so it must not fault.
 */
.set GS_BASE_MSR, 0xC0000101
.set FRAME_SIZE, 176

nmi_entry:
    cld
    push_general
    mov $GS_BASE_MSR, %ecx
    rdmsr
    push %rdx
    push %rax                                   /* the interrupted GS base */
    mov 16+FRAME_SIZE(%rsp), %rax               /* this CPU's PerCpu, above the frame */
    mov %rax, %rdx
    shr $32, %rdx
    wrmsr
    sub $512, %rsp                              /* 16-byte aligned: the IST top is */
    fxsave64 (%rsp)
    lea 512+16(%rsp), %rdi
    call lunix_nmi
    fxrstor64 (%rsp)
    add $512, %rsp
    mov $GS_BASE_MSR, %ecx
    pop %rax
    pop %rdx
    wrmsr
    pop_general
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
