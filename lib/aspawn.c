/* SPDX-License-Identifier: MIT */
/*
 * egg_aspawn(): a spawn that returns as soon as the child exists.  The
 * child shares the caller's memory (clone3 with CLONE_VM, without
 * CLONE_VFORK) and runs on a stack of its own, in one private mapping that
 * also holds copies of the path, argv, envp and the egg, so the caller may
 * change them at once.  It reports through a close-on-exec pipe (see
 * lib/aspawn.h); the caller polls the read end and collects the result
 * with egg_child_result().  The mapping is unmapped once the pipe's end of
 * file says the child no longer uses it (exec or exit) or the child has
 * been reaped.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "aspawn.h"
#include "interp.h"
#include "optable.h"
#include "sfork_frame.h"
#include "spawn_target.h"
#include "syscall.h"
#include "vmshare.h"

#define CHILD_STACK EGG__ACHILD_STACK

struct egg_child {
	pid_t pid;		/* > 0 once a child exists */
	int pidfd_given;	/* egg_child_result() handed one out */
	int fd;			/* the pipe's read end */
	int done;		/* the result is known: err and fault */
	int err;
	int dumpable_held;
	int kept;		/* pid is a keeper's (EGG_SPAWN_NOSIGCHLD) */
	int reaped;		/* pid may name another process now */
	size_t count;		/* instructions in the egg */
	struct egg_fault fault;
	void *map;		/* stack and copies, or NULL once unmapped */
	struct egg__achild *achild;	/* in map */
	size_t map_size;
	size_t got;
	unsigned char buf[2 + sizeof(struct egg__afault)];
};

/* What the kernel turned out to lack, learnt once per process. */
static int no_vm_clone;

/* Under valgrind, qemu-user and interposers that make vfork a fork, a
 * clone that shares memory is refused or not what it says: the same
 * once-per-process check that sends egg_spawn() down its fork path
 * (lib/vmshare.c) tells. */
static int vm_copied(void)
{
	return !egg__vm_shared();
}

/*
 * A setuid in a child that shares our memory clears the memory's dumpable
 * flag, which is the caller's too (its /proc files turn root-owned, ptrace
 * attach fails).  While eggs with credential ops are in flight, hold the
 * caller's value, and put it back when the last one is done.
 */
static pthread_mutex_t dumpable_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned int dumpable_holds;
static long dumpable_saved;

static void dumpable_hold(struct egg_child *c)
{
	pthread_mutex_lock(&dumpable_lock);
	if (dumpable_holds++ == 0)
		dumpable_saved = egg__sys5(SYS_prctl, PR_GET_DUMPABLE, 0, 0, 0, 0);
	pthread_mutex_unlock(&dumpable_lock);
	c->dumpable_held = 1;
}

static void dumpable_release(struct egg_child *c)
{
	if (!c->dumpable_held)
		return;
	c->dumpable_held = 0;
	pthread_mutex_lock(&dumpable_lock);
	if (--dumpable_holds == 0 && dumpable_saved >= 0)
		egg__sys5(SYS_prctl, PR_SET_DUMPABLE, dumpable_saved, 0, 0, 0);
	pthread_mutex_unlock(&dumpable_lock);
}

static int is_cred_op(unsigned int opcode)
{
	return (opcode >= EGG_OP_SETGROUPS && opcode <= EGG_OP_SETRESUID) ||
	       opcode == EGG_OP_CAPSET;
}

/* One pass over the (valid) egg: the highest fd it names, whether it
 * changes credentials or sets a parent-death signal, and how many
 * instructions it has. */
