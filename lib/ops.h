/* SPDX-License-Identifier: MIT */
/* The op functions, grouped by what they act on; see lib/optable.c. */
#ifndef EGG_OPS_H
#define EGG_OPS_H

#include "optable.h"

/* ops_proc.c: the process */
egg__op_fn egg__op_setsid, egg__op_setpgid, egg__op_setrlimit, egg__op_umask;
egg__op_check_fn egg__check_setrlimit;
/* ops_fd.c: the fd table */
egg__op_fn egg__op_open, egg__op_dup2, egg__op_close_range, egg__op_close;
egg__op_check_fn egg__check_close_range;
/* ops_fs.c: the file system view */
egg__op_fn egg__op_chdir, egg__op_fchdir;
/* ops_signal.c: what the new program starts with */
egg__op_fn egg__op_sigmask, egg__op_sigdefault;

#endif /* EGG_OPS_H */
