/* SPDX-License-Identifier: MIT */
/*
 * Eggs: process spawn recipes as bytecode.  See egg(7) for the format,
 * egg_new(3) for the builder, egg_spawn(3) for running one and
 * egg_validate(3) and egg_decode(3) for reading one.
 *
 * The egg_* calls that return an int report errors as posix_spawn(3)
 * does: 0 or a positive errno value.  The exception is egg_op_supported(),
 * which answers 1 or 0.  egg_new() returns the egg, or NULL with errno set;
 * egg_data(), egg_size() and egg_count() return the egg's bytes, size and
 * instruction count; egg_version() and egg_version_string() the library's
 * version; egg_free() nothing.  egg_popen(), egg_pclose() and egg_system()
 * follow their libc namesakes (NULL or -1 with errno set).  None but these
 * four changes errno.
 */
#ifndef EGG_H
#define EGG_H

#include <signal.h>
#include <spawn.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/types.h>

#include <egg-version.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Opcodes.  These numbers are ABI: they are never renumbered or reused. */
enum egg_opcode {
	EGG_OP_SETSID = 1,
	EGG_OP_SETPGID = 2,
	EGG_OP_OPEN = 3,
	EGG_OP_DUP2 = 4,
	EGG_OP_CLOSE_RANGE = 5,
	EGG_OP_SETRLIMIT = 6,
	EGG_OP_CLOSE = 7,
	EGG_OP_CHDIR = 8,
	EGG_OP_FCHDIR = 9,
	EGG_OP_UMASK = 10,
	EGG_OP_SIGMASK = 11,
	EGG_OP_SIGDEFAULT = 12,
	/* Credentials: raw system calls, for the child alone. */
	EGG_OP_SETGROUPS = 13,
	EGG_OP_SETGID = 14,
	EGG_OP_SETRESGID = 15,
	EGG_OP_SETUID = 16,
	EGG_OP_SETRESUID = 17,
	/* Capabilities. */
	EGG_OP_CAPSET = 18,
	EGG_OP_AMBIENT_RAISE = 19,
	EGG_OP_AMBIENT_CLEAR = 20,
	EGG_OP_BOUNDING_DROP = 21,
	EGG_OP_KEEPCAPS = 22,
	EGG_OP_SECUREBITS = 23,
	/* Privilege hygiene and scheduling. */
	EGG_OP_NO_NEW_PRIVS = 24,
	EGG_OP_PDEATHSIG = 25,
	EGG_OP_SETPRIORITY = 26,
	EGG_OP_SCHED_SETAFFINITY = 27,
	EGG_OP_SCHED_SETSCHEDULER = 28,
	/* Terminals. */
	EGG_OP_SETCTTY = 29,
	EGG_OP_TCSETPGRP = 30,
	/* More on fds. */
	EGG_OP_DUP3 = 31,
	EGG_OP_CLOEXEC = 32,
	EGG_OP_KEEP = 33,
	/* Isolation. */
	EGG_OP_UNSHARE = 34,
	EGG_OP_CHROOT = 35,
	EGG_OP_SETHOSTNAME = 36,
	/* The fd map. */
	EGG_OP_FDMAP = 37,
	/* posix_spawn's steps where no op above does exactly the same. */
	EGG_OP_SIGIGNORE = 38,
	EGG_OP_SCHED_SETPARAM = 39,
	EGG_OP_FA_CLOSE = 40,
	EGG_OP_FA_OPEN = 41,
};

/* The highest opcode this header knows; opcodes below it may be holes
 * (ask egg_op_supported()). */
#define EGG_OP_LAST EGG_OP_FA_OPEN

