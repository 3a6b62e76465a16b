/* SPDX-License-Identifier: MIT */
/*
 * The builder: every call, with the edge values of each operand, gives a
 * valid egg that decodes back to the same operands, or fails with the
 * documented error and leaves the egg exactly as it was.  Exact encodings
 * for a few instructions, the shortest LEB128 form, and errno left alone.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/close_range.h>
#include <linux/securebits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "egg-util.h"

#define INF ((int64_t)RLIM_INFINITY)
#define NONE UINT64_MAX		/* want[] of a string or list operand: unused */

static char path4095[4096], path4096[4097], host64[65], host65[66];
static uint32_t groups1024[1025];

enum variant { PLAIN, CAPSET_TEXT, NULL_ARG };

struct bcase {
	const char *name;
	unsigned int opcode;	/* what the call appends */
	enum variant variant;	/* NULL_ARG: the pointer argument is NULL */
	int64_t a[4];		/* the call's number arguments, in order */
	const char *s;		/* its string argument */
	size_t n;		/* its list argument */
	const uint32_t *list;
	int err;		/* what the call returns */
	uint64_t want[4];	/* the decoded number operands, by position */
};

#define L(...) sizeof((uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t), \
	(const uint32_t[]){ __VA_ARGS__ }

/* open(2) flags as eggs encode them (asm-generic), whatever the target. */
#define E_WRONLY 01
#define E_CREAT 0100
#define E_TRUNC 01000
#define E_APPEND 02000
#define E_DIRECTORY 0200000
#define E_NOFOLLOW 0400000
#define E_CLOEXEC 02000000

#define ALL_NS (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | \
		CLONE_NEWUSER | CLONE_NEWCGROUP | CLONE_NEWPID | CLONE_NEWTIME)

