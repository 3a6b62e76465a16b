/* SPDX-License-Identifier: MIT */
/*
 * egg__aclone on aarch64: the clone of egg_aspawn(), whose child starts on a
 * stack of its own (clone3's stack, or clone's newsp) and calls fn(arg)
 * there, then exits with its return value.  It never returns into the
 * caller's frames, which the parent thread goes on using.
 *
 * long egg__aclone(long nr: x0, long a0: x1, long a1: x2,
 *                  int (*fn)(void *): x3, void *arg: x4)
 *
 * The system call takes nr and its first two arguments; the others are 0.
 * fn and arg ride in x9 and x10, which svc preserves and the child
 * inherits.
 *
 * lib/arch/README tells it next to sfork's timeline; .Lparent and .Lchild
 * are the steps named there.
 */
#include <asm/unistd.h>

	.text
	.globl egg__aclone
	.hidden egg__aclone
	.type egg__aclone, %function
	.p2align 2
egg__aclone:
	mov x8, x0
	mov x0, x1
	mov x1, x2
	mov x9, x3
	mov x10, x4
	mov x2, #0
	mov x3, #0
	mov x4, #0
	svc #0
	cbnz x0, .Lparent
.Lchild:
	/* The child, on its new stack (16-byte aligned). */
	mov x29, #0
	mov x30, #0
	mov x0, x10
	blr x9
	mov x8, #__NR_exit
	svc #0
	brk #1				/* exit does not return */
.Lparent:
	ret				/* the pid, or -errno */
	.size egg__aclone, .-egg__aclone

	.section .note.GNU-stack, "", %progbits