static void egg_scan(const uint8_t *code, size_t len, int *fd_floor, int *creds,
		     int *pdeathsig, size_t *count)
{
	unsigned long long max = 2;
	struct egg_insn insn;
	size_t off = 0, k;
	uint32_t item;
	unsigned int i;

	*creds = 0;
	*pdeathsig = 0;
	*count = 0;
	while (off < len && egg__decode_insn(code, len, &off, &insn) == 0) {
		const struct egg__op *op = &egg__optable[insn.opcode];

		++*count;
		*creds |= is_cred_op(insn.opcode);
		*pdeathsig |= insn.opcode == EGG_OP_PDEATHSIG;
		for (i = 0; i < op->noperands; i++) {
			if (op->type[i] == EGG_OPERAND_FD && insn.operand[i].u > max)
				max = insn.operand[i].u;
			/* fdmap writes its targets 0 .. count - 1. */
			if (op->type[i] == EGG_OPERAND_FDMAP && insn.operand[i].list.count > max)
				max = insn.operand[i].list.count;
			if (op->type[i] != EGG_OPERAND_FDLIST && op->type[i] != EGG_OPERAND_FDMAP)
				continue;
			for (k = 0; k < insn.operand[i].list.count; k++)
				if (egg_list_item(&insn.operand[i], k, &item) == 0 &&
				    item != EGG_FDMAP_CLOSE && item > max)
					max = item;
		}
	}
	*fd_floor = max >= 0x7ffffffe ? 0x7fffffff : (int)max + 1;
}

static void unmap(struct egg_child *c)
{
	if (!c->map)
		return;
	egg__astack_put(c->map, c->map_size);
	c->map = NULL;
	c->achild = NULL;
}

static void set_failed(struct egg_child *c, int err, enum egg_stage stage)
{
	c->done = 1;
	c->err = err;
	c->fault = (struct egg_fault){ .error = err, .stage = stage };
}

static size_t vec_bytes(char *const *v, size_t *count)
{
	size_t n, bytes = 0;

	for (n = 0; v[n]; n++)
		bytes += strlen(v[n]) + 1;
	*count = n;
	return bytes;
}

static char *copy_str(char **at, const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = *at;

	memcpy(d, s, n);
	*at += n;
	return d;
}

static void copy_vec(char **dst, char *const *src, size_t n, char **at)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = copy_str(at, src[i]);
	dst[n] = NULL;
}

/* Everything the child reads, copied into one mapping after its stack and
 * a guard page (lib/astack.c).  Returns the child's block, or NULL with
 * c->map unset. */
static struct egg__achild *map_copies(struct egg_child *c, const struct egg__target *t,
				      const void *code, size_t len, char *const argv[],
				      char *const envp[])
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), argc, envc, data;
	struct egg__achild *a;
	char *at;

	data = sizeof(*a) + vec_bytes(argv, &argc) + vec_bytes(envp, &envc) +
	       (argc + envc + 2) * sizeof(char *) + len + strlen(t->file) + 1 +
	       (t->path ? strlen(t->path) + 1 : 0);
	c->map = egg__astack_get(data, &c->map_size);
	if (!c->map)
		return NULL;
	a = (struct egg__achild *)((char *)c->map + page + CHILD_STACK);
	a->argv = (char **)(a + 1);
	a->envp = a->argv + argc + 1;
	at = (char *)(a->envp + envc + 1);
	copy_vec(a->argv, argv, argc, &at);
	copy_vec(a->envp, envp, envc, &at);
	a->code = len ? memcpy(at, code, len) : NULL;
	at += len;
	a->len = len;
	a->file = copy_str(&at, t->file);
	a->path = t->path ? copy_str(&at, t->path) : NULL;
	a->dirfd = t->dirfd;
	a->flags = t->flags;
	a->exec_started = 0;	/* the mapping may be a used one */
	a->keeper = 0;
	a->program_pid = 0;
	c->achild = a;
	return a;
}

/* clone3 where the kernel has it (the handlers reset by the kernel), else
 * clone with the same stack.  Under valgrind, and qemu-user,
 * which refuse a clone that shares memory without being a thread, a plain
 * fork: the child runs on a copy of this stack and of the mapping. */
