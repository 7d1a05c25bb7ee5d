/*
 * The other processors' way into the kernel. A startup IPI (SIPI) wakes a processor in real
 * mode at CS:IP = (page >> 8):0 of a page below 1 MiB; the boot processor copies this
 * trampoline there (ApTrampoline.cs), fills in its parameter block and relocates its three
 * absolute addresses. The trampoline climbs to protected and then long mode on its own small
 * page tables (the low 2 MiB identity-mapped for itself, the kernel half shared), jumps to
 * lunix_ap_entry in the kernel image, which loads the kernel's page tables and the processor's
 * own stack, and calls the managed lunix_ap_main(cpu index).
 */
.set CR4_BITS, (1 << 5) | (1 << 7) | (1 << 9) | (1 << 10)     /* PAE, PGE, OSFXSR, OSXMMEXCPT */
.set CR0_BITS, (1 << 31) | (1 << 16) | (1 << 1) | 1            /* PG, WP, MP, PE */
.set EFER, 0xC0000080
.set EFER_BITS, (1 << 8) | (1 << 11)                           /* LME, NXE */

.set PARAMS, 8                                  /* the parameter block: ApTrampoline.Parameters */
.set P_GDT_POINTER, PARAMS + 32
.set P_JUMP32, PARAMS + 40
.set P_JUMP64, PARAMS + 48
.set P_TRAMPOLINE_CR3, PARAMS + 56
.set P_KERNEL_CR3, PARAMS + 64
.set P_STACK_TOP, PARAMS + 72
.set P_CPU_INDEX, PARAMS + 80

.section .rodata.ap_trampoline, "a"
.code16
.global lunix_ap_trampoline_start
lunix_ap_trampoline_start:
    jmp ap_real_mode
    .align 8
ap_parameters:
    /* GDT: null, 0x08 32-bit code, 0x10 data, 0x18 64-bit code */
    .quad 0, 0x00CF9A000000FFFF, 0x00CF92000000FFFF, 0x00AF9A000000FFFF
    .short 31                                   /* GDT pointer: limit, base (relocated) */
    .long PARAMS
    .short 0
    .long ap_protected_mode - lunix_ap_trampoline_start     /* far pointer to 32-bit code (relocated) */
    .short 0x08, 0
    .long ap_long_mode - lunix_ap_trampoline_start          /* far pointer to 64-bit code (relocated) */
    .short 0x18, 0
    .long 0, 0                                  /* trampoline CR3 (below 4 GiB) */
    .quad 0                                     /* kernel CR3 */
    .quad 0                                     /* stack top */
    .long 0, 0                                  /* cpu index */

ap_real_mode:
    cli
    cld
    mov %cs, %ax
    mov %ax, %ds
    movzwl %ax, %esi
    shl $4, %esi                                /* esi: the trampoline's physical address */
    lgdtl P_GDT_POINTER
    mov %cr0, %eax
    or $1, %eax
    mov %eax, %cr0
    ljmpl *P_JUMP32

.code32
ap_protected_mode:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov %cr4, %eax
    or $CR4_BITS, %eax
    mov %eax, %cr4
    mov P_TRAMPOLINE_CR3(%esi), %eax
    mov %eax, %cr3
    mov $EFER, %ecx
    rdmsr
    or $EFER_BITS, %eax
    wrmsr
    mov %cr0, %eax
    and $~(1 << 2), %eax                        /* no x87 emulation */
    or $CR0_BITS, %eax
    mov %eax, %cr0
    ljmp *P_JUMP64(%esi)

.code64
ap_long_mode:
    mov %esi, %esi                              /* the upper half is undefined after the switch */
    mov P_KERNEL_CR3(%rsi), %rdx
    mov P_STACK_TOP(%rsi), %rsp
    mov P_CPU_INDEX(%rsi), %edi
    movabs $lunix_ap_entry, %rax
    jmp *%rax
.global lunix_ap_trampoline_end
lunix_ap_trampoline_end:

/* In the kernel image: leave the trampoline's tables for the kernel's, and enter C#. */
.text
lunix_ap_entry:
    mov %rdx, %cr3
    xor %eax, %eax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov %ax, %fs
    mov %ax, %gs
    xor %ebp, %ebp                              /* ends the frame-pointer chain for stack traces */
    call lunix_ap_main
1:  cli
    hlt
    jmp 1b

/* lunix_ap_trampoline(ulong* start, ulong* end): where the trampoline's bytes lie in the image. */
.global lunix_ap_trampoline
.type lunix_ap_trampoline, @function
lunix_ap_trampoline:
    movabs $lunix_ap_trampoline_start, %rax
    mov %rax, (%rdi)
    movabs $lunix_ap_trampoline_end, %rax
    mov %rax, (%rsi)
    ret

.section .note.GNU-stack, "", @progbits
