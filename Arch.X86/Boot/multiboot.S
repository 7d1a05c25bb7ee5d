/*
 * Entry from GRUB (multiboot2): 32-bit protected mode, paging off, EAX = magic, EBX = boot
 * information. We build boot page tables, enter long mode, jump to the higher half and call
 * the managed kernel. Everything here runs at physical addresses until the final jump.
 */
.set MB2_MAGIC,        0xE85250D6
.set MB2_BOOT_MAGIC,   0x36D76289
.set KERNEL_VMA,       0xFFFFFFFF80000000
.set PAGE_PRESENT,     0x1
.set PAGE_WRITE,       0x2
.set PAGE_HUGE,        0x80

.section .multiboot, "a"
.align 8
mb2_header:
    .long MB2_MAGIC
    .long 0                                     /* i386 protected mode */
    .long mb2_header_end - mb2_header
    .long -(MB2_MAGIC + 0 + (mb2_header_end - mb2_header))
    /* Entry address tag: GRUB jumps to the physical entry point, not the ELF's virtual one. */
    .align 8
    .short 3, 0
    .long 12
    .long lunix_boot32
    /* Framebuffer tag (optional): a linear framebuffer under UEFI; the BIOS boot keeps VGA text
       because grub.cfg sets gfxpayload=text there after the multiboot2 command (which sets it
       to "auto" for this tag). 0 x 0 x 32: any size, 32 bits per pixel. */
    .align 8
    .short 5, 1
    .long 20
    .long 0, 0, 32
    /* End tag. */
    .align 8
    .short 0, 0
    .long 8
mb2_header_end:

.section .boot.bss, "aw", @nobits
.align 4096
.global boot_pml4
boot_pml4:      .skip 4096
boot_pdpt_low:  .skip 4096          /* identity and direct map: first 4 GiB */
boot_pdpt_high: .skip 4096          /* the kernel window at -2 GiB */
boot_pd:        .skip 4096 * 4      /* 2 MiB pages for 0..4 GiB */
boot_stack:     .skip 4096
boot_stack_top:

.section .boot.data, "aw"
.align 16
boot_gdt:
    .quad 0
    .quad 0x00AF9A000000FFFF                    /* 0x08: 64-bit code */
    .quad 0x00CF92000000FFFF                    /* 0x10: data */
boot_gdt_end:
boot_gdt_ptr:
    .short boot_gdt_end - boot_gdt - 1
    .quad boot_gdt

.section .boot.text, "ax"
.code32
.global lunix_boot32
lunix_boot32:
    cli
    mov $boot_stack_top, %esp
    mov %eax, %edi                              /* keep magic and info pointer for later */
    mov %ebx, %esi
    cmp $MB2_BOOT_MAGIC, %eax
    jne no_long_mode

    /* Long mode available? */
    mov $0x80000000, %eax
    cpuid
    cmp $0x80000001, %eax
    jb no_long_mode
    mov $0x80000001, %eax
    cpuid
    test $(1 << 29), %edx
    jz no_long_mode

    /* Four page directories of 2 MiB pages cover 0..4 GiB. */
    mov $boot_pd, %ebx
    xor %ecx, %ecx
1:  mov %ecx, %eax
    shl $21, %eax
    or $(PAGE_PRESENT | PAGE_WRITE | PAGE_HUGE), %eax
    mov %eax, (%ebx, %ecx, 8)
    mov %ecx, %eax
    shr $11, %eax                               /* bits 32.. of (ecx << 21) */
    mov %eax, 4(%ebx, %ecx, 8)
    inc %ecx
    cmp $2048, %ecx
    jne 1b

    /* PDPT low: entries 0..3 point to the four directories. */
    mov $boot_pdpt_low, %ebx
    xor %ecx, %ecx
2:  mov %ecx, %eax
    shl $12, %eax
    add $boot_pd, %eax
    or $(PAGE_PRESENT | PAGE_WRITE), %eax
    mov %eax, (%ebx, %ecx, 8)
    inc %ecx
    cmp $4, %ecx
    jne 2b

    /* PDPT high: entry 510 (-2 GiB) maps the first GiB for the kernel image. */
    mov $boot_pd, %eax
    or $(PAGE_PRESENT | PAGE_WRITE), %eax
    mov %eax, boot_pdpt_high + 510 * 8

    /* PML4: 0 = identity (dropped once in the higher half), 256 = direct map, 511 = kernel. */
    mov $boot_pdpt_low, %eax
    or $(PAGE_PRESENT | PAGE_WRITE), %eax
    mov %eax, boot_pml4
    mov %eax, boot_pml4 + 256 * 8
    mov $boot_pdpt_high, %eax
    or $(PAGE_PRESENT | PAGE_WRITE), %eax
    mov %eax, boot_pml4 + 511 * 8

    /* CR4: PAE, PGE, OSFXSR, OSXMMEXCPT (SSE must work before the first managed instruction). */
    mov %cr4, %eax
    or $((1 << 5) | (1 << 7) | (1 << 9) | (1 << 10)), %eax
    mov %eax, %cr4
    mov $boot_pml4, %eax
    mov %eax, %cr3
    /* EFER: long mode, no-execute. */
    mov $0xC0000080, %ecx
    rdmsr
    or $((1 << 8) | (1 << 11)), %eax
    wrmsr
    /* CR0: paging, write-protect in ring 0, monitor coprocessor, no emulation. */
    mov %cr0, %eax
    and $~(1 << 2), %eax
    or $((1 << 31) | (1 << 16) | (1 << 1) | 1), %eax
    mov %eax, %cr0

    lgdt boot_gdt_ptr
    ljmp $0x08, $long_mode_entry

no_long_mode:
    /* Not a multiboot2 boot or no 64-bit CPU: say so on the VGA text screen and stop. */
    movl $0x4f4f4f4e, 0xB8000                   /* "NO" */
    movl $0x4f344f36, 0xB8004                   /* "64" */
3:  hlt
    jmp 3b

.code64
long_mode_entry:
    mov $0x10, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    xor %ax, %ax
    mov %ax, %fs
    mov %ax, %gs
    movabs $higher_half_entry, %rax
    jmp *%rax

.text
higher_half_entry:
    movabs $kernel_stack_top, %rsp
    /* Drop the identity map so that low addresses (null) fault from now on. */
    movabs $(boot_pml4 + KERNEL_VMA), %rax
    movq $0, (%rax)
    mov %cr3, %rax
    mov %rax, %cr3
    xor %ebp, %ebp                              /* ends the frame-pointer chain for stack traces */
    /* KernelEntry(magic, bootInfoPhys, heap, heapSize, modules, modulesEnd) */
    mov %edi, %edi
    mov %esi, %esi
    movabs $kernel_heap, %rdx
    mov $KERNEL_HEAP_SIZE, %rcx
    movabs $__modules_start, %r8
    movabs $__modules_end, %r9
    call KernelEntry
4:  cli
    hlt
    jmp 4b

.set KERNEL_HEAP_SIZE, 1024 * 1024          /* the boot heap; more is added from the memory map */
.section .bss
.align 4096
.global kernel_stack
kernel_stack:
    .skip 64 * 1024
.global kernel_stack_top
kernel_stack_top:
.align 4096
kernel_heap:
    .skip KERNEL_HEAP_SIZE

.section .note.GNU-stack, "", @progbits