static const struct bcase cases[] = {
	{ "setsid", EGG_OP_SETSID, PLAIN, .a = { 0 } },
	{ "setpgid_0", EGG_OP_SETPGID, .a = { 0 }, .want = { 0 } },
	{ "setpgid_int_max", EGG_OP_SETPGID, .a = { INT_MAX }, .want = { INT_MAX } },
	{ "setpgid_negative_einval", EGG_OP_SETPGID, .a = { -1 }, .err = EINVAL },
	{ "open_fd_0_empty_path_rdonly_mode_0", EGG_OP_OPEN, .a = { 0, O_RDONLY, 0 }, .s = "",
	  .want = { 0, NONE, 0, 0 } },
	{ "open_fd_int_max_path_4095_mode_07777", EGG_OP_OPEN,
	  .a = { INT_MAX, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 07777 },
	  .s = path4095,
	  .want = { INT_MAX, NONE, E_WRONLY | E_CREAT | E_TRUNC | E_APPEND | E_CLOEXEC, 07777 } },
	{ "open_directory_nofollow_in_egg_encoding", EGG_OP_OPEN,
	  .a = { 3, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0 }, .s = "/",
	  .want = { 3, NONE, E_DIRECTORY | E_NOFOLLOW, 0 } },
	{ "open_path_4096_enametoolong", EGG_OP_OPEN, .a = { 0, O_RDONLY, 0 }, .s = path4096,
	  .err = ENAMETOOLONG },
	{ "open_negative_fd_einval", EGG_OP_OPEN, .a = { -1, O_RDONLY, 0 }, .s = "/",
	  .err = EINVAL },
	{ "open_null_path_einval", EGG_OP_OPEN, .a = { 0, O_RDONLY, 0 }, .s = NULL,
	  .err = EINVAL },
	{ "open_accmode_3_einval", EGG_OP_OPEN, .a = { 0, O_ACCMODE, 0 }, .s = "/",
	  .err = EINVAL },
	{ "open_o_async_einval", EGG_OP_OPEN, .a = { 0, O_RDONLY | O_ASYNC, 0 }, .s = "/",
	  .err = EINVAL },
	{ "open_mode_010000_einval", EGG_OP_OPEN, .a = { 0, O_RDONLY, 010000 }, .s = "/",
	  .err = EINVAL },
	{ "dup2_0_0", EGG_OP_DUP2, .a = { 0, 0 }, .want = { 0, 0 } },
	{ "dup2_int_max", EGG_OP_DUP2, .a = { INT_MAX, INT_MAX }, .want = { INT_MAX, INT_MAX } },
	{ "dup2_negative_oldfd_einval", EGG_OP_DUP2, .a = { -1, 0 }, .err = EINVAL },
	{ "dup2_negative_newfd_einval", EGG_OP_DUP2, .a = { 0, INT_MIN }, .err = EINVAL },
	{ "close_range_0_0", EGG_OP_CLOSE_RANGE, .a = { 0, 0, 0 }, .want = { 0, 0, 0 } },
	{ "close_range_0_uint_max_all_flags", EGG_OP_CLOSE_RANGE,
	  .a = { 0, UINT_MAX, CLOSE_RANGE_CLOEXEC | CLOSE_RANGE_UNSHARE },
	  .want = { 0, UINT_MAX, CLOSE_RANGE_CLOEXEC | CLOSE_RANGE_UNSHARE } },
	{ "close_range_uint_max_uint_max", EGG_OP_CLOSE_RANGE, .a = { UINT_MAX, UINT_MAX, 0 },
	  .want = { UINT_MAX, UINT_MAX, 0 } },
	{ "close_range_first_above_last_einval", EGG_OP_CLOSE_RANGE, .a = { 5, 4, 0 },
	  .err = EINVAL },
	{ "close_range_flag_1_einval", EGG_OP_CLOSE_RANGE, .a = { 0, 1, 1 }, .err = EINVAL },
	{ "close_range_flag_8_einval", EGG_OP_CLOSE_RANGE, .a = { 0, 1, 8 }, .err = EINVAL },
	{ "setrlimit_cpu_0_0", EGG_OP_SETRLIMIT, .a = { RLIMIT_CPU, 0, 0 }, .want = { 0, 0, 0 } },
	{ "setrlimit_rttime_infinity", EGG_OP_SETRLIMIT, .a = { RLIMIT_RTTIME, INF, INF },
	  .want = { RLIMIT_RTTIME, UINT64_MAX, UINT64_MAX } },
	{ "setrlimit_nofile_0_infinity", EGG_OP_SETRLIMIT, .a = { RLIMIT_NOFILE, 0, INF },
	  .want = { RLIMIT_NOFILE, 0, UINT64_MAX } },
	{ "setrlimit_resource_nlimits_einval", EGG_OP_SETRLIMIT, .a = { RLIM_NLIMITS, 0, 0 },
	  .err = EINVAL },
	{ "setrlimit_negative_resource_einval", EGG_OP_SETRLIMIT, .a = { -1, 0, 0 },
	  .err = EINVAL },
	{ "setrlimit_cur_above_max_einval", EGG_OP_SETRLIMIT, .a = { RLIMIT_CPU, 2, 1 },
	  .err = EINVAL },
	{ "setrlimit_cur_infinity_max_0_einval", EGG_OP_SETRLIMIT, .a = { RLIMIT_CPU, INF, 0 },
	  .err = EINVAL },
	{ "setrlimit_null_rlimit_einval", EGG_OP_SETRLIMIT, NULL_ARG, .a = { RLIMIT_CPU },
	  .err = EINVAL },
	{ "close_0", EGG_OP_CLOSE, .a = { 0 }, .want = { 0 } },
	{ "close_int_max", EGG_OP_CLOSE, .a = { INT_MAX }, .want = { INT_MAX } },
	{ "close_negative_einval", EGG_OP_CLOSE, .a = { -1 }, .err = EINVAL },
	{ "chdir_empty", EGG_OP_CHDIR, .s = "", .want = { NONE } },
	{ "chdir_4095", EGG_OP_CHDIR, .s = path4095, .want = { NONE } },
	{ "chdir_4096_enametoolong", EGG_OP_CHDIR, .s = path4096, .err = ENAMETOOLONG },
	{ "chdir_null_einval", EGG_OP_CHDIR, .s = NULL, .err = EINVAL },
	{ "fchdir_0", EGG_OP_FCHDIR, .a = { 0 }, .want = { 0 } },
	{ "fchdir_int_max", EGG_OP_FCHDIR, .a = { INT_MAX }, .want = { INT_MAX } },
	{ "fchdir_negative_einval", EGG_OP_FCHDIR, .a = { -1 }, .err = EINVAL },
	{ "umask_0", EGG_OP_UMASK, .a = { 0 }, .want = { 0 } },
	{ "umask_0777", EGG_OP_UMASK, .a = { 0777 }, .want = { 0777 } },
	{ "umask_01000_einval", EGG_OP_UMASK, .a = { 01000 }, .err = EINVAL },
	{ "sigmask_empty", EGG_OP_SIGMASK, .a = { 0 }, .want = { 0 } },
	{ "sigmask_1_10_64", EGG_OP_SIGMASK, .a = { 1 | 1 << 9 | INT64_MIN },
	  .want = { 1 | 1 << 9 | 1ULL << 63 } },
	{ "sigmask_null_einval", EGG_OP_SIGMASK, NULL_ARG, .err = EINVAL },
	{ "sigdefault_empty", EGG_OP_SIGDEFAULT, .a = { 0 }, .want = { 0 } },
	{ "sigdefault_1_10_64", EGG_OP_SIGDEFAULT, .a = { 1 | 1 << 9 | INT64_MIN },
	  .want = { 1 | 1 << 9 | 1ULL << 63 } },
	{ "sigdefault_null_einval", EGG_OP_SIGDEFAULT, NULL_ARG, .err = EINVAL },
	{ "setgroups_none", EGG_OP_SETGROUPS, .n = 0, .list = NULL, .want = { NONE } },
	{ "setgroups_0_1000_max", EGG_OP_SETGROUPS, .n = L(0, 1000, 0xfffffffe),
	  .want = { NONE } },
	{ "setgroups_1024", EGG_OP_SETGROUPS, .n = 1024, .list = groups1024, .want = { NONE } },
	{ "setgroups_1025_einval", EGG_OP_SETGROUPS, .n = 1025, .list = groups1024,
	  .err = EINVAL },
	{ "setgroups_minus_1_einval", EGG_OP_SETGROUPS, .n = L(0xffffffff), .err = EINVAL },
	{ "setgroups_null_einval", EGG_OP_SETGROUPS, .n = 1, .list = NULL, .err = EINVAL },
	{ "setgid_0", EGG_OP_SETGID, .a = { 0 }, .want = { 0 } },
	{ "setgid_max", EGG_OP_SETGID, .a = { 0xfffffffe }, .want = { 0xfffffffe } },
	{ "setgid_minus_1_einval", EGG_OP_SETGID, .a = { 0xffffffff }, .err = EINVAL },
	{ "setresgid_keep_all", EGG_OP_SETRESGID, .a = { 0xffffffff, 0xffffffff, 0xffffffff },
	  .want = { 0xffffffff, 0xffffffff, 0xffffffff } },
	{ "setresgid_0_1_max", EGG_OP_SETRESGID, .a = { 0, 1, 0xfffffffe },
	  .want = { 0, 1, 0xfffffffe } },
	{ "setuid_0", EGG_OP_SETUID, .a = { 0 }, .want = { 0 } },
	{ "setuid_max", EGG_OP_SETUID, .a = { 0xfffffffe }, .want = { 0xfffffffe } },
	{ "setuid_minus_1_einval", EGG_OP_SETUID, .a = { 0xffffffff }, .err = EINVAL },
	{ "setresuid_keep_all", EGG_OP_SETRESUID, .a = { 0xffffffff, 0xffffffff, 0xffffffff },
	  .want = { 0xffffffff, 0xffffffff, 0xffffffff } },
	{ "setresuid_1000_keep_0", EGG_OP_SETRESUID, .a = { 1000, 0xffffffff, 0 },
	  .want = { 1000, 0xffffffff, 0 } },
	{ "capset_none", EGG_OP_CAPSET, .a = { 0, 0, 0 }, .want = { 0, 0, 0 } },
	{ "capset_all_64_bits", EGG_OP_CAPSET, .a = { -1, -1, -1 },
	  .want = { UINT64_MAX, UINT64_MAX, UINT64_MAX } },
	{ "capset_distinct_sets", EGG_OP_CAPSET, .a = { 1, 1LL << 40, INT64_MIN },
	  .want = { 1, 1ULL << 40, 1ULL << 63 } },
	{ "capset_text_chown_net_bind_service_eip", EGG_OP_CAPSET, CAPSET_TEXT,
	  .s = "cap_chown,cap_net_bind_service=eip",
	  .want = { 1 | 1 << 10, 1 | 1 << 10, 1 | 1 << 10 } },
	{ "capset_text_kill_p", EGG_OP_CAPSET, CAPSET_TEXT, .s = "cap_kill=p",
	  .want = { 0, 1 << 5, 0 } },
	{ "capset_text_garbage_einval", EGG_OP_CAPSET, CAPSET_TEXT, .s = "cap_nonesuch=!x",
	  .err = EINVAL },
	{ "capset_text_null_einval", EGG_OP_CAPSET, CAPSET_TEXT, .s = NULL, .err = EINVAL },
	{ "ambient_raise_0", EGG_OP_AMBIENT_RAISE, .a = { 0 }, .want = { 0 } },
	{ "ambient_raise_63", EGG_OP_AMBIENT_RAISE, .a = { 63 }, .want = { 63 } },
	{ "ambient_raise_64_einval", EGG_OP_AMBIENT_RAISE, .a = { 64 }, .err = EINVAL },
	{ "ambient_raise_negative_einval", EGG_OP_AMBIENT_RAISE, .a = { -1 }, .err = EINVAL },
	{ "ambient_clear", EGG_OP_AMBIENT_CLEAR, PLAIN, .a = { 0 } },
	{ "bounding_drop_0", EGG_OP_BOUNDING_DROP, .a = { 0 }, .want = { 0 } },
	{ "bounding_drop_63", EGG_OP_BOUNDING_DROP, .a = { 63 }, .want = { 63 } },
	{ "bounding_drop_64_einval", EGG_OP_BOUNDING_DROP, .a = { 64 }, .err = EINVAL },
	{ "bounding_drop_negative_einval", EGG_OP_BOUNDING_DROP, .a = { -1 }, .err = EINVAL },
	{ "keepcaps_0", EGG_OP_KEEPCAPS, .a = { 0 }, .want = { 0 } },
	{ "keepcaps_1", EGG_OP_KEEPCAPS, .a = { 1 }, .want = { 1 } },
	{ "keepcaps_5_is_1", EGG_OP_KEEPCAPS, .a = { 5 }, .want = { 1 } },
	{ "securebits_0", EGG_OP_SECUREBITS, .a = { 0 }, .want = { 0 } },
	{ "securebits_all_bits_and_locks", EGG_OP_SECUREBITS,
	  .a = { SECURE_ALL_BITS | SECURE_ALL_LOCKS },
	  .want = { SECURE_ALL_BITS | SECURE_ALL_LOCKS } },
	{ "securebits_unknown_bit_einval", EGG_OP_SECUREBITS, .a = { 1 << 20 }, .err = EINVAL },
	{ "no_new_privs", EGG_OP_NO_NEW_PRIVS, PLAIN, .a = { 0 } },
	{ "pdeathsig_none", EGG_OP_PDEATHSIG, .a = { 0 }, .want = { 0 } },
	{ "pdeathsig_64", EGG_OP_PDEATHSIG, .a = { 64 }, .want = { 64 } },
	{ "pdeathsig_65_einval", EGG_OP_PDEATHSIG, .a = { 65 }, .err = EINVAL },
	{ "pdeathsig_negative_einval", EGG_OP_PDEATHSIG, .a = { -1 }, .err = EINVAL },
	{ "setpriority_minus_20", EGG_OP_SETPRIORITY, .a = { -20 }, .want = { (uint64_t)-20 } },
	{ "setpriority_19", EGG_OP_SETPRIORITY, .a = { 19 }, .want = { 19 } },
	{ "setpriority_20_einval", EGG_OP_SETPRIORITY, .a = { 20 }, .err = EINVAL },
	{ "setpriority_minus_21_einval", EGG_OP_SETPRIORITY, .a = { -21 }, .err = EINVAL },
	{ "setpriority_int_min_einval", EGG_OP_SETPRIORITY, .a = { INT_MIN }, .err = EINVAL },
	{ "sched_setaffinity_cpu_0", EGG_OP_SCHED_SETAFFINITY, .n = L(0), .want = { NONE } },
	{ "sched_setaffinity_0_and_1023", EGG_OP_SCHED_SETAFFINITY, .n = L(0, 1023),
	  .want = { NONE } },
	{ "sched_setaffinity_1024_einval", EGG_OP_SCHED_SETAFFINITY, .n = L(1024),
	  .err = EINVAL },
	{ "sched_setaffinity_repeated_einval", EGG_OP_SCHED_SETAFFINITY, .n = L(1, 1),
	  .err = EINVAL },
	{ "sched_setaffinity_descending_einval", EGG_OP_SCHED_SETAFFINITY, .n = L(2, 1),
	  .err = EINVAL },
	{ "sched_setaffinity_null_einval", EGG_OP_SCHED_SETAFFINITY, .n = 1, .list = NULL,
	  .err = EINVAL },
	{ "sched_setscheduler_other_0", EGG_OP_SCHED_SETSCHEDULER, .a = { SCHED_OTHER, 0 },
	  .want = { SCHED_OTHER, 0 } },
	{ "sched_setscheduler_fifo_1", EGG_OP_SCHED_SETSCHEDULER, .a = { SCHED_FIFO, 1 },
	  .want = { SCHED_FIFO, 1 } },
	{ "sched_setscheduler_rr_99", EGG_OP_SCHED_SETSCHEDULER, .a = { SCHED_RR, 99 },
	  .want = { SCHED_RR, 99 } },
	{ "sched_setscheduler_idle_reset_on_fork", EGG_OP_SCHED_SETSCHEDULER,
	  .a = { SCHED_IDLE | SCHED_RESET_ON_FORK, 0 },
	  .want = { SCHED_IDLE | SCHED_RESET_ON_FORK, 0 } },
	{ "sched_setscheduler_fifo_0_einval", EGG_OP_SCHED_SETSCHEDULER, .a = { SCHED_FIFO, 0 },
	  .err = EINVAL },
	{ "sched_setscheduler_fifo_100_einval", EGG_OP_SCHED_SETSCHEDULER,
	  .a = { SCHED_FIFO, 100 }, .err = EINVAL },
	{ "sched_setscheduler_other_1_einval", EGG_OP_SCHED_SETSCHEDULER,
	  .a = { SCHED_OTHER, 1 }, .err = EINVAL },
	{ "sched_setscheduler_policy_4_einval", EGG_OP_SCHED_SETSCHEDULER, .a = { 4, 0 },
	  .err = EINVAL },
	{ "sched_setscheduler_negative_einval", EGG_OP_SCHED_SETSCHEDULER, .a = { -1, 0 },
	  .err = EINVAL },
	{ "setctty_0", EGG_OP_SETCTTY, .a = { 0 }, .want = { 0 } },
	{ "setctty_int_max", EGG_OP_SETCTTY, .a = { INT_MAX }, .want = { INT_MAX } },
	{ "setctty_negative_einval", EGG_OP_SETCTTY, .a = { -1 }, .err = EINVAL },
	{ "tcsetpgrp_0", EGG_OP_TCSETPGRP, .a = { 0 }, .want = { 0 } },
	{ "tcsetpgrp_int_max", EGG_OP_TCSETPGRP, .a = { INT_MAX }, .want = { INT_MAX } },
	{ "tcsetpgrp_negative_einval", EGG_OP_TCSETPGRP, .a = { -1 }, .err = EINVAL },
	{ "dup3_0_1_no_cloexec", EGG_OP_DUP3, .a = { 0, 1, 0 }, .want = { 0, 1, 0 } },
	{ "dup3_int_max_0_cloexec_7_is_1", EGG_OP_DUP3, .a = { INT_MAX, 0, 7 },
	  .want = { INT_MAX, 0, 1 } },
	{ "dup3_negative_einval", EGG_OP_DUP3, .a = { -1, 0, 0 }, .err = EINVAL },
	{ "cloexec_0_off", EGG_OP_CLOEXEC, .a = { 0, 0 }, .want = { 0, 0 } },
	{ "cloexec_int_max_on_9_is_1", EGG_OP_CLOEXEC, .a = { INT_MAX, 9 },
	  .want = { INT_MAX, 1 } },
	{ "cloexec_negative_einval", EGG_OP_CLOEXEC, .a = { -1, 1 }, .err = EINVAL },
	{ "keep_none", EGG_OP_KEEP, .n = 0, .list = NULL, .want = { NONE } },
	{ "keep_0_1_2", EGG_OP_KEEP, .n = L(0, 1, 2), .want = { NONE } },
	{ "keep_int_max", EGG_OP_KEEP, .n = L(INT_MAX), .want = { NONE } },
	{ "keep_descending_einval", EGG_OP_KEEP, .n = L(2, 1), .err = EINVAL },
	{ "keep_repeated_einval", EGG_OP_KEEP, .n = L(1, 1), .err = EINVAL },
	{ "keep_negative_einval", EGG_OP_KEEP, .n = L(0xffffffff), .err = EINVAL },
	{ "fdmap_none", EGG_OP_FDMAP, .n = 0, .list = NULL, .want = { NONE } },
	{ "fdmap_swap_close_repeat", EGG_OP_FDMAP, .n = L(1, 0, 0xffffffff, 1),
	  .want = { NONE } },
	{ "fdmap_int_max", EGG_OP_FDMAP, .n = L(INT_MAX), .want = { NONE } },
	{ "fdmap_minus_2_einval", EGG_OP_FDMAP, .n = L(0xfffffffe), .err = EINVAL },
	{ "fdmap_int_min_einval", EGG_OP_FDMAP, .n = L(0x80000000), .err = EINVAL },
	{ "unshare_newns", EGG_OP_UNSHARE, .a = { CLONE_NEWNS }, .want = { CLONE_NEWNS } },
	{ "unshare_every_namespace", EGG_OP_UNSHARE, .a = { ALL_NS }, .want = { ALL_NS } },
	{ "unshare_nothing_einval", EGG_OP_UNSHARE, .a = { 0 }, .err = EINVAL },
	{ "unshare_clone_files_einval", EGG_OP_UNSHARE, .a = { CLONE_NEWNS | CLONE_FILES },
	  .err = EINVAL },
	{ "chroot_root", EGG_OP_CHROOT, .s = "/", .want = { NONE } },
	{ "chroot_4095", EGG_OP_CHROOT, .s = path4095, .want = { NONE } },
	{ "chroot_4096_enametoolong", EGG_OP_CHROOT, .s = path4096, .err = ENAMETOOLONG },
	{ "chroot_null_einval", EGG_OP_CHROOT, .s = NULL, .err = EINVAL },
	{ "sethostname_empty", EGG_OP_SETHOSTNAME, .s = "", .want = { NONE } },
	{ "sethostname_64", EGG_OP_SETHOSTNAME, .s = host64, .want = { NONE } },
	{ "sethostname_65_einval", EGG_OP_SETHOSTNAME, .s = host65, .err = EINVAL },
	{ "sethostname_null_einval", EGG_OP_SETHOSTNAME, .s = NULL, .err = EINVAL },
	{ "sigignore_pipe_rtmax", EGG_OP_SIGIGNORE, .a = { 1 << 12 | 1ULL << 63 },
	  .want = { 1 << 12 | 1ULL << 63 } },
	{ "sigignore_null_einval", EGG_OP_SIGIGNORE, NULL_ARG, .err = EINVAL },
	{ "sched_setparam_0", EGG_OP_SCHED_SETPARAM, .a = { 0 }, .want = { 0 } },
	{ "sched_setparam_99", EGG_OP_SCHED_SETPARAM, .a = { 99 }, .want = { 99 } },
	{ "sched_setparam_negative_einval", EGG_OP_SCHED_SETPARAM, .a = { -1 }, .err = EINVAL },
	{ "fa_close_int_max", EGG_OP_FA_CLOSE, .a = { INT_MAX }, .want = { INT_MAX } },
	{ "fa_close_negative_einval", EGG_OP_FA_CLOSE, .a = { -1 }, .err = EINVAL },
	{ "fa_open_fd_5_cloexec", EGG_OP_FA_OPEN, .a = { 5, O_RDONLY | O_CLOEXEC, 0644 },
	  .s = "/dev/null", .want = { 5, NONE, E_CLOEXEC, 0644 } },
	{ "fa_open_path_4096_enametoolong", EGG_OP_FA_OPEN, .a = { 0, O_RDONLY, 0 },
	  .s = path4096, .err = ENAMETOOLONG },
	{ "fa_open_null_path_einval", EGG_OP_FA_OPEN, .a = { 0, O_RDONLY, 0 }, .s = NULL,
	  .err = EINVAL },
};

