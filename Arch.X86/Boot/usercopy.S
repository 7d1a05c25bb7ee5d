/*
 * The only code that touches user addresses. A fault inside lunix_user_copy is fixed up by the
 * page-fault handler: it resumes at lunix_user_copy_fault, which returns the number of bytes
 * that were not copied, instead of crashing the kernel. With SMAP on, stac/clac open user access
 * for exactly these instructions.
 *
 * ulong lunix_user_copy(void* destination, const void* source, ulong length)
 *   returns 0 when everything was copied, else the bytes left. Quadwords move with rep movsq
 *   (a message is 8 steps, not 64: under -icount each step of a rep counts as an instruction).
 */
/* stac/clac only when SMAP is on (they are invalid opcodes on CPUs without it); inline, since
   every IPC message crosses here twice. */
.macro user_access_open
    cmpb $0, lunix_smap_enabled(%rip)
    je 1f
    .byte 0x0f, 0x01, 0xcb                      /* stac */
1:
.endm
.macro user_access_close
    cmpb $0, lunix_smap_enabled(%rip)
    je 1f
    .byte 0x0f, 0x01, 0xca                      /* clac */
1:
.endm

.text
.global lunix_user_copy, lunix_user_copy_end, lunix_user_copy_fault
.type lunix_user_copy, @function
lunix_user_copy:
    user_access_open
    mov %rdx, %rcx
    shr $3, %rcx                                /* whole quadwords first: one step each */
    and $7, %edx                                /* then the 0-7 bytes left */
    mov $8, %r8d                                /* bytes per step, for the fault fixup */
    rep movsq
    mov %rdx, %rcx
    xor %edx, %edx
    mov $1, %r8d
    rep movsb
    user_access_close
    xor %eax, %eax
    ret

/*
 * ulong lunix_user_copy_block(void* destination, const void* source): 64 bytes (an IPC message,
 * twice in every IPC call) in four 16-byte moves, no loop. The kernel may use XMM registers:
 * traps.S keeps the process's. A fault leaves rcx = 0 and rdx = 64: the whole block is reported
 * as not copied (the caller fails the call; a part may have been written, as with any fault).
 * A store that hits a copy-on-write page is resolved by the page-fault handler, whose compiled
 * code may use XMM0-3 too: the copy then starts again at lunix_user_copy_block_loads (rdi and
 * rsi are never changed), rather than retrying the store with whatever XMM holds by then.
 */
.global lunix_user_copy_block
.type lunix_user_copy_block, @function
lunix_user_copy_block:
    user_access_open
    xor %ecx, %ecx
    mov $64, %edx
lunix_user_copy_block_loads:
    movdqu (%rsi), %xmm0
    movdqu 16(%rsi), %xmm1
    movdqu 32(%rsi), %xmm2
    movdqu 48(%rsi), %xmm3
    movdqu %xmm0, (%rdi)
    movdqu %xmm1, 16(%rdi)
    movdqu %xmm2, 32(%rdi)
    movdqu %xmm3, 48(%rdi)
    user_access_close
    xor %eax, %eax
    ret
lunix_user_copy_fault:
    user_access_close
    mov %rcx, %rax                              /* rep leaves the steps not taken in rcx */
    imul %r8, %rax
    add %rdx, %rax                              /* plus the bytes of the later phase */
    ret
lunix_user_copy_end:

/* lunix_user_copy_bounds(ulong* start, ulong* end, ulong* fixup, ulong* blockLoads) */
.global lunix_user_copy_bounds
lunix_user_copy_bounds:
    lea lunix_user_copy(%rip), %rax
    mov %rax, (%rdi)
    lea lunix_user_copy_end(%rip), %rax
    mov %rax, (%rsi)
    lea lunix_user_copy_fault(%rip), %rax
    mov %rax, (%rdx)
    lea lunix_user_copy_block_loads(%rip), %rax
    mov %rax, (%rcx)
    ret

/* lunix_enable_smep_smap(smep, smap): set CR4.SMEP (bit 20) and CR4.SMAP (bit 21) as asked. */
.global lunix_enable_smep_smap
lunix_enable_smep_smap:
    mov %cr4, %rax
    test %dil, %dil
    jz 1f
    or $(1 << 20), %rax
1:  test %sil, %sil
    jz 2f
    or $(1 << 21), %rax
    movb $1, lunix_smap_enabled(%rip)
2:  mov %rax, %cr4
    ret

.data
.global lunix_smap_enabled
lunix_smap_enabled:
    .byte 0

.section .note.GNU-stack, "", @progbits
