/*
 * Runtime helpers whose calling conventions C# cannot express. Linked into every Lunix image.
 * Lunix has no garbage collector, so the write barriers are plain stores.
 */
.text
.macro export name
    .global \name
    .type \name, @function
\name:
.endm

/* RhpAssignRef(ref object dst [rdi], object value [rsi]) */
export RhpAssignRef
export RhpCheckedAssignRef
    mov %rsi, (%rdi)
    ret

/* Copies [rsi] to [rdi] and advances both by 8, like movsq. */
export RhpByRefAssignRef
    mov (%rsi), %rcx
    mov %rcx, (%rdi)
    add $8, %rdi
    add $8, %rsi
    ret

/* Probes are for guard pages; kernel and server stacks are fully committed, nothing to touch. */
export RhpStackProbe
    ret

/* No threads to suspend for a collector: polls return at once. */
export RhpGcPoll
    ret

.data
.align 8
.global RhpTrapThreads
RhpTrapThreads:
    .long 0
    .long 0
.global __security_cookie
__security_cookie:
    .quad 0x2B992DDFA232C0DE

.section .note.GNU-stack, "", @progbits