static void sigset_from_bits(sigset_t *set, uint64_t bits)
{
	int sig;

	sigemptyset(set);
	for (sig = 1; sig <= 64; sig++)
		if (bits & 1ULL << (sig - 1))
			ck_assert_int_eq(sigaddset(set, sig), 0);
}

static int call_fd_ops(struct egg *e, const struct bcase *c)
{
	const int64_t *a = c->a;

	switch (c->opcode) {
	case EGG_OP_OPEN:
		return egg_open(e, (int)a[0], c->s, (int)a[1], (mode_t)a[2]);
	case EGG_OP_DUP2:
		return egg_dup2(e, (int)a[0], (int)a[1]);
	case EGG_OP_CLOSE_RANGE:
		return egg_close_range(e, (unsigned int)a[0], (unsigned int)a[1],
				       (unsigned int)a[2]);
	case EGG_OP_CLOSE:
		return egg_close(e, (int)a[0]);
	case EGG_OP_DUP3:
		return egg_dup3(e, (int)a[0], (int)a[1], (int)a[2]);
	case EGG_OP_CLOEXEC:
		return egg_cloexec(e, (int)a[0], (int)a[1]);
	case EGG_OP_KEEP:
		return egg_keep(e, c->n, (const int *)c->list);
	case EGG_OP_FA_CLOSE:
		return egg_fa_close(e, (int)a[0]);
	case EGG_OP_FA_OPEN:
		return egg_fa_open(e, (int)a[0], c->s, (int)a[1], (mode_t)a[2]);
	case EGG_OP_FDMAP:
		return egg_fdmap(e, c->n, (const int *)c->list);
	}
	return -1;
}