/* The kinds of operand an op takes; see egg(7) for ranges and encodings. */
enum egg_operand_type {
	EGG_OPERAND_FD = 1,	/* ULEB128, 0 to INT_MAX */
	EGG_OPERAND_PID,	/* ULEB128, 0 to INT_MAX */
	EGG_OPERAND_UINT,	/* ULEB128, 0 to UINT_MAX */
	EGG_OPERAND_U64,	/* ULEB128, 0 to UINT64_MAX */
	EGG_OPERAND_INT,	/* SLEB128, INT_MIN to INT_MAX */
	EGG_OPERAND_OFLAGS,	/* ULEB128, open(2) flags in the asm-generic encoding */
	EGG_OPERAND_MODE,	/* ULEB128, 0 to 07777 */
	EGG_OPERAND_UMASK,	/* ULEB128, 0 to 0777 */
	EGG_OPERAND_PATH,	/* string, 0 to 4095 bytes, no NUL */
	EGG_OPERAND_SIGSET,	/* ULEB128, bit n-1 for signal n */
	EGG_OPERAND_RESOURCE,	/* ULEB128, an RLIMIT_* number */
	EGG_OPERAND_RLIM,	/* ULEB128, an rlim_t; RLIM_INFINITY is all ones,
				 * EGG_RLIM_KEEP the current limit */
	EGG_OPERAND_CLOSE_RANGE_FLAGS, /* ULEB128, CLOSE_RANGE_* bits */
	EGG_OPERAND_ID,		/* ULEB128, a uid or gid: 0 to 0xfffffffe */
	EGG_OPERAND_ID_OR_KEEP,	/* ULEB128, as ID, or 0xffffffff for "unchanged" */
	EGG_OPERAND_IDLIST,	/* list of ID, at most EGG_LIST_MAX */
	EGG_OPERAND_FDLIST,	/* list of FD, strictly ascending, at most EGG_LIST_MAX */
	EGG_OPERAND_CPULIST,	/* list of CPU numbers below 1024, strictly ascending */
	EGG_OPERAND_CAPMASK,	/* ULEB128, bit n for capability n */
	EGG_OPERAND_CAP,	/* ULEB128, a capability number, 0 to 63 */
	EGG_OPERAND_SIGNAL,	/* ULEB128, a signal number, 0 (none) to 64 */
	EGG_OPERAND_BOOL,	/* ULEB128, 0 or 1 */
	EGG_OPERAND_SECUREBITS,	/* ULEB128, SECBIT_* bits */
	EGG_OPERAND_SCHED_POLICY, /* ULEB128, SCHED_* with SCHED_RESET_ON_FORK */
	EGG_OPERAND_UNSHARE_FLAGS, /* ULEB128, CLONE_NEW* bits */
	EGG_OPERAND_STRING,	/* string, as PATH, limits set by the op */
	EGG_OPERAND_FDMAP,	/* list of FD or EGG_FDMAP_CLOSE, any order, at most
				   EGG_LIST_MAX */
};

/* A limit of setrlimit that keeps the current one, soft or hard, as
 * 0xffffffff keeps an id of setresuid: all ones less one, so that
 * RLIM_INFINITY (all ones) is still itself. */
#define EGG_RLIM_KEEP ((rlim_t)0xfffffffffffffffeULL)
/* An EGG_OPERAND_FDMAP item that closes its target: -1 as a uint32_t. */
#define EGG_FDMAP_CLOSE 0xffffffffu

/* Lists are a ULEB128 count followed by that many ULEB128 items. */
#define EGG_LIST_MAX 1024

#define EGG_MAX_OPERANDS 6

/* How an operand kind is encoded; see egg(7). */
enum egg_operand_encoding {
	EGG_ENCODING_ULEB = 1,	/* one ULEB128 number */
	EGG_ENCODING_SLEB,	/* one SLEB128 number */
	EGG_ENCODING_STRING,	/* a ULEB128 length, then that many bytes, no NUL */
	EGG_ENCODING_LIST,	/* a ULEB128 count, then that many ULEB128 items */
};

