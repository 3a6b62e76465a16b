/* SPDX-License-Identifier: MIT */
/*
 * egg_aspawn(): the parent (lib/aspawn.c) and the child (lib/aspawn_child.c)
 * share one private mapping: a guard page, the child's stack, then this
 * block and the copies of everything it points to.
 *
 * The child tells the parent how far it got through a close-on-exec pipe:
 * on failure a record EGG__AREC_FAULT followed by its struct egg_fault, in
 * one write; and before its first exec, a mark: exec_started set in the
 * shared block, or, where the child has a copy of the memory (a plain
 * fork), a byte EGG__AREC_EXEC on the pipe.  End of file with a fault: the
 * spawn failed; with the mark only: the program was executed; with
 * neither: the child died first.
 */
#ifndef EGG_ASPAWN_H
#define EGG_ASPAWN_H

#include <egg.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"

#define EGG__AREC_EXEC 'E'
#define EGG__AREC_FAULT 'F'

struct egg__afault {
	unsigned char tag;	/* EGG__AREC_FAULT */
	struct egg_fault fault;
};

struct egg__achild {
	const uint8_t *code;
	size_t len;
	char **argv;
	char **envp;
	int dirfd;		/* with file and flags, as for execveat(2) */
	const char *file;
	int flags;
	const char *path;	/* PATH for a search, or NULL */
	int parent_pid;		/* for pdeathsig */
	int report_fd;		/* the pipe's write end */
	int fd_floor;		/* above every fd the egg names: where it moves */
	int cleared;		/* the kernel reset the signal handlers */
	int shared;		/* the child shares this block (CLONE_VM) */
	int exec_started;	/* set by a sharing child before its exec */
	int keeper;		/* the child's parent is a keeper (lib/keeper.c) */
	int egg_pdeathsig;	/* the egg sets its own parent-death signal */
	int program_pid;	/* set by a keeper's child: its pid, for cancel */
	int chld_ignored;	/* the caller ignores SIGCHLD: so must the program */
	egg__ksigset exec_mask;	/* the caller's mask, for the program */
};

/* The child's stack.  The interpreter needs about 20 KiB (two strings of
 * PATH_MAX, the PATH search's buffer, a decoded list); AddressSanitizer's
 * redzones more. */
#if defined(__SANITIZE_ADDRESS__)
# define EGG__ACHILD_ASAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define EGG__ACHILD_ASAN 1
# endif
#endif
#ifdef EGG__ACHILD_ASAN
# define EGG__ACHILD_STACK (1024 * 1024)
#else
# define EGG__ACHILD_STACK (64 * 1024)
#endif

/* A mapping for a child whose copies take data bytes: a guard page, the
 * stack, then the data; *size its size.  NULL if none could be made.
 * lib/astack.c. */
void *egg__astack_get(size_t data, size_t *size) EGG_HIDDEN;
/* Once its child no longer uses it. */
void egg__astack_put(void *map, size_t size) EGG_HIDDEN;

struct egg__target;
int egg__aspawn_args_check(struct egg__target *t, int dirfd, const char *path,
			   const void *code, size_t len, char *const argv[],
			   unsigned int flags) EGG_HIDDEN;

/* The child: runs on the mapping's stack, never returns on success. */
int egg__achild_main(void *arg) EGG_HIDDEN;
/* Reports a fault on the child's pipe; returns the exit status, 127. */
int egg__achild_fail(const struct egg__achild *a, const struct egg_fault *fault) EGG_HIDDEN;

/* A bare mapping of size bytes whose first page is a guard; and its end,
 * once no child runs on it (lib/astack.c). */
void *egg__astack_map(size_t size) EGG_HIDDEN;
void egg__astack_drop(void *map, size_t size) EGG_HIDDEN;

/*
 * EGG_SPAWN_NOSIGCHLD: the caller's child is a keeper, which never execs
 * (the kernel gives an exec'd process SIGCHLD as its exit signal again),
 * made with exit signal 0 on a small stack of its own.  It starts the
 * program as its own child and mirrors its end (lib/keeper.c).  The block
 * sits after the keeper's stack, in a mapping that outlives the call: the
 * kernel zeroes tid when the keeper exits, however it dies
 * (CLONE_CHILD_CLEARTID, set_tid_address), and the parent unmaps the
 * mappings whose tid is 0 at its next sweep (lib/keeper_stack.c).
 */
struct egg__keeper {
	struct egg__keeper *next;	/* the parent's list, under its lock */
	size_t size;			/* of the mapping */
	struct egg__achild *achild;	/* the program's block */
	int tid;			/* non-zero while the keeper lives */
	int core_by_signal;		/* may die by a signal that dumps core */
};

#if defined(EGG__ACHILD_ASAN)
# define EGG__KEEPER_STACK (256 * 1024)
#else
# define EGG__KEEPER_STACK (32 * 1024)
#endif

/* A keeper's mapping with tid set, or NULL. */
struct egg__keeper *egg__keeper_get(void) EGG_HIDDEN;
/* Its keeper was never made: unmapped at once. */
void egg__keeper_put(struct egg__keeper *k) EGG_HIDDEN;
/* Its keeper runs: unmapped by a sweep once it has exited. */
void egg__keeper_adopt(struct egg__keeper *k) EGG_HIDDEN;
/* Unmaps the mappings of every keeper that has exited. */
void egg__keeper_sweep(void) EGG_HIDDEN;
/* The keeper: runs on its stack, ends as its program ended. */
int egg__keeper_main(void *arg) EGG_HIDDEN;

/* Makes the child: nr and two arguments of clone3 or clone; the child
 * calls fn(arg) on its own stack.  lib/arch/<arch>/aclone.S. */
long egg__aclone(long nr, long a0, long a1, int (*fn)(void *), void *arg) EGG_HIDDEN;

#endif /* EGG_ASPAWN_H */