static int call_process_ops(struct egg *e, const struct bcase *c)
{
	const int64_t *a = c->a;
	struct rlimit rl = { (rlim_t)a[1], (rlim_t)a[2] };
	sigset_t set;

	switch (c->opcode) {
	case EGG_OP_SETSID:
		return egg_setsid(e);
	case EGG_OP_SETPGID:
		return egg_setpgid(e, (pid_t)a[0]);
	case EGG_OP_SETRLIMIT:
		return egg_setrlimit(e, (int)a[0], c->variant == NULL_ARG ? NULL : &rl);
	case EGG_OP_CHDIR:
		return egg_chdir(e, c->s);
	case EGG_OP_FCHDIR:
		return egg_fchdir(e, (int)a[0]);
	case EGG_OP_UMASK:
		return egg_umask(e, (mode_t)a[0]);
	case EGG_OP_SIGMASK:
		sigset_from_bits(&set, (uint64_t)a[0]);
		return egg_sigmask(e, c->variant == NULL_ARG ? NULL : &set);
	case EGG_OP_SIGDEFAULT:
		sigset_from_bits(&set, (uint64_t)a[0]);
		return egg_sigdefault(e, c->variant == NULL_ARG ? NULL : &set);
	case EGG_OP_SIGIGNORE:
		sigset_from_bits(&set, (uint64_t)a[0]);
		return egg_sigignore(e, c->variant == NULL_ARG ? NULL : &set);
	case EGG_OP_SCHED_SETPARAM:
		return egg_sched_setparam(e, (int)a[0]);
	case EGG_OP_PDEATHSIG:
		return egg_pdeathsig(e, (int)a[0]);
	case EGG_OP_SETPRIORITY:
		return egg_setpriority(e, (int)a[0]);
	case EGG_OP_SCHED_SETAFFINITY:
		return egg_sched_setaffinity(e, c->n, c->list);
	case EGG_OP_SCHED_SETSCHEDULER:
		return egg_sched_setscheduler(e, (int)a[0], (int)a[1]);
	case EGG_OP_SETCTTY:
		return egg_setctty(e, (int)a[0]);
	case EGG_OP_TCSETPGRP:
		return egg_tcsetpgrp(e, (int)a[0]);
	case EGG_OP_UNSHARE:
		return egg_unshare(e, (int)a[0]);
	case EGG_OP_CHROOT:
		return egg_chroot(e, c->s);
	case EGG_OP_SETHOSTNAME:
		return egg_sethostname(e, c->s);
	case EGG_OP_NO_NEW_PRIVS:
		return egg_no_new_privs(e);
	}
	return call_fd_ops(e, c);
}

