/* SPDX-License-Identifier: MIT */
/* The op functions, grouped by what they act on; see lib/optable.c. */
#ifndef EGG_OPS_H
#define EGG_OPS_H

#include "optable.h"

/* What most op functions return: a system call's -errno, or 0. */
static inline int egg__zero_or_err(long r)
{
	return r < 0 ? (int)r : 0;
}

/* ops_proc.c: the process */
egg__op_fn egg__op_setsid, egg__op_setpgid, egg__op_setrlimit, egg__op_umask;
egg__op_check_fn egg__check_setrlimit;
/* ops_fd.c: the fd table */
egg__op_fn egg__op_open, egg__op_dup2, egg__op_close_range, egg__op_close;
egg__op_check_fn egg__check_close_range;
egg__op_fn egg__op_dup3, egg__op_cloexec, egg__op_keep;
/* ops_fdmap.c: the fd map */
egg__op_fn egg__op_fdmap;
/* ops_fs.c: the file system view */
egg__op_fn egg__op_chdir, egg__op_fchdir;
/* ops_signal.c: what the new program starts with */
egg__op_fn egg__op_sigmask, egg__op_sigdefault, egg__op_sigignore;

/* ops_cred.c: credentials */
egg__op_fn egg__op_setgroups, egg__op_setgid, egg__op_setresgid, egg__op_setuid,
	egg__op_setresuid;
/* ops_caps.c: capabilities and privilege hygiene */
egg__op_fn egg__op_capset, egg__op_ambient_raise, egg__op_ambient_clear,
	egg__op_bounding_drop, egg__op_keepcaps, egg__op_securebits,
	egg__op_no_new_privs, egg__op_pdeathsig;
/* The pdeathsig op's work, also done again before the exec (lib/spawn.c). */
int egg__pdeathsig_arm(int sig, int parent_pid) EGG_HIDDEN;
/* ops_sched.c: scheduling */
egg__op_fn egg__op_setpriority, egg__op_sched_setaffinity, egg__op_sched_setscheduler,
	egg__op_sched_setparam;
egg__op_check_fn egg__check_setpriority, egg__check_sched_setscheduler;
/* ops_tty.c: terminals */
egg__op_fn egg__op_setctty, egg__op_tcsetpgrp;
/* ops_ns.c: isolation */
egg__op_fn egg__op_unshare, egg__op_chroot, egg__op_sethostname;
egg__op_check_fn egg__check_sethostname;
/* ops_spawnfd.c: posix_spawn's file actions, exactly */
egg__op_fn egg__op_fa_close, egg__op_fa_open;

#endif /* EGG_OPS_H */