static long clone_child(struct egg_child *c, struct egg__achild *a)
{
	char *stack = (char *)a - CHILD_STACK;
	struct clone_args ca;
	long r;

	a->cleared = 0;
	a->shared = 0;
	if (vm_copied() || __atomic_load_n(&no_vm_clone, __ATOMIC_RELAXED))
		return egg__aclone(SYS_clone, SIGCHLD, 0, egg__achild_main, a);
	a->shared = 1;
	/* What clone3 lacks is learnt once per process, with sfork's
	 * (lib/sfork.c): no clone3, or one without CLONE_CLEAR_SIGHAND. */
	while (egg__clone3_usable()) {
		a->cleared = egg__clear_sighand_usable();
		ca = (struct clone_args){
			.flags = CLONE_VM,
			.exit_signal = SIGCHLD,
			.stack = (unsigned long)stack,
			.stack_size = CHILD_STACK,
		};
		if (a->cleared)
			ca.flags |= CLONE_CLEAR_SIGHAND;
		r = egg__aclone(SYS_clone3, (long)&ca, sizeof(ca), egg__achild_main, a);
		if (!egg__clone3_learn(r, a->cleared))
			return r;
	}
	a->cleared = 0;
	r = egg__aclone(SYS_clone, CLONE_VM | SIGCHLD, (long)(stack + CHILD_STACK),
			egg__achild_main, a);
	if (r != -EINVAL)
		return r;
	__atomic_store_n(&no_vm_clone, 1, __ATOMIC_RELAXED);
	a->shared = 0;
	return egg__aclone(SYS_clone, SIGCHLD, 0, egg__achild_main, a);
}

/* The keeper of EGG_SPAWN_NOSIGCHLD (lib/keeper.c), with exit signal 0
 * on its own stack; it makes the program with a's stack.  The kernel
 * zeroes k->tid when it exits: with clone3 from its first instruction,
 * else from its first system call (set_tid_address), so a keeper killed
 * by SIGKILL before that one leaves its mapping to the process's end. */
static long clone_keeper(struct egg__achild *a, struct egg__keeper *k)
{
	char *stack = (char *)k - EGG__KEEPER_STACK;
	struct clone_args ca;
	long r;

	a->shared = 1;
	a->keeper = 1;
	k->achild = a;
	while (egg__clone3_usable()) {
		a->cleared = egg__clear_sighand_usable();
		ca = (struct clone_args){
			.flags = CLONE_VM | CLONE_CHILD_CLEARTID,
			.child_tid = (unsigned long)&k->tid,
			.stack = (unsigned long)stack,
			.stack_size = EGG__KEEPER_STACK,
		};
		if (a->cleared)
			ca.flags |= CLONE_CLEAR_SIGHAND;
		r = egg__aclone(SYS_clone3, (long)&ca, sizeof(ca), egg__keeper_main, k);
		if (!egg__clone3_learn(r, a->cleared))
			return r;
	}
	a->cleared = 0;
	r = egg__aclone(SYS_clone, CLONE_VM, (long)(stack + EGG__KEEPER_STACK),
			egg__keeper_main, k);
	/* qemu-user: no process that shares memory, so no keeper. */
	return r == -EINVAL ? -ENOTSUP : r;
}

/* The child, or with keep its keeper; that keeper's mapping is the
 * sweep's from now on. */
static long clone_any(struct egg_child *c, struct egg__achild *a, int keep)
{
	struct egg__keeper *k;
	long pid;

	if (!keep)
		return clone_child(c, a);
	k = egg__keeper_get();
	if (!k)
		return -ENOMEM;
	pid = clone_keeper(a, k);
	if (pid < 0)
		egg__keeper_put(k);
	else
		egg__keeper_adopt(k);
	return pid;
}

