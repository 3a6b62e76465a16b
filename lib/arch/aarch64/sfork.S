/* SPDX-License-Identifier: MIT */
/*
 * sfork on aarch64.  The same design as the x86_64 version: the child saves
 * its context in sfork_exit/sfork_execveat and the resumed parent jumps to
 * it, FPCR included (the rounding mode is callee-saved in AAPCS64).  The
 * frame (lib/sfork_frame.h) is kept in x19 across the clone: svc preserves
 * it and the kernel restores it for the parent, which must not read the
 * stack the child has been using.  Jumps to a saved pc use "ret",
 * which BTI does not check.
 *
 * Which process runs what on which stack, step by step, is the timeline in
 * lib/arch/README; the .L labels below are its steps, named as there and in
 * the x86_64 version.
 */
#include "sfork_frame.h"
#include <asm/errno.h>
#include <asm/unistd.h>

/* A macro's scratch register must not be its base: save_ctx once used x16
 * for both, and every store went to the stack instead of the frame. */
.macro check_scratch base, scratch
	.ifc \base, \scratch
	.error "sfork.S: the scratch register \scratch is also the base"
	.endif
.endm

/* Save the caller's context into ctx(base): x19-x29, d8-d15, sp, FPCR and
 * the return address, which is in x30.  scratch is clobbered. */