static int call(struct egg *e, const struct bcase *c)
{
	const int64_t *a = c->a;

	switch (c->opcode) {
	case EGG_OP_SETGROUPS:
		return egg_setgroups(e, c->n, c->list);
	case EGG_OP_SETGID:
		return egg_setgid(e, (gid_t)a[0]);
	case EGG_OP_SETRESGID:
		return egg_setresgid(e, (gid_t)a[0], (gid_t)a[1], (gid_t)a[2]);
	case EGG_OP_SETUID:
		return egg_setuid(e, (uid_t)a[0]);
	case EGG_OP_SETRESUID:
		return egg_setresuid(e, (uid_t)a[0], (uid_t)a[1], (uid_t)a[2]);
	case EGG_OP_CAPSET:
		if (c->variant == CAPSET_TEXT)
			return egg_capset_text(e, c->s);
		return egg_capset(e, (uint64_t)a[0], (uint64_t)a[1], (uint64_t)a[2]);
	case EGG_OP_AMBIENT_RAISE:
		return egg_ambient_raise(e, (int)a[0]);
	case EGG_OP_AMBIENT_CLEAR:
		return egg_ambient_clear(e);
	case EGG_OP_BOUNDING_DROP:
		return egg_bounding_drop(e, (int)a[0]);
	case EGG_OP_KEEPCAPS:
		return egg_keepcaps(e, (int)a[0]);
	case EGG_OP_SECUREBITS:
		return egg_securebits(e, (unsigned int)a[0]);
	}
	return call_process_ops(e, c);
}

