/* SPDX-License-Identifier: MIT */
/*
 * sfork on x86_64.
 *
 * The kernel's vfork saves the parent's registers at the clone and restores
 * them when the child execs or exits.  sfork undoes that: the child saves
 * its context in sfork_exit/sfork_execveat, and the resumed parent jumps to
 * it.  The frame (lib/sfork_frame.h) is kept in %r12 across the clone: the
 * syscall preserves it and the kernel restores it for the parent, which must
 * not read the stack, because the child has been using it since.
 *
 * Which process runs what on which stack, step by step, is the timeline in
 * lib/arch/README; the .L labels below are its steps, named as there and in
 * the aarch64 version.
 */
#include "sfork_frame.h"
#include <asm/errno.h>
#include <asm/unistd.h>

/* A macro's scratch register must not be its base (on aarch64 it once
 * was, and every store went to the stack instead of the frame). */
.macro check_scratch base, scratch
	.ifc \base, \scratch
	.error "sfork.S: the scratch register \scratch is also the base"
	.endif
.endm

/* MXCSR bits 0-5 are the exception flags, status rather than control. */
#define MXCSR_CONTROL 0xffc0

/* Save the caller's context into ctx(%base).  The caller's %rsp is ours + 8
 * and its return address is at (%rsp).  The floating-point controls (the
 * x87 control word, MXCSR but its flags) are callee-saved in the SysV ABI.
 * scratch is clobbered: %r11 carries no argument, so sfork_execveat's
 * arguments survive it. */
.macro save_ctx base, ctx, scratch
	check_scratch \base, \scratch
	movq %rbx, \ctx+EGG__R_RBX(\base)
	movq %rbp, \ctx+EGG__R_RBP(\base)
	movq %r12, \ctx+EGG__R_R12(\base)
	movq %r13, \ctx+EGG__R_R13(\base)
	movq %r14, \ctx+EGG__R_R14(\base)
	movq %r15, \ctx+EGG__R_R15(\base)
	leaq 8(%rsp), \scratch
	movq \scratch, \ctx+EGG__R_SP(\base)
	movq (%rsp), \scratch
	movq \scratch, \ctx+EGG__R_PC(\base)
	movq $0, \ctx+EGG__R_MXCSR(\base)
	stmxcsr \ctx+EGG__R_MXCSR(\base)
	andl $MXCSR_CONTROL, \ctx+EGG__R_MXCSR(\base)
	fnstcw \ctx+EGG__R_X87CW(\base)
.endm

/* Load the floating-point controls of ctx(%base), keeping the current
 * exception flags.  Uses the red zone below %rsp; scratch is clobbered. */
.macro load_fp_control base, ctx, scratch
	check_scratch \base, \scratch
	fldcw \ctx+EGG__R_X87CW(\base)
	stmxcsr -8(%rsp)
	movq -8(%rsp), \scratch
	andq $~MXCSR_CONTROL, \scratch
	orq \ctx+EGG__R_MXCSR(\base), \scratch
	movq \scratch, -8(%rsp)
	ldmxcsr -8(%rsp)
.endm

/* Load the callee-saved registers of ctx(%base), %base being none of them. */
.macro load_callee_saved base, ctx
	movq \ctx+EGG__R_RBX(\base), %rbx
	movq \ctx+EGG__R_RBP(\base), %rbp
	movq \ctx+EGG__R_R12(\base), %r12
	movq \ctx+EGG__R_R13(\base), %r13
	movq \ctx+EGG__R_R14(\base), %r14
	movq \ctx+EGG__R_R15(\base), %r15
.endm

	.text

/* int sfork(void) */
	.globl sfork
	.type sfork, @function
sfork:
	xorl %edi, %edi
	jmp .Lenter
	.size sfork, .-sfork

/* int sfork_pidfd(int *pidfd: %rdi) */
	.globl sfork_pidfd
	.type sfork_pidfd, @function
sfork_pidfd:
.Lenter:
	subq $8, %rsp			/* align the stack for the call */
	call egg__sfork_enter		/* frame, or -errno */
	addq $8, %rsp
	testq %rax, %rax
	js .Lno_child
.Lsave_rescue:
	save_ctx %rax, EGG__F_RESCUE, %r11
	movq %rax, %r12

.Lclone:
	movq EGG__F_NR(%r12), %rax
	movq EGG__F_A0(%r12), %rdi
	movq EGG__F_A1(%r12), %rsi
	xorl %edx, %edx
	xorl %r10d, %r10d
	xorl %r8d, %r8d
	syscall
	testq %rax, %rax
	jz .Lchild
	js .Lclone_failed

	/* The parent, resumed.  Everything below our stack pointer, and
	 * possibly above it, is the child's now: do not touch it. */
