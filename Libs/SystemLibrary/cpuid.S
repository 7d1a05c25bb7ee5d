/*
 * CPUID from ring 3 (PM reads the processor's features for a Linux program's AT_HWCAP):
 * lunix_cpuid(leaf, uint32_t out[4]) fills EAX, EBX, ECX, EDX of leaf `leaf`, subleaf 0.
 */
.section .text
.global lunix_cpuid
.type lunix_cpuid, @function
lunix_cpuid:
    push %rbx
    mov %rsi, %r8
    mov %edi, %eax
    xor %ecx, %ecx
    cpuid
    mov %eax, 0(%r8)
    mov %ebx, 4(%r8)
    mov %ecx, 8(%r8)
    mov %edx, 12(%r8)
    pop %rbx
    ret
.size lunix_cpuid, . - lunix_cpuid

.section .note.GNU-stack, "", @progbits
