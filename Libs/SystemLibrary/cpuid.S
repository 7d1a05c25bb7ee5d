/*
 * CPUID from ring 3 (PM reads the processor's features for a Linux program's AT_HWCAP), and
 * RDRAND (PM's random bytes).
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

/* lunix_rdrand(uint64_t *out): 1 and a random number from the processor, or 0 when RDRAND had
   none ready (CF clear). Only for a processor whose CPUID says it has the instruction. */
.global lunix_rdrand
.type lunix_rdrand, @function
lunix_rdrand:
    rdrand %rax
    jnc 1f
    mov %rax, (%rdi)
    mov $1, %eax
    ret
1:  xor %eax, %eax
    ret
.size lunix_rdrand, . - lunix_rdrand

.section .note.GNU-stack, "", @progbits