.Lparent_resumed:
	cmpq $0, EGG__F_SAVED(%r12)
	je .Lchild_died
	movq EGG__F_CHILD+EGG__R_SP(%r12), %rsp	/* 16-byte aligned: a call site */
	movq %r12, %rdi
	movq %rax, %rsi
	call egg__sfork_leave		/* restores the mask; returns the pid */
	movq %r12, %rdx
	load_callee_saved %rdx, EGG__F_CHILD
	movq EGG__F_CHILD+EGG__R_SP(%rdx), %rsp
	load_fp_control %rdx, EGG__F_CHILD, %rcx
	jmp *EGG__F_CHILD+EGG__R_PC(%rdx)

	/* The child died without saving a context: resume at the call to
	 * sfork, which returns a second time. */
.Lchild_died:
	movq EGG__F_RESCUE+EGG__R_SP(%r12), %rsp
	movq %r12, %rdi
	movq %rax, %rsi
	call egg__sfork_rescue		/* reaps it; returns -EOWNERDEAD */
	movq %r12, %rdx
	load_callee_saved %rdx, EGG__F_RESCUE
	movq EGG__F_RESCUE+EGG__R_SP(%rdx), %rsp
	jmp *EGG__F_RESCUE+EGG__R_PC(%rdx)

	/* The child: the stack is still ours, so return normally. */
.Lchild:
	movq EGG__F_RESCUE+EGG__R_R12(%r12), %r12
	ret

	/* The clone failed: retry with a fallback, or return the error. */
.Lclone_failed:
	movq %r12, %rdi
	movq %rax, %rsi
	subq $8, %rsp
	call egg__sfork_failed
	addq $8, %rsp
	testq %rax, %rax
	jz .Lclone
	movq EGG__F_RESCUE+EGG__R_R12(%r12), %r12
.Lno_child:
	ret				/* -errno */
	.size sfork_pidfd, .-sfork_pidfd

/* int sfork_exit(int status: %edi) */
	.globl sfork_exit
	.type sfork_exit, @function
sfork_exit:
	pushq %rdi			/* also aligns the stack */
	call egg__sfork_current
	popq %rdi
	testq %rax, %rax
	jz .Lexit_not_in_child
.Lexit_save:
	save_ctx %rax, EGG__F_CHILD, %r11
	movq $1, EGG__F_SAVED(%rax)
	movl $__NR_exit_group, %eax
	syscall
	ud2				/* exit_group does not return */
.Lexit_not_in_child:
	movl $-EINVAL, %eax
	ret
	.size sfork_exit, .-sfork_exit

/* int sfork_execveat(int dirfd: %edi, const char *path: %rsi,
 *                    char *const argv[]: %rdx, char *const envp[]: %rcx,
 *                    int flags: %r8d) */
	.globl sfork_execveat
	.type sfork_execveat, @function
sfork_execveat:
	pushq %rdi
	pushq %rsi
	pushq %rdx
	pushq %rcx
	pushq %r8			/* five pushes: the stack is aligned */
	call egg__sfork_current
	popq %r8
	popq %rcx
	popq %rdx
	popq %rsi
	popq %rdi
	testq %rax, %rax
	jz .Lexec_not_in_child
.Lexec_save:
	/* Save first: once the mask is restored below, a signal may kill
	 * the child, and the parent must then resume here, not in sfork. */
	save_ctx %rax, EGG__F_CHILD, %r11
	movq $1, EGG__F_SAVED(%rax)
	movq %rax, %r12			/* the caller's registers are saved: */
	movq %rdi, %rbx			/* keep the arguments in them */
	movq %rsi, %rbp
	movq %rdx, %r13
	movq %r8, %r15
	movq %rax, %rdi
	movq %rcx, %rsi
	subq $8, %rsp
	call egg__sfork_exec_prepare	/* handlers, mask; returns envp */
	addq $8, %rsp
	movl %ebx, %edi
	movq %rbp, %rsi
	movq %r13, %rdx
	movq %rax, %r10
	movl %r15d, %r8d
	movl $__NR_execveat, %eax
	syscall
	/* Still here: the exec failed and this is still the child. */
.Lexec_failed:
	movq %rax, %rbx
	movq %r12, %rdi
	subq $8, %rsp
	call egg__sfork_exec_failed	/* blocks every signal again */
	addq $8, %rsp
	movq $0, EGG__F_SAVED(%r12)
	movq %rbx, %rax
	movq %r12, %rdx
	load_callee_saved %rdx, EGG__F_CHILD
	ret
.Lexec_not_in_child:
	movl $-EINVAL, %eax
	ret
	.size sfork_execveat, .-sfork_execveat

	.section .note.GNU-stack, "", @progbits