/* Makes the child; any failure is recorded in c, for egg_child_result(). */
static void start(struct egg_child *c, const struct egg__target *t, const void *code,
		  size_t len, char *const argv[], char *const envp[], int report_fd)
{
	egg__ksigset all = EGG__KSIGSET_FULL, old;
	struct egg__achild *a;
	size_t bad = 0;
	int creds;
	long pid;

	a = map_copies(c, t, code, len, argv, envp);
	if (!a) {
		set_failed(c, ENOMEM, EGG_STAGE_CHILD);
		return;
	}
	/* The copy is validated, not the caller's buffer, which another
	 * thread may change meanwhile: what runs is what was validated. */
	if (egg__validate(a->code, len, &bad) < 0) {
		unmap(c);
		set_failed(c, EINVAL, EGG_STAGE_VALIDATE);
		c->fault.offset = bad;
		return;
	}
	egg_scan(a->code, len, &a->fd_floor, &creds, &a->egg_pdeathsig, &c->count);
	a->report_fd = report_fd;
	a->parent_pid = (int)egg__sys0(SYS_getpid);
	if (creds && !vm_copied())
		dumpable_hold(c);
	/* Blocked only around the clone: the child starts with every signal
	 * blocked, and none of our handlers can run on its stack. */
	egg__sys4(SYS_rt_sigprocmask, SIG_SETMASK, &all, &old, sizeof(all));
	a->exec_mask = old;
	pid = clone_any(c, a, c->kept);
	egg__sys4(SYS_rt_sigprocmask, SIG_SETMASK, &old, 0, sizeof(old));
	if (pid < 0) {
		dumpable_release(c);
		unmap(c);
		set_failed(c, (int)-pid, EGG_STAGE_CHILD);
		return;
	}
	c->pid = (pid_t)pid;
}

/* egg_aspawn()'s arguments, and egg_spawnx()'s with EGG_SPAWN_NOSIGCHLD
 * (lib/spawn_kept.c): 0 or the errno to return, before anything exists. */
int egg__aspawn_args_check(struct egg__target *t, int dirfd, const char *path,
			   const void *code, size_t len, char *const argv[], unsigned int flags)
{
	int err;

	if (!argv || (!code && len))
		return EINVAL;
	err = egg__spawn_target(t, dirfd, path, flags);
	if (err)
		return err;
	if (!t->file)
		return EINVAL;
	/* A copy of the caller's memory (valgrind, qemu-user) cannot hold a
	 * keeper that outlives the call. */
	return (flags & EGG_SPAWN_NOSIGCHLD) && vm_copied() ? ENOTSUP : 0;
}

EGG_EXPORT int egg_aspawn(struct egg_child **child, int dirfd, const char *path,
			  const void *code, size_t len, char *const argv[],
			  char *const envp[], unsigned int flags)
{
	int saved_errno = errno, fds[2], err;
	struct egg__target t;
	struct egg_child *c;
	long r;

	if (!child)
		return EINVAL;
	err = egg__aspawn_args_check(&t, dirfd, path, code, len, argv, flags);
	if (err)
		return err;
	c = calloc(1, sizeof(*c));
	errno = saved_errno;
	if (!c)
		return ENOMEM;
	r = egg__sys2(SYS_pipe2, fds, O_CLOEXEC | O_NONBLOCK);
	if (r < 0) {
		free(c);
		return (int)-r;
	}
	c->fd = fds[0];
	c->kept = !!(flags & EGG_SPAWN_NOSIGCHLD);
	if (c->kept)
		egg__keeper_sweep();
	start(c, &t, code, len, argv, envp ? envp : environ, fds[1]);
	/* The child has its own copy: from now on, end of file on fds[0]
	 * means it has executed the program or exited. */
	egg__sys1(SYS_close, fds[1]);
	*child = c;
	return 0;
}

EGG_EXPORT int egg_child_fd(const struct egg_child *child)
{
	return child ? child->fd : -1;
}

/* End of file: the child has executed the program, or failed and exited,
 * or died.  Only the first leaves a process to the caller. */
static void finish(struct egg_child *c)
{
	const unsigned char *p = c->buf;
	struct egg__afault rec;
	size_t n = c->got;
	int execd = 0;

	if (n && p[0] == EGG__AREC_EXEC) {
		execd = 1;
		p++;
		n--;
	}
	if (c->achild && __atomic_load_n(&c->achild->exec_started, __ATOMIC_ACQUIRE))
		execd = 1;
	c->done = 1;
	if (n == sizeof(rec) && p[0] == EGG__AREC_FAULT) {
		memcpy(&rec, p, sizeof(rec));
		c->fault = rec.fault;
		c->err = rec.fault.error;
	} else if (!execd || n) {
		set_failed(c, EOWNERDEAD, EGG_STAGE_DIED);
	} else {
		c->fault = (struct egg_fault){ .index = c->count, .stage = EGG_STAGE_NONE };
	}
	if (c->err && !c->reaped)
		egg__reap(c->pid);
	unmap(c);
	dumpable_release(c);
}