static void expect_operand(const struct bcase *c, const struct egg_insn *insn,
			   const struct egg_op_info *info, unsigned int i)
{
	const union egg_value *v = &insn->operand[i];
	uint32_t item;
	size_t k;

	switch (info->operand[i]) {
	case EGG_OPERAND_PATH:
	case EGG_OPERAND_STRING:
		ck_assert_msg(v->str.len == strlen(c->s) && !memcmp(v->str.ptr, c->s, v->str.len),
			      "%s: string operand %u differs", c->name, i);
		break;
	case EGG_OPERAND_IDLIST:
	case EGG_OPERAND_FDLIST:
	case EGG_OPERAND_CPULIST:
	case EGG_OPERAND_FDMAP:
		ck_assert_uint_eq(v->list.count, c->n);
		for (k = 0; k < c->n; k++) {
			ck_assert_int_eq(egg_list_item(v, k, &item), 0);
			ck_assert_uint_eq(item, c->list[k]);
		}
		ck_assert_int_eq(egg_list_item(v, c->n, &item), EINVAL);
		break;
	case EGG_OPERAND_INT:
		ck_assert_msg(v->i == (int64_t)c->want[i], "%s: operand %u is %lld, want %lld",
			      c->name, i, (long long)v->i, (long long)c->want[i]);
		break;
	default:
		ck_assert_msg(v->u == c->want[i], "%s: operand %u is %llu, want %llu", c->name, i,
			      (unsigned long long)v->u, (unsigned long long)c->want[i]);
	}
}

/* The instruction after a umask prefix decodes to the case's operands,
 * and appending the decoded instruction gives the same bytes again. */
static void expect_round_trip(const struct bcase *c, struct egg *e, size_t prefix)
{
	struct egg_op_info info;
	struct egg_insn insn;
	struct egg *again = t_egg();
	size_t off = prefix, bad = 0;
	unsigned int i;

	ck_assert_msg(egg_validate(egg_data(e), egg_size(e), &bad) == 0,
		      "%s: invalid at %zu", c->name, bad);
	ck_assert_int_eq(egg_decode(egg_data(e), egg_size(e), &off, &insn), 0);
	ck_assert_uint_eq(insn.opcode, c->opcode);
	ck_assert_uint_eq(insn.offset, prefix);
	ck_assert_uint_eq(insn.size, egg_size(e) - prefix);
	ck_assert_uint_eq(off, egg_size(e));
	ck_assert_int_eq(egg_op_info(c->opcode, &info), 0);
	ck_assert_uint_eq(insn.noperands, info.noperands);
	for (i = 0; i < info.noperands; i++)
		expect_operand(c, &insn, &info, i);
	ck_assert_int_eq(egg_decode(egg_data(e), egg_size(e), &off, &insn), ENODATA);

	off = prefix;
	ck_assert_int_eq(egg_decode(egg_data(e), egg_size(e), &off, &insn), 0);
	ck_assert_int_eq(egg_append(again, &insn), 0);
	ck_assert_uint_eq(egg_size(again), egg_size(e) - prefix);
	ck_assert_msg(!memcmp(egg_data(again), (const uint8_t *)egg_data(e) + prefix,
			      egg_size(again)), "%s: re-encoded bytes differ", c->name);
	egg_free(again);
}

START_TEST(builder_call_round_trip)
{
	const struct bcase *c = &cases[_i];
	struct egg *e = t_egg();
	size_t size, count;
	uint8_t before[16];
	int err;

	ck_assert_int_eq(egg_umask(e, 022), 0);
	size = egg_size(e);
	count = egg_count(e);
	memcpy(before, egg_data(e), size);
	errno = ENOTUNIQ;
	err = call(e, c);
	ck_assert_msg(errno == ENOTUNIQ, "%s: errno changed to %d", c->name, errno);
	ck_assert_msg(err == c->err, "%s: returned %d (%s), want %d (%s)", c->name, err,
		      strerror(err), c->err, strerror(c->err));
	if (err) {
		ck_assert_uint_eq(egg_size(e), size);
		ck_assert_uint_eq(egg_count(e), count);
		ck_assert(!memcmp(egg_data(e), before, size));
		ck_assert_int_eq(egg_umask(e, 0), 0);
		ck_assert_uint_eq(egg_count(e), count + 1);
	} else {
		ck_assert_uint_eq(egg_count(e), count + 1);
		ck_assert(!memcmp(egg_data(e), before, size));
		expect_round_trip(c, e, size);
	}
	egg_free(e);
}
END_TEST

/* A NULL egg is EINVAL; a call with bad arguments too may say either. */
START_TEST(builder_call_on_null_egg_fails)
{
	const struct bcase *c = &cases[_i];
	int err;

	errno = ENOTUNIQ;
	err = call(NULL, c);
	ck_assert_int_eq(errno, ENOTUNIQ);
	if (c->err)
		ck_assert_msg(err == EINVAL || err == c->err, "%s: returned %d", c->name, err);
	else
		ck_assert_msg(err == EINVAL, "%s: returned %d", c->name, err);
}
END_TEST

/* Every opcode has at least one case that builds it (an opcode may be
 * reserved for an op this tree does not have yet). */
START_TEST(every_op_has_a_builder_case)
{
	unsigned int op, seen, nops = 0;
	size_t i;

	for (op = 1; op <= EGG_OP_LAST; op++) {
		if (!egg_op_supported(op))
			continue;
		nops++;
		seen = 0;
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
			seen += cases[i].opcode == op && !cases[i].err;
		ck_assert_msg(seen > 0, "no builder case for opcode %u", op);
	}
	ck_assert_uint_ge(nops, EGG_OP_SETHOSTNAME);
}
END_TEST

struct enc_case {
	const char *name;
	int (*build)(struct egg *e);
	size_t len;
	uint8_t bytes[32];
};

static int enc_setpgid_0(struct egg *e)
{
	return egg_setpgid(e, 0);
}

static int enc_open_dev_null(struct egg *e)
{
	return egg_open(e, 0, "/dev/null", O_RDONLY, 0);
}

static int enc_setsid(struct egg *e)
{
	return egg_setsid(e);
}

static int enc_dup2_1_2(struct egg *e)
{
	return egg_dup2(e, 1, 2);
}

