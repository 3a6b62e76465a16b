/* SPDX-License-Identifier: MIT */
/*
 * egg__aclone on x86_64: the clone of egg_aspawn(), whose child starts on a
 * stack of its own (clone3's stack, or clone's newsp) and calls fn(arg)
 * there, then exits with its return value.  It never returns into the
 * caller's frames, which the parent thread goes on using.
 *
 * long egg__aclone(long nr: %rdi, long a0: %rsi, long a1: %rdx,
 *                  int (*fn)(void *): %rcx, void *arg: %r8)
 *
 * The system call takes nr and its first two arguments; the third is 0.
 * fn and arg ride in %r9 and %r8, which the syscall preserves and the
 * child inherits: clone3 reads two arguments only, and clone reads %r8
 * (tls) only with CLONE_SETTLS, which egg_aspawn never passes.
 *
 * lib/arch/README tells it next to sfork's timeline; .Lparent and .Lchild
 * are the steps named there.
 */
#include <asm/unistd.h>

	.text
	.globl egg__aclone
	.hidden egg__aclone
	.type egg__aclone, @function
egg__aclone:
	movq %rdi, %rax
	movq %rsi, %rdi
	movq %rdx, %rsi
	movq %rcx, %r9
	xorl %edx, %edx
	xorl %r10d, %r10d
	syscall
	testq %rax, %rax
	jnz .Lparent
.Lchild:
	/* The child, on its new stack, or on a copy of ours after a plain
	 * fork (no new stack): aligned to 16 bytes, so that the call below
	 * leaves it as the ABI wants at fn's entry.  It never returns. */
	andq $-16, %rsp
	xorl %ebp, %ebp
	movq %r8, %rdi
	call *%r9
	movl %eax, %edi
	movl $__NR_exit, %eax
	syscall
	ud2				/* exit does not return */
.Lparent:
	ret				/* the pid, or -errno */
	.size egg__aclone, .-egg__aclone

	.section .note.GNU-stack, "", @progbits