/* Flags of struct egg_operand_info. */
#define EGG_OPERAND_F_ASCENDING	0x1u	/* a list whose items strictly ascend */
#define EGG_OPERAND_F_BITS	0x2u	/* a set of bits: see bits and field */
#define EGG_OPERAND_F_SPECIAL	0x4u	/* special is a value with its own meaning */
#define EGG_OPERAND_F_MORE_RULES	0x8u	/* egg(7) states rules the fields do not */

/* What values an operand kind may hold, as the library checks them.  See
 * egg_operand_info(3). */
struct egg_operand_info {
	enum egg_operand_type type;
	enum egg_operand_encoding encoding;
	unsigned int flags;	/* EGG_OPERAND_F_* */
	int64_t min;		/* numbers: the smallest value */
	uint64_t max;		/* numbers: largest; strings: longest; lists: largest item */
	uint64_t bits;		/* BITS: the single bits a value may have */
	uint64_t field_mask;	/* BITS: the bits of a field of values, or 0 */
	uint64_t field_values;	/* BITS: bit v set if the field may be v */
	uint64_t special;	/* SPECIAL: the value (EGG_RLIM_KEEP, EGG_FDMAP_CLOSE, ...) */
	size_t list_max;	/* lists: the most items */
};

struct egg_op_info {
	unsigned int opcode;
	const char *name;		/* the mnemonic, as in egg(7) */
	unsigned int noperands;
	enum egg_operand_type operand[EGG_MAX_OPERANDS];
	const char *operand_name[EGG_MAX_OPERANDS];
};

/* One decoded instruction.  Strings point into the decoded buffer. */
union egg_value {
	uint64_t u;
	int64_t i;
	struct {
		const char *ptr;
		size_t len;
	} str;
	/* A list operand.  To append one, set items and count.  egg_decode()
	 * sets count, and enc and enc_size to the encoded items, with items
	 * NULL: read them with egg_list_item().  egg_append() takes either. */
	struct {
		const uint32_t *items;
		size_t count;
		const uint8_t *enc;
		size_t enc_size;
	} list;
};

struct egg_insn {
	unsigned int opcode;
	size_t offset;		/* of the instruction in the program */
	size_t size;		/* its encoded size in bytes */
	unsigned int noperands;
	union egg_value operand[EGG_MAX_OPERANDS];
};

/* The step of a spawn that failed.  See egg_spawn(3), "The fault". */
enum egg_stage {
	EGG_STAGE_NONE = 0,	/* none: the program was executed */
	EGG_STAGE_ARGS,		/* an argument is invalid; nothing was done */
	EGG_STAGE_VALIDATE,	/* the egg is invalid; nothing was spawned */
	EGG_STAGE_CHILD,	/* no child could be made (sfork failed) */
	EGG_STAGE_OP,		/* an instruction failed */
	EGG_STAGE_EXEC,		/* the exec failed (for egg_spawnp, the search) */
	EGG_STAGE_DIED,		/* the child died before its exec (EOWNERDEAD) */
};

/* Where a spawn failed; see egg_spawn(3). */
struct egg_fault {
	size_t index;		/* failing instruction, from 0; the count if exec failed */
	unsigned int opcode;	/* its opcode; 0 if exec failed or the egg was invalid */
	int error;		/* errno value */
	size_t offset;		/* of the failing instruction, or of the first bad byte */
	enum egg_stage stage;	/* which step failed */
};

struct egg;

/* The builder: each call appends one instruction.  See egg_new(3). */
struct egg *egg_new(void);
void egg_free(struct egg *egg);
int egg_reset(struct egg *egg);
int egg_setsid(struct egg *egg);
int egg_setpgid(struct egg *egg, pid_t pgid);
int egg_open(struct egg *egg, int fd, const char *path, int oflag, mode_t mode);
int egg_dup2(struct egg *egg, int oldfd, int newfd);
int egg_close_range(struct egg *egg, unsigned int first, unsigned int last,
		    unsigned int flags);
