/* SPDX-License-Identifier: MIT */
/*
 * posix_spawn(3) on eggs.  The attributes and file actions become an egg,
 * in the order glibc 2.36's child takes its steps (sysdeps/unix/sysv/linux/
 * spawni.c): signal dispositions, scheduling, setsid, setpgid, the ids,
 * the file actions in order, the signal mask; then the exec.  egg(7) and
 * egg_posix_spawn(3) say what each step becomes.
 */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

#include "posixspawn.h"

/* Every flag of glibc 2.36's spawn.h.  USEVFORK asks for nothing there
 * any more (the child always shares memory), nor here. */
#define KNOWN_FLAGS (POSIX_SPAWN_RESETIDS | POSIX_SPAWN_SETPGROUP | \
		     POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | \
		     POSIX_SPAWN_SETSCHEDPARAM | POSIX_SPAWN_SETSCHEDULER | \
		     POSIX_SPAWN_USEVFORK | POSIX_SPAWN_SETSID)

/* glibc keeps signals 32 and 33 for itself: its sigprocmask never blocks
 * them, and its child sets them to SIG_IGN (unless asked for SIG_DFL),
 * which the new program keeps. */
#ifdef __GLIBC__
#define LIBC_SIGNALS ((1ULL << 31) | (1ULL << 32))
#else
#define LIBC_SIGNALS 0ULL
#endif

static uint64_t sigset_bits(const sigset_t *set)
{
	uint64_t bits = 0;
	int sig;

	for (sig = 1; sig <= 64; sig++)
		if (sigismember(set, sig) == 1)
			bits |= 1ULL << (sig - 1);
	return bits;
}

static int append_set(struct egg *egg, unsigned int opcode, uint64_t set)
{
	struct egg_insn insn = { .opcode = opcode, .noperands = 1 };

	insn.operand[0].u = set;
	return egg_append(egg, &insn);
}

static int signals_to_egg(struct egg *egg, short flags, const posix_spawnattr_t *attr)
{
	uint64_t dfl = 0;
	sigset_t set;
	int err;

	if (flags & POSIX_SPAWN_SETSIGDEF) {
		posix_spawnattr_getsigdefault(attr, &set);
		dfl = sigset_bits(&set);
		if (dfl) {
			err = append_set(egg, EGG_OP_SIGDEFAULT, dfl);
			if (err)
				return err;
		}
	}
	if (LIBC_SIGNALS & ~dfl)
		return append_set(egg, EGG_OP_SIGIGNORE, LIBC_SIGNALS & ~dfl);
	return 0;
}

/* SETSCHEDPARAM alone keeps the child's policy; SETSCHEDULER sets both. */
static int sched_to_egg(struct egg *egg, short flags, const posix_spawnattr_t *attr)
{
	struct sched_param sp;
	int policy;

	if (!(flags & (POSIX_SPAWN_SETSCHEDPARAM | POSIX_SPAWN_SETSCHEDULER)))
		return 0;
	posix_spawnattr_getschedparam(attr, &sp);
	if (!(flags & POSIX_SPAWN_SETSCHEDULER))
		return egg_sched_setparam(egg, sp.sched_priority);
	posix_spawnattr_getschedpolicy(attr, &policy);
	return egg_sched_setscheduler(egg, policy, sp.sched_priority);
}

/* RESETIDS: the effective ids become the real ones, uid first. */
static int ids_to_egg(struct egg *egg)
{
	int err = egg_setresuid(egg, (uid_t)-1, getuid(), (uid_t)-1);

	return err ? err : egg_setresgid(egg, (gid_t)-1, getgid(), (gid_t)-1);
}

static int attr_before_fa(struct egg *egg, short flags, const posix_spawnattr_t *attr)
{
	pid_t pgrp;
	int err;

	err = signals_to_egg(egg, flags, attr);
	if (!err)
		err = sched_to_egg(egg, flags, attr);
	if (!err && (flags & POSIX_SPAWN_SETSID))
		err = egg_setsid(egg);
	if (!err && (flags & POSIX_SPAWN_SETPGROUP)) {
		posix_spawnattr_getpgroup(attr, &pgrp);
		err = egg_setpgid(egg, pgrp);
	}
	if (!err && (flags & POSIX_SPAWN_RESETIDS))
		err = ids_to_egg(egg);
	return err;
}