static int enc_close_range_3_all_cloexec(struct egg *e)
{
	return egg_close_range(e, 3, ~0U, CLOSE_RANGE_CLOEXEC);
}

static int enc_setrlimit_nofile_1024_inf(struct egg *e)
{
	struct rlimit rl = { 1024, RLIM_INFINITY };

	return egg_setrlimit(e, RLIMIT_NOFILE, &rl);
}

static int enc_close_128(struct egg *e)
{
	return egg_close(e, 128);
}

static int enc_chdir_root(struct egg *e)
{
	return egg_chdir(e, "/");
}

static int enc_umask_022(struct egg *e)
{
	return egg_umask(e, 022);
}

static int enc_sigmask_int_term(struct egg *e)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	return egg_sigmask(e, &set);
}

static int enc_setpriority_minus_1(struct egg *e)
{
	return egg_setpriority(e, -1);
}

static int enc_setgroups_0_1000(struct egg *e)
{
	static const gid_t g[] = { 0, 1000 };

	return egg_setgroups(e, 2, g);
}

#define BYTES(...) sizeof((uint8_t[]){ __VA_ARGS__ }), { __VA_ARGS__ }
#define FF9 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff

static const struct enc_case encodings[] = {
	{ "setpgid_0_is_02_00", enc_setpgid_0, BYTES(0x02, 0x00) },
	{ "open_0_dev_null_rdonly_0", enc_open_dev_null,
	  BYTES(0x03, 0x00, 0x09, '/', 'd', 'e', 'v', '/', 'n', 'u', 'l', 'l', 0x00, 0x00) },
	{ "setsid_is_01", enc_setsid, BYTES(0x01) },
	{ "dup2_1_2", enc_dup2_1_2, BYTES(0x04, 0x01, 0x02) },
	{ "close_range_3_uint_max_cloexec", enc_close_range_3_all_cloexec,
	  BYTES(0x05, 0x03, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x04) },
	{ "setrlimit_nofile_1024_infinity", enc_setrlimit_nofile_1024_inf,
	  BYTES(0x06, 0x07, 0x80, 0x08, FF9, 0x01) },
	{ "close_128_two_byte_fd", enc_close_128, BYTES(0x07, 0x80, 0x01) },
	{ "chdir_root", enc_chdir_root, BYTES(0x08, 0x01, '/') },
	{ "umask_022", enc_umask_022, BYTES(0x0a, 0x12) },
	{ "sigmask_sigint_sigterm", enc_sigmask_int_term, BYTES(0x0b, 0x82, 0x80, 0x01) },
	{ "setpriority_minus_1_sleb", enc_setpriority_minus_1, BYTES(0x1a, 0x7f) },
	{ "setgroups_0_1000", enc_setgroups_0_1000, BYTES(0x0d, 0x02, 0x00, 0xe8, 0x07) },
};

START_TEST(exact_encoding)
{
	const struct enc_case *c = &encodings[_i];
	struct egg *e = t_egg();

	ck_assert_int_eq(c->build(e), 0);
	ck_assert_msg(egg_size(e) == c->len, "%s: %zu bytes, want %zu", c->name,
		      egg_size(e), c->len);
	ck_assert_msg(!memcmp(egg_data(e), c->bytes, c->len), "%s: bytes differ", c->name);
	ck_assert_uint_eq(egg_count(e), 1);
	egg_free(e);
}
END_TEST

/* A number operand takes the fewest bytes: setrlimit's cur shows it. */
static const struct {
	uint64_t value;
	size_t len;
} leb_sizes[] = {
	{ 0, 1 }, { 1, 1 }, { 127, 1 }, { 128, 2 }, { 16383, 2 }, { 16384, 3 },
	{ 0xffffffffULL, 5 }, { 1ULL << 35, 6 }, { 1ULL << 63, 10 }, { UINT64_MAX, 10 },
};

START_TEST(number_operand_shortest_leb128)
{
	struct rlimit rl = { leb_sizes[_i].value, RLIM_INFINITY };
	struct egg *e = t_egg();
	const uint8_t *b;
	size_t n = leb_sizes[_i].len, k;
	uint64_t v = 0;

	ck_assert_int_eq(egg_setrlimit(e, RLIMIT_CPU, &rl), 0);
	ck_assert_uint_eq(egg_size(e), 2 + n + 10);
	b = (const uint8_t *)egg_data(e) + 2;
	for (k = 0; k < n; k++) {
		ck_assert_msg(!!(b[k] & 0x80) == (k + 1 < n), "byte %zu: continuation bit", k);
		v |= (uint64_t)(b[k] & 0x7f) << (7 * k);
	}
	ck_assert_uint_eq(v, leb_sizes[_i].value);
	egg_free(e);
}
END_TEST

START_TEST(new_egg_is_empty_and_valid)
{
	struct egg *e;
	size_t bad = 7777;

	errno = ENOTUNIQ;
	e = egg_new();
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(egg_size(e), 0);
	ck_assert_uint_eq(egg_count(e), 0);
	/* Never NULL: callers memcpy() it with its size of 0. */
	ck_assert_ptr_nonnull(egg_data(e));
	ck_assert_int_eq(egg_validate(egg_data(e), egg_size(e), &bad), 0);
	egg_free(e);
	egg_free(NULL);
	ck_assert_int_eq(errno, ENOTUNIQ);
	ck_assert_uint_eq(egg_size(NULL), 0);
	ck_assert_uint_eq(egg_count(NULL), 0);
	ck_assert_ptr_null(egg_data(NULL));
}
END_TEST

START_TEST(reset_empties_and_egg_builds_again)
{
	struct egg *e = t_egg();

	ck_assert_int_eq(egg_setsid(e), 0);
	ck_assert_int_eq(egg_chdir(e, path4095), 0);
	errno = ENOTUNIQ;
	ck_assert_int_eq(egg_reset(e), 0);
	ck_assert_int_eq(errno, ENOTUNIQ);
	ck_assert_uint_eq(egg_size(e), 0);
	ck_assert_uint_eq(egg_count(e), 0);
	ck_assert_int_eq(egg_setpgid(e, 0), 0);
	ck_assert_uint_eq(egg_size(e), 2);
	ck_assert(!memcmp(egg_data(e), "\x02\x00", 2));
	ck_assert_int_eq(egg_reset(NULL), EINVAL);
	egg_free(e);
}
END_TEST