int egg_setrlimit(struct egg *egg, int resource, const struct rlimit *rl);
int egg_close(struct egg *egg, int fd);
int egg_chdir(struct egg *egg, const char *path);
int egg_fchdir(struct egg *egg, int fd);
int egg_umask(struct egg *egg, mode_t mask);
int egg_sigmask(struct egg *egg, const sigset_t *set);
int egg_sigdefault(struct egg *egg, const sigset_t *set);
int egg_setgroups(struct egg *egg, size_t n, const gid_t *groups);
int egg_setgid(struct egg *egg, gid_t gid);
int egg_setresgid(struct egg *egg, gid_t rgid, gid_t egid, gid_t sgid);
int egg_setuid(struct egg *egg, uid_t uid);
int egg_setresuid(struct egg *egg, uid_t ruid, uid_t euid, uid_t suid);
int egg_capset(struct egg *egg, uint64_t effective, uint64_t permitted,
	       uint64_t inheritable);
int egg_capset_text(struct egg *egg, const char *text);
int egg_ambient_raise(struct egg *egg, int cap);
int egg_ambient_clear(struct egg *egg);
int egg_bounding_drop(struct egg *egg, int cap);
int egg_keepcaps(struct egg *egg, int on);
int egg_securebits(struct egg *egg, unsigned int bits);
int egg_no_new_privs(struct egg *egg);
int egg_pdeathsig(struct egg *egg, int sig);
int egg_setpriority(struct egg *egg, int nice);
int egg_sched_setaffinity(struct egg *egg, size_t n, const unsigned int *cpus);
int egg_sched_setscheduler(struct egg *egg, int policy, int priority);
int egg_setctty(struct egg *egg, int fd);
int egg_tcsetpgrp(struct egg *egg, int fd);
int egg_dup3(struct egg *egg, int oldfd, int newfd, int cloexec);
int egg_cloexec(struct egg *egg, int fd, int on);
int egg_keep(struct egg *egg, size_t n, const int *fds);
int egg_unshare(struct egg *egg, int flags);
int egg_chroot(struct egg *egg, const char *path);
int egg_sethostname(struct egg *egg, const char *name);
int egg_sigignore(struct egg *egg, const sigset_t *set);
int egg_sched_setparam(struct egg *egg, int priority);
int egg_fa_close(struct egg *egg, int fd);
int egg_fa_open(struct egg *egg, int fd, const char *path, int oflag, mode_t mode);
/* After it, fd i is what fds[i] was before, for i < n; -1 closes fd i. */
int egg_fdmap(struct egg *egg, size_t n, const int *fds);
int egg_append(struct egg *egg, const struct egg_insn *insn);
const void *egg_data(const struct egg *egg);
size_t egg_size(const struct egg *egg);
size_t egg_count(const struct egg *egg);

/* Reading eggs.  See egg_validate(3) and egg_decode(3). */
int egg_validate(const void *code, size_t len, size_t *bad_offset);
int egg_decode(const void *code, size_t len, size_t *offset, struct egg_insn *insn);
int egg_op_supported(unsigned int opcode);
int egg_op_info(unsigned int opcode, struct egg_op_info *info);
/* What values an operand kind holds: 0, ENOENT for a kind this library
 * does not know, EINVAL for a NULL info.  See egg_operand_info(3). */
int egg_operand_info(enum egg_operand_type type, struct egg_operand_info *info);
int egg_list_item(const union egg_value *list, size_t i, uint32_t *item);
int egg_caps_from_text(const char *text, uint64_t *effective, uint64_t *permitted,
		       uint64_t *inheritable);

/* Flags for egg_spawnx(), egg_aspawn() and egg_exec(). */
#define EGG_SPAWN_SEARCH	0x1u	/* path is a name searched in PATH, as egg_spawnp() */
/* path is "" and dirfd is the program, as egg_fspawn() */
#define EGG_SPAWN_EMPTY_PATH	0x2u
/* no SIGCHLD, invisible to wait(-1): reap through the pidfd or waitpid(pid, .., __WALL).
 * The child is a keeper that never execs (Linux gives an exec'd child SIGCHLD back): it
 * runs the program as its own child and ends as the program did; see egg_spawnx(3).
 * ENOTSUP where the memory cannot be shared (valgrind); egg_exec() refuses it with
 * EINVAL: it makes no child. */