static int attr_after_fa(struct egg *egg, short flags, const posix_spawnattr_t *attr)
{
	sigset_t set;

	if (!(flags & POSIX_SPAWN_SETSIGMASK))
		return 0;
	posix_spawnattr_getsigmask(attr, &set);
	return append_set(egg, EGG_OP_SIGMASK, sigset_bits(&set) & ~LIBC_SIGNALS);
}

static int attr_flags(const posix_spawnattr_t *attr, short *flags)
{
	*flags = 0;
	if (!attr)
		return 0;
	if (!egg__ps_libc_known() || posix_spawnattr_getflags(attr, flags))
		return ENOTSUP;
	return (*flags & ~KNOWN_FLAGS) ? ENOTSUP : 0;
}

static int build(struct egg *egg, const posix_spawn_file_actions_t *fa,
		 const posix_spawnattr_t *attr)
{
	short flags;
	int err;

	err = attr_flags(attr, &flags);
	if (!err)
		err = attr_before_fa(egg, flags, attr);
	if (!err)
		err = egg__fa_to_egg(egg, fa);
	if (!err)
		err = attr_after_fa(egg, flags, attr);
	return err;
}

EGG_EXPORT int egg_from_posix_spawn(struct egg *egg, const posix_spawn_file_actions_t *fa,
				    const posix_spawnattr_t *attr)
{
	size_t len = egg_size(egg), count = egg_count(egg);
	int err;

	if (!egg)
		return EINVAL;
	err = build(egg, fa, attr);
	if (err)
		egg__truncate(egg, len, count);
	return err;
}

/* posix_spawn@GLIBC_2.2.5's fallback: /bin/sh, the file, then argv[1..]. */
static char **shell_argv(const char *file, char *const argv[])
{
	size_t argc = 0, i;
	char **sh;

	while (argv[argc])
		argc++;
	sh = malloc((argc > 1 ? argc + 2 : 3) * sizeof(*sh));
	if (!sh)
		return NULL;
	sh[0] = (char *)"/bin/sh";
	sh[1] = (char *)file;
	for (i = 1; i < argc; i++)
		sh[i + 1] = argv[i];
	sh[argc > 1 ? argc + 1 : 2] = NULL;
	return sh;
}

int egg__posix_spawn(pid_t *pid, const char *file, unsigned int how,
		     const posix_spawn_file_actions_t *fa, const posix_spawnattr_t *attr,
		     char *const argv[], char *const envp[])
{
	/* glibc passes a NULL envp on to execve, where it means no
	 * environment, not the caller's. */
	static char *const no_env[] = { NULL };
	char **sh_argv = NULL;
	struct egg *egg;
	int err;

	if (!file || !argv)
		return EINVAL;
	egg = egg_new();
	if (!egg)
		return ENOMEM;
	err = egg_from_posix_spawn(egg, fa, attr);
	if (!err && (how & EGG__PS_SHELL)) {
		sh_argv = shell_argv(file, argv);
		if (!sh_argv)
			err = ENOMEM;
	}
	if (!err)
		err = egg__spawn_posix(pid, file, how, egg, argv, sh_argv,
				       envp ? envp : no_env);
	free(sh_argv);
	egg_free(egg);
	return err;
}

/* Spawns through eggs, or hands what it does not understand to the libc. */
static int spawn_or_forward(pid_t *pid, const char *file, unsigned int how,
			    const posix_spawn_file_actions_t *fa,
			    const posix_spawnattr_t *attr, char *const argv[],
			    char *const envp[])
{
	egg__libc_spawn_fn *libc;
	int err = egg__posix_spawn(pid, file, how, fa, attr, argv, envp);

	if (err != ENOTSUP)
		return err;
	libc = egg__libc_spawn(how);
	return libc ? libc(pid, file, fa, attr, argv, envp) : ENOTSUP;
}

EGG_EXPORT int egg_posix_spawn(pid_t *pid, const char *path,
			       const posix_spawn_file_actions_t *fa,
			       const posix_spawnattr_t *attr, char *const argv[],
			       char *const envp[])
{
	return spawn_or_forward(pid, path, 0, fa, attr, argv, envp);
}

EGG_EXPORT int egg_posix_spawnp(pid_t *pid, const char *file,
				const posix_spawn_file_actions_t *fa,
				const posix_spawnattr_t *attr, char *const argv[],
				char *const envp[])
{
	return spawn_or_forward(pid, file, EGG__PS_SEARCH, fa, attr, argv, envp);
}