.macro save_ctx base, ctx, scratch
	check_scratch \base, \scratch
	stp x19, x20, [\base, #\ctx + EGG__R_X19]
	stp x21, x22, [\base, #\ctx + EGG__R_X21]
	stp x23, x24, [\base, #\ctx + EGG__R_X23]
	stp x25, x26, [\base, #\ctx + EGG__R_X25]
	stp x27, x28, [\base, #\ctx + EGG__R_X27]
	str x29, [\base, #\ctx + EGG__R_X29]
	mov \scratch, sp
	str \scratch, [\base, #\ctx + EGG__R_SP]
	str x30, [\base, #\ctx + EGG__R_PC]
	mrs \scratch, fpcr
	str \scratch, [\base, #\ctx + EGG__R_FPCR]
	stp d8, d9, [\base, #\ctx + EGG__R_D8]
	stp d10, d11, [\base, #\ctx + EGG__R_D10]
	stp d12, d13, [\base, #\ctx + EGG__R_D12]
	stp d14, d15, [\base, #\ctx + EGG__R_D14]
.endm

/* Load all of ctx(base), sp and FPCR included; base and scratch must be
 * none of the loaded registers.  scratch is clobbered. */
.macro load_ctx base, ctx, scratch
	check_scratch \base, \scratch
	ldp x19, x20, [\base, #\ctx + EGG__R_X19]
	ldp x21, x22, [\base, #\ctx + EGG__R_X21]
	ldp x23, x24, [\base, #\ctx + EGG__R_X23]
	ldp x25, x26, [\base, #\ctx + EGG__R_X25]
	ldp x27, x28, [\base, #\ctx + EGG__R_X27]
	ldr x29, [\base, #\ctx + EGG__R_X29]
	ldr x30, [\base, #\ctx + EGG__R_PC]
	ldr \scratch, [\base, #\ctx + EGG__R_FPCR]
	msr fpcr, \scratch
	ldp d8, d9, [\base, #\ctx + EGG__R_D8]
	ldp d10, d11, [\base, #\ctx + EGG__R_D10]
	ldp d12, d13, [\base, #\ctx + EGG__R_D12]
	ldp d14, d15, [\base, #\ctx + EGG__R_D14]
	ldr \scratch, [\base, #\ctx + EGG__R_SP]
	mov sp, \scratch
.endm

	.text

/* int sfork(void) */
	.globl sfork
	.type sfork, %function
	.p2align 2
sfork:
	mov x0, #0
	b .Lenter
	.size sfork, .-sfork

/* int sfork_pidfd(int *pidfd: x0) */
	.globl sfork_pidfd
	.type sfork_pidfd, %function
	.p2align 2
sfork_pidfd:
.Lenter:
	stp x29, x30, [sp, #-16]!
	mov x29, sp
	bl egg__sfork_enter		/* frame, or -errno */
	ldp x29, x30, [sp], #16
	tbnz x0, #63, .Lno_child
.Lsave_rescue:
	save_ctx x0, EGG__F_RESCUE, x16
	mov x19, x0

.Lclone:
	ldr x8, [x19, #EGG__F_NR]
	ldr x0, [x19, #EGG__F_A0]
	ldr x1, [x19, #EGG__F_A1]
	mov x2, #0
	mov x3, #0
	mov x4, #0
	svc #0
	cbz x0, .Lchild
	tbnz x0, #63, .Lclone_failed

	/* The parent, resumed: the stack is the child's; do not touch it. */
.Lparent_resumed:
	ldr x16, [x19, #EGG__F_SAVED]
	cbz x16, .Lchild_died
	ldr x16, [x19, #EGG__F_CHILD + EGG__R_SP]
	mov sp, x16
	mov x1, x0
	mov x0, x19
	bl egg__sfork_leave		/* restores the mask; returns the pid */
	mov x16, x19
	load_ctx x16, EGG__F_CHILD, x17
	ret

	/* The child died without saving a context: sfork returns again. */
.Lchild_died:
	ldr x16, [x19, #EGG__F_RESCUE + EGG__R_SP]
	mov sp, x16
	mov x1, x0
	mov x0, x19
	bl egg__sfork_rescue		/* reaps it; returns -EOWNERDEAD */
	mov x16, x19
	load_ctx x16, EGG__F_RESCUE, x17
	ret

	/* The child: x30 still holds our return address. */
.Lchild:
	ldr x19, [x19, #EGG__F_RESCUE + EGG__R_X19]
	ret

	/* The clone failed: retry with a fallback, or return the error.
	 * The call took x30, which the child of a retry returns through:
	 * sfork's return address comes back first, for both ways out. */
.Lclone_failed:
	mov x1, x0
	mov x0, x19
	bl egg__sfork_failed
	ldr x30, [x19, #EGG__F_RESCUE + EGG__R_PC]
	cbz x0, .Lclone
	ldr x19, [x19, #EGG__F_RESCUE + EGG__R_X19]
.Lno_child:
	ret				/* -errno */
	.size sfork_pidfd, .-sfork_pidfd

/* int sfork_exit(int status: w0) */
	.globl sfork_exit
	.type sfork_exit, %function
	.p2align 2
sfork_exit:
	stp x0, x30, [sp, #-16]!
	bl egg__sfork_current
	mov x1, x0
	ldp x0, x30, [sp], #16
	cbz x1, .Lexit_not_in_child
.Lexit_save:
	save_ctx x1, EGG__F_CHILD, x16
	mov x16, #1
	str x16, [x1, #EGG__F_SAVED]
	mov x8, #__NR_exit_group
	svc #0
	brk #1				/* exit_group does not return */
.Lexit_not_in_child:
	mov w0, #-EINVAL
	ret
	.size sfork_exit, .-sfork_exit

/* int sfork_execveat(int dirfd: w0, const char *path: x1,
 *                    char *const argv[]: x2, char *const envp[]: x3,
 *                    int flags: w4) */
	.globl sfork_execveat
	.type sfork_execveat, %function
	.p2align 2
sfork_execveat:
	stp x0, x1, [sp, #-48]!
	stp x2, x3, [sp, #16]
	stp x4, x30, [sp, #32]
	bl egg__sfork_current
	mov x16, x0
	ldp x2, x3, [sp, #16]
	ldp x4, x30, [sp, #32]
	ldp x0, x1, [sp], #48
	cbz x16, .Lexec_not_in_child
.Lexec_save:
	/* Save first: once the mask is restored below, a signal may kill
	 * the child, and the parent must then resume here, not in sfork. */
	save_ctx x16, EGG__F_CHILD, x17
	mov x17, #1
	str x17, [x16, #EGG__F_SAVED]
	mov x19, x16			/* the caller's registers are saved: */
	mov x20, x0			/* keep the arguments in them */
	mov x21, x1
	mov x22, x2
	mov x23, x4
	mov x0, x19
	mov x1, x3
	bl egg__sfork_exec_prepare	/* handlers, mask; returns envp */
	mov x3, x0
	mov x0, x20
	mov x1, x21
	mov x2, x22
	mov x4, x23
	mov x8, #__NR_execveat
	svc #0
	/* Still here: the exec failed and this is still the child. */
.Lexec_failed:
	mov x20, x0
	mov x0, x19
	bl egg__sfork_exec_failed	/* blocks every signal again */
	str xzr, [x19, #EGG__F_SAVED]
	mov x0, x20
	mov x16, x19
	load_ctx x16, EGG__F_CHILD, x17
	ret
.Lexec_not_in_child:
	mov w0, #-EINVAL
	ret
	.size sfork_execveat, .-sfork_execveat

	.section .note.GNU-stack, "", %progbits
