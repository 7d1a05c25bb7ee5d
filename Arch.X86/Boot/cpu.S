/*
 * Instructions C# cannot express. Each routine follows the System V calling convention and is
 * bound to a [DllImport] in Arch.X86/Cpu.cs. Nothing here keeps state.
 */
.text
.macro export name
    .global \name
    .type \name, @function
\name:
.endm

export lunix_outb
    mov %edi, %edx
    mov %esi, %eax
    out %al, %dx
    ret
export lunix_outw
    mov %edi, %edx
    mov %esi, %eax
    out %ax, %dx
    ret
export lunix_outl
    mov %edi, %edx
    mov %esi, %eax
    out %eax, %dx
    ret
export lunix_inb
    mov %edi, %edx
    xor %eax, %eax
    in %dx, %al
    ret
export lunix_inw
    mov %edi, %edx
    xor %eax, %eax
    in %dx, %ax
    ret
export lunix_inl
    mov %edi, %edx
    in %dx, %eax
    ret

export lunix_read_cr0
    mov %cr0, %rax
    ret
export lunix_read_cr2
    mov %cr2, %rax
    ret
export lunix_read_cr3
    mov %cr3, %rax
    ret
export lunix_write_cr3
    mov %rdi, %cr3
    ret
export lunix_read_cr4
    mov %cr4, %rax
    ret
export lunix_write_cr4
    mov %rdi, %cr4
    ret

export lunix_rdmsr
    mov %edi, %ecx
    rdmsr
    shl $32, %rdx
    or %rdx, %rax
    ret
export lunix_wrmsr
    mov %edi, %ecx
    mov %rsi, %rax
    mov %rsi, %rdx
    shr $32, %rdx
    wrmsr
    ret

/* cpuid(leaf, subleaf, uint* out): out = eax, ebx, ecx, edx */
export lunix_cpuid
    push %rbx
    mov %rdx, %r8
    mov %edi, %eax
    mov %esi, %ecx
    cpuid
    mov %eax, 0(%r8)
    mov %ebx, 4(%r8)
    mov %ecx, 8(%r8)
    mov %edx, 12(%r8)
    pop %rbx
    ret

export lunix_rdtsc
    rdtsc
    shl $32, %rdx
    or %rdx, %rax
    ret

export lunix_lgdt
    lgdt (%rdi)
    ret
export lunix_lidt
    lidt (%rdi)
    ret
export lunix_ltr
    ltr %di
    ret

/* reload_segments(code, data): far return into the new code selector, then the data ones. */
export lunix_reload_segments
    mov %esi, %eax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    pop %rcx
    push %rdi
    push %rcx
    lretq

export lunix_invlpg
    invlpg (%rdi)
    ret

export lunix_read_rbp
    mov %rbp, %rax
    ret
export lunix_read_rflags
    pushfq
    pop %rax
    ret
export lunix_enable_interrupts
    sti
    ret
export lunix_disable_interrupts
    cli
    ret
/* Halt until the next interrupt; interrupts enabled in the same instruction window. */
export lunix_wait_for_interrupt
    sti
    hlt
    ret
export lunix_halt_forever
    cli
1:  hlt
    jmp 1b

/* Atomic exchange (xchg with memory is locked): the kernel lock's take. */
export lunix_exchange32
    mov %esi, %eax
    xchg %eax, (%rdi)
    ret
/* A spin-wait hint: lets the other hyperthread run and saves power while spinning. */
export lunix_pause
    pause
    ret

/* Per-CPU locals: GS points at the current CPU's area. */
export lunix_gs_read64
    mov %gs:(%rdi), %rax
    ret

/* The boot page tables' top level, reached through the kernel window. */
export lunix_boot_pml4
    movabs $(boot_pml4 + 0xFFFFFFFF80000000), %rax
    ret

/* Raise the panic vector so that a panic's report has a full register frame. */
export lunix_raise_panic_trap
    int $0xFD
    ret

/* Where the kernel stack and image lie, for the stack walker and the frame allocator. */
export lunix_kernel_stack_bounds
    movabs $kernel_stack, %rax
    mov %rax, (%rdi)
    movabs $kernel_stack_top, %rax
    mov %rax, (%rsi)
    ret
/* The unwind tables (DWARF CFI) ILC emits for every managed method, for stack traces. */
export lunix_eh_frame_bounds
    movabs $__eh_frame_start, %rax
    mov %rax, (%rdi)
    movabs $__eh_frame_end, %rax
    mov %rax, (%rsi)
    ret
/* lunix_kernel_sections(ulong* out): text, text end, rodata, rodata end, data, image end. */
export lunix_kernel_sections
    movabs $__text_start, %rax
    mov %rax, 0(%rdi)
    movabs $__text_end, %rax
    mov %rax, 8(%rdi)
    movabs $__rodata_start, %rax
    mov %rax, 16(%rdi)
    movabs $__rodata_end, %rax
    mov %rax, 24(%rdi)
    movabs $__data_start, %rax
    mov %rax, 32(%rdi)
    movabs $__kernel_end, %rax
    mov %rax, 40(%rdi)
    ret
export lunix_kernel_image_end
    movabs $__kernel_end, %rax
    ret

/* lunix_resume(TrapFrame* frame): leave the kernel into the given saved frame (ring 3). */
export lunix_resume
    mov %rdi, %rax
    jmp lunix_user_return

/* lunix_syscall_entry_address(): for LSTAR. */
export lunix_syscall_entry_address
    lea lunix_syscall_entry(%rip), %rax
    ret

/* Address of the generated trap stub table (traps.S). */
export lunix_trap_stub_table
    lea lunix_trap_stubs(%rip), %rax
    ret

.section .note.GNU-stack, "", @progbits
