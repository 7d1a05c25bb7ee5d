/*
 * lunix_trap_now: an invalid-opcode fault on purpose, the end of a runtime failure in ring 3:
 * the kernel's fault path stops the program and reports it with its registers and stack trace.
 */
.section .text
.global lunix_trap_now
.type lunix_trap_now, @function
lunix_trap_now:
    ud2
.size lunix_trap_now, . - lunix_trap_now

.section .note.GNU-stack, "", @progbits