#define EGG_SPAWN_NOSIGCHLD	0x4u

/* Spawning.  See egg_spawn(3). */
int egg_spawn(pid_t *pid, const char *path, const void *code, size_t len,
	      char *const argv[], char *const envp[], struct egg_fault *fault);
int egg_spawnp(pid_t *pid, const char *file, const void *code, size_t len,
	       char *const argv[], char *const envp[], struct egg_fault *fault);
int egg_pidfd_spawn(int *pidfd, const char *path, const void *code, size_t len,
		    char *const argv[], char *const envp[], struct egg_fault *fault);
int egg_fspawn(pid_t *pid, int fd, const void *code, size_t len,
	       char *const argv[], char *const envp[], struct egg_fault *fault);
/* The one synchronous spawn the four above wrap: path relative to dirfd
 * (or searched, or dirfd itself, by flags); a pidfd too if pidfd is not
 * NULL.  See egg_spawnx(3). */
int egg_spawnx(pid_t *pid, int *pidfd, int dirfd, const char *path, const void *code,
	       size_t len, char *const argv[], char *const envp[], unsigned int flags,
	       struct egg_fault *fault);

/* Asynchronous spawning: returns as soon as the child exists.  path, argv,
 * envp and the egg are copied: the caller may change or free them at once.
 * See egg_aspawn(3). */
struct egg_child;
int egg_aspawn(struct egg_child **child, int dirfd, const char *path, const void *code,
	       size_t len, char *const argv[], char *const envp[], unsigned int flags);
/* Pollable: readable once the exec happened or the spawn failed. */
int egg_child_fd(const struct egg_child *child);
/* EINPROGRESS while not finished; 0 with the pid (and a pidfd the caller
 * owns, -1 where the kernel has none); or the errno of the failed step
 * with *fault set and the child reaped. */
int egg_child_result(struct egg_child *child, pid_t *pid, int *pidfd,
		     struct egg_fault *fault);
/* At any time; never leaks the child or its memory (an unfinished spawn
 * is killed and reaped). */
void egg_child_free(struct egg_child *child);

/* Runs the egg in this process, then execs path; returns only on failure,
 * with the process changed up to the failing op.  See egg_exec(3). */
int egg_exec(int dirfd, const char *path, const void *code, size_t len, char *const argv[],
	     char *const envp[], unsigned int flags, struct egg_fault *fault);

/* popen(3), pclose(3) and system(3) with an egg, applied after the library's
 * own setup of the child; /bin/sh -c command runs.  These three follow their
 * libc namesakes: NULL or -1 with errno on failure.  See egg_popen(3) and
 * egg_system(3). */
FILE *egg_popen(const char *command, const char *mode, const void *code, size_t len,
		struct egg_fault *fault);
int egg_pclose(FILE *stream);
int egg_system(const char *command, const void *code, size_t len, struct egg_fault *fault);

/* posix_spawn(3) on eggs, and the egg a posix_spawn call would run.  See
 * egg_posix_spawn(3). */
int egg_posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
		    const posix_spawnattr_t *attr, char *const argv[], char *const envp[]);
int egg_posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *fa,
		     const posix_spawnattr_t *attr, char *const argv[], char *const envp[]);
int egg_from_posix_spawn(struct egg *egg, const posix_spawn_file_actions_t *fa,
			 const posix_spawnattr_t *attr);

/* The library's version, for run-time checks: EGG_VERSION_NUMBER's form. */
unsigned int egg_version(void);
const char *egg_version_string(void);

#ifdef __cplusplus
}
#endif

#endif /* EGG_H */
