/*
 * _start, the ELF entry point of every Lunix program. The kernel enters it in ring 3 with RSP at
 * the top of the stack it mapped (16-byte aligned) and RDI = 0 (reserved for a start-up block).
 */
/* PROGRAM_HEAP_SIZE, the program's object heap in its own .bss, comes from the project's
   ProgramHeapSize (Program.targets: 512 KiB unless the project says otherwise). */

.section .text
.global _start
.type _start, @function
_start:
    xor %ebp, %ebp                           /* ends the frame-pointer chain for stack traces */
    /* LunixProgramEntry(heap, heapSize, modules, modulesEnd). RSP is aligned here, so after the
       call pushes the return address the callee sees the alignment the SysV ABI promises. */
    lea program_heap(%rip), %rdi
    mov $PROGRAM_HEAP_SIZE, %esi
    lea __modules_start(%rip), %rdx
    lea __modules_end(%rip), %rcx
    call LunixProgramEntry
1:  ud2                                      /* LunixProgramEntry exits; returning is a bug */
    jmp 1b
.size _start, . - _start

/* lunix_writable_image(uint64_t *start, uint64_t *end): the writable segment's bounds (program.ld),
   the state a live update's new version takes over whole (Sef.TakeImage). */
.global lunix_writable_image
.type lunix_writable_image, @function
lunix_writable_image:
    lea __data_start(%rip), %rax
    mov %rax, (%rdi)
    lea __program_end(%rip), %rax
    mov %rax, (%rsi)
    ret
.size lunix_writable_image, . - lunix_writable_image

.section .bss
.align 4096
program_heap:
    .skip PROGRAM_HEAP_SIZE

.section .note.GNU-stack, "", @progbits