/* The buffer grows many times (realloc) and errno never moves. */
START_TEST(errno_left_alone_while_growing)
{
	struct egg *e = t_egg();
	size_t bad = 1, i;

	errno = ENOTUNIQ;
	for (i = 0; i < 2000; i++) {
		ck_assert_int_eq(egg_chdir(e, path4095 + (i % 4000)), 0);
		ck_assert_int_eq(egg_close_range(e, 3, ~0U, 0), 0);
	}
	ck_assert_int_eq(errno, ENOTUNIQ);
	ck_assert_uint_eq(egg_count(e), 4000);
	ck_assert_int_eq(egg_validate(egg_data(e), egg_size(e), &bad), 0);
	ck_assert_int_eq(errno, ENOTUNIQ);
	egg_free(e);
}
END_TEST

/* The calls that read rather than build leave errno alone too, on
 * success and on failure. */
START_TEST(errno_left_alone_by_readers)
{
	static const uint8_t code[] = { 0x0d, 0x02, 0x05, 0x07 };
	uint64_t eff, prm, inh;
	struct egg_insn insn;
	size_t off = 0;
	uint32_t item;

	errno = ENOTUNIQ;
	ck_assert_int_eq(egg_decode(code, sizeof(code), &off, &insn), 0);
	ck_assert_int_eq(egg_list_item(&insn.operand[0], 1, &item), 0);
	ck_assert_uint_eq(item, 7);
	ck_assert_int_eq(egg_list_item(&insn.operand[0], 2, &item), EINVAL);
	ck_assert_int_eq(egg_decode(code, sizeof(code), &off, &insn), ENODATA);
	off = sizeof(code) + 1;
	ck_assert_int_eq(egg_decode(code, sizeof(code), &off, &insn), EINVAL);
	ck_assert_int_eq(egg_caps_from_text("cap_kill=ep", &eff, &prm, &inh), 0);
	ck_assert_uint_eq(eff, 1 << 5);
	ck_assert_int_eq(egg_caps_from_text("no such thing=", &eff, &prm, &inh), EINVAL);
	ck_assert_uint_ne(egg_version(), 0);
	ck_assert_ptr_nonnull(egg_version_string());
	ck_assert_int_eq(errno, ENOTUNIQ);
}
END_TEST

struct append_case {
	const char *name;
	struct egg_insn insn;
	int err;
};

static const struct append_case appends[] = {
	{ "unknown_opcode", { .opcode = EGG_OP_LAST + 1 }, EINVAL },
	{ "opcode_0", { .opcode = 0 }, EINVAL },
	{ "too_few_operands", { .opcode = EGG_OP_DUP2, .noperands = 1 }, EINVAL },
	{ "too_many_operands", { .opcode = EGG_OP_SETSID, .noperands = 1 }, EINVAL },
	{ "fd_above_int_max", { .opcode = EGG_OP_CLOSE, .noperands = 1,
				.operand = { { .u = 1ULL << 31 } } }, EINVAL },
	{ "string_with_null_pointer", { .opcode = EGG_OP_CHDIR, .noperands = 1,
					.operand = { { .str = { NULL, 3 } } } }, EINVAL },
	{ "string_with_nul_inside", { .opcode = EGG_OP_CHDIR, .noperands = 1,
				      .operand = { { .str = { "a\0b", 3 } } } }, EINVAL },
	{ "string_4096_long", { .opcode = EGG_OP_CHDIR, .noperands = 1,
				.operand = { { .str = { path4096, 4096 } } } }, ENAMETOOLONG },
	{ "string_length_stops_before_nul", { .opcode = EGG_OP_CHDIR, .noperands = 1,
					      .operand = { { .str = { "ab\0", 2 } } } }, 0 },
	{ "list_above_max", { .opcode = EGG_OP_SETGROUPS, .noperands = 1,
			      .operand = { { .list = { groups1024, 1025 } } } }, EINVAL },
};

START_TEST(append_checks_the_instruction)
{
	const struct append_case *c = &appends[_i];
	struct egg *e = t_egg();
	size_t bad = 1;

	errno = ENOTUNIQ;
	ck_assert_msg(egg_append(e, &c->insn) == c->err, "%s: wrong result", c->name);
	ck_assert_int_eq(errno, ENOTUNIQ);
	ck_assert_uint_eq(egg_count(e), !c->err);
	ck_assert_int_eq(egg_validate(egg_data(e), egg_size(e), &bad), 0);
	ck_assert_int_eq(egg_append(e, NULL), EINVAL);
	ck_assert_int_eq(egg_append(NULL, &c->insn), EINVAL);
	egg_free(e);
}
END_TEST


static void fill_edges(void)
{
	size_t i;

	memset(path4095, 'a', 4095);
	memset(path4096, 'b', 4096);
	memset(host64, 'h', 64);
	memset(host65, 'h', 65);
	for (i = 0; i < 1025; i++)
		groups1024[i] = (uint32_t)(i * 4099);
}

int main(void)
{
	Suite *s = suite_create("egg-builder");
	TCase *tc;

	fill_edges();
	tc = t_tcase(s, "round_trip", 30);
	tcase_add_loop_test(tc, builder_call_round_trip, 0, T_ARRAY_SIZE(cases));
	tcase_add_loop_test(tc, builder_call_on_null_egg_fails, 0, T_ARRAY_SIZE(cases));
	tcase_add_test(tc, every_op_has_a_builder_case);
	tc = t_tcase(s, "encoding", 30);
	tcase_add_loop_test(tc, exact_encoding, 0, T_ARRAY_SIZE(encodings));
	tcase_add_loop_test(tc, number_operand_shortest_leb128, 0, T_ARRAY_SIZE(leb_sizes));
	tc = t_tcase(s, "lifecycle", 30);
	tcase_add_test(tc, new_egg_is_empty_and_valid);
	tcase_add_test(tc, reset_empties_and_egg_builds_again);
	tcase_add_test(tc, errno_left_alone_while_growing);
	tcase_add_test(tc, errno_left_alone_by_readers);
	tcase_add_loop_test(tc, append_checks_the_instruction, 0, T_ARRAY_SIZE(appends));
	return t_run(s);
}
