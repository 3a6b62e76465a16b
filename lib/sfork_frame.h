/* SPDX-License-Identifier: MIT */
/*
 * One level of sfork, as the assembly sees it.  The frame lives in a
 * per-thread array (never on the stack the child runs on), and the assembly
 * keeps its address in a callee-saved register across the clone, so that the
 * resumed parent finds the child's saved context without reading the stack.
 */
#ifndef EGG_SFORK_FRAME_H
#define EGG_SFORK_FRAME_H

#include "regs.h"

#define EGG__F_NR 0		/* system call that makes the child */
#define EGG__F_A0 8		/* its first two arguments (the rest are 0) */
#define EGG__F_A1 16
#define EGG__F_SAVED 24		/* nonzero once the child saved its context */
#define EGG__F_RESCUE 32	/* the caller of sfork(), for an early death */
#define EGG__F_CHILD (EGG__F_RESCUE + EGG__REGS_SIZE) /* where the parent resumes */
#define EGG__F_ASM_END (EGG__F_CHILD + EGG__REGS_SIZE) /* the rest is C's alone */

#ifndef __ASSEMBLER__
#include <linux/sched.h>
#include "internal.h"

struct egg__sfork_frame {
	long nr;
	long a0;
	long a1;
	long saved;
	unsigned char rescue[EGG__REGS_SIZE];
	unsigned char child[EGG__REGS_SIZE];
	egg__ksigset mask;	/* the caller's mask, restored in the parent */
	egg__ksigset exec_mask;	/* the mask sfork_execveat() gives the program */
	int *pidfd;		/* where clone3 puts the pidfd, or NULL */
	int cleared;		/* the kernel reset the child's handlers */
	int cancel_state;	/* the caller's, restored in the parent */
	struct clone_args ca;
};

long egg__sfork_enter(int *pidfd) EGG_HIDDEN;
long egg__sfork_enter_copy(void) EGG_HIDDEN;
void egg__sfork_pop(struct egg__sfork_frame *f) EGG_HIDDEN;
long egg__sfork_failed(struct egg__sfork_frame *f, long err) EGG_HIDDEN;
long egg__sfork_leave(struct egg__sfork_frame *f, long pid) EGG_HIDDEN;
long egg__sfork_rescue(struct egg__sfork_frame *f, long pid) EGG_HIDDEN;
struct egg__sfork_frame *egg__sfork_current(void) EGG_HIDDEN;
char *const *egg__sfork_exec_prepare(struct egg__sfork_frame *f,
				     char *const envp[]) EGG_HIDDEN;
void egg__sfork_exec_failed(struct egg__sfork_frame *f) EGG_HIDDEN;

/* What sfork learnt about clone3 (and the test hooks), shared with the
 * fork path; egg__clone3_learn() returns 1 if a retry with less may work. */
int egg__clone3_usable(void) EGG_HIDDEN;
int egg__clear_sighand_usable(void) EGG_HIDDEN;
int egg__clone3_learn(long err, int cleared) EGG_HIDDEN;
#endif

#endif /* EGG_SFORK_FRAME_H */
