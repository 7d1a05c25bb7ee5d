# The seam between the kernel and the test kernel's ring-0 suites (tests/InGuest/Kernel).
# lunix_run_kernel_suite(name, length) calls lunix_kernel_suite when the image defines it (the
# test kernel does, in C#) and answers 0, "no such suite", when it does not (the system kernel):
# the symbol is weak, so an image without it links with its address 0.
    .text
    .globl lunix_run_kernel_suite
    .type lunix_run_kernel_suite, @function
lunix_run_kernel_suite:
    movabs $lunix_kernel_suite, %rax
    test %rax, %rax
    jz 1f
    jmp *%rax
1:  xor %eax, %eax
    ret
    .size lunix_run_kernel_suite, . - lunix_run_kernel_suite

    .weak lunix_kernel_suite
    .section .note.GNU-stack, "", @progbits