/* Reads what the child has said so far.  0 once finished, else
 * EINPROGRESS (or the read's error). */
static int collect(struct egg_child *c)
{
	unsigned char extra;
	long r;

	for (;;) {
		/* The child writes less than buf holds; more would be no
		 * record of ours, and makes finish() report a death. */
		if (c->got == sizeof(c->buf))
			r = egg__sys3(SYS_read, c->fd, &extra, 1);
		else
			r = egg__sys3(SYS_read, c->fd, c->buf + c->got,
				      sizeof(c->buf) - c->got);
		if (r > 0) {
			c->got += c->got < sizeof(c->buf) ? (size_t)r : 0;
			continue;
		}
		if (r == 0) {
			finish(c);
			return 0;
		}
		if (r != -EINTR)
			return r == -EAGAIN ? EINPROGRESS : (int)-r;
	}
}

/* Made when asked for rather than with the clone: a caller that wants
 * none does not pay for it in egg_aspawn().  The program is our unreaped
 * child, so its pid names no other process.  Once only; -1 where the
 * kernel has no pidfd_open (before 5.3) or it fails. */
static int pidfd_of(struct egg_child *c)
{
	long fd;

	if (c->pidfd_given)
		return -1;
	c->pidfd_given = 1;
	fd = egg__sys2(SYS_pidfd_open, c->pid, 0);
	return fd < 0 ? -1 : (int)fd;
}

EGG_EXPORT int egg_child_result(struct egg_child *child, pid_t *pid, int *pidfd,
				struct egg_fault *fault)
{
	int err;

	if (!child)
		return EINVAL;
	if (!child->done) {
		err = collect(child);
		if (err)
			return err;
	}
	if (fault)
		*fault = child->fault;
	if (child->err)
		return child->err;
	if (pid)
		*pid = child->pid;
	if (pidfd)
		*pidfd = pidfd_of(child);
	return 0;
}

/* Blocks until the pipe's end of file. */
static void wait_eof(struct egg_child *c)
{
	struct pollfd p = { .fd = c->fd, .events = POLLIN };

	while (!c->done && collect(c) == EINPROGRESS)
		poll(&p, 1, -1);
}

/*
 * A keeper's program is not ours to reap, and may still run on the
 * mapping once the keeper is gone: its parent-death signal (armed before
 * the egg) ends it, else we do.  While the pipe is open, the program has
 * neither executed nor exited; so a pidfd opened before a look at the pipe
 * that finds it open names the program, not a process that took its pid.
 */
static void cancel_program(struct egg_child *c)
{
	int pid = __atomic_load_n(&c->achild->program_pid, __ATOMIC_ACQUIRE);
	long fd = pid > 0 ? egg__sys2(SYS_pidfd_open, pid, 0) : -1;

	if (fd >= 0 && !c->done && collect(c) == EINPROGRESS)
		egg__sys4(SYS_pidfd_send_signal, fd, SIGKILL, 0, 0);
	if (fd >= 0)
		egg__sys1(SYS_close, fd);
	wait_eof(c);
}

/* The caller gave up before the result: kill the child, whatever it
 * reached, and reap it; as our unreaped child, its pid cannot name another
 * process. */
static void cancel(struct egg_child *c)
{
	egg__sys2(SYS_kill, c->pid, SIGKILL);
	egg__reap(c->pid);
	c->reaped = 1;
	if (c->kept && c->achild)
		cancel_program(c);
	unmap(c);
	dumpable_release(c);
	c->done = 1;
}

EGG_EXPORT void egg_child_free(struct egg_child *child)
{
	int saved_errno = errno;

	if (!child)
		return;
	if (!child->done)
		cancel(child);
	egg__sys1(SYS_close, child->fd);
	free(child);
	egg__keeper_sweep();
	errno = saved_errno;
}
