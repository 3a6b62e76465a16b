/* SPDX-License-Identifier: MIT */
/*
 * The constant tables of eggasm's text form.  Open flags use the egg
 * encoding (asm-generic values, egg(7)), not this machine's O_* macros, so
 * that a source file means the same egg on every architecture; the other
 * names are the kernel's numbers, which eggs carry as they are.
 */
#include <limits.h>
#include <linux/capability.h>
#include <linux/close_range.h>
#include <linux/sched.h>
#include <linux/securebits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>

#include "symbols.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define FLAG(name, v) { name, v, v }

/* A name for a value of the kind's field (egg_operand_info()'s field_mask),
 * which the table gets from the library when it is first used. */
#define FIELD(name, v) { name, v, EGGASM_FIELD }

/* egg(7): the asm-generic values, whatever this machine's are. */
static struct eggasm_sym oflags[] = {
	FIELD("O_RDONLY", 0),
	FIELD("O_WRONLY", 01),
	FIELD("O_RDWR", 02),
	FLAG("O_CREAT", 0100),
	FLAG("O_EXCL", 0200),
	FLAG("O_NOCTTY", 0400),
	FLAG("O_TRUNC", 01000),
	FLAG("O_APPEND", 02000),
	FLAG("O_NONBLOCK", 04000),
	FLAG("O_SYNC", 04010000),	/* before O_DSYNC, whose bit it has */
	FLAG("O_DSYNC", 010000),
	FLAG("O_DIRECT", 040000),
	FLAG("O_LARGEFILE", 0100000),
	FLAG("O_TMPFILE", 020200000),	/* before O_DIRECTORY, likewise */
	FLAG("O_DIRECTORY", 0200000),
	FLAG("O_NOFOLLOW", 0400000),
	FLAG("O_NOATIME", 01000000),
	FLAG("O_CLOEXEC", 02000000),
	FLAG("O_PATH", 010000000),
	/* Aliases, never printed: the names before them take their bits. */
	FLAG("O_NDELAY", 04000),
	FLAG("O_RSYNC", 04010000),
	FLAG("O_FSYNC", 04010000),
};

static const struct eggasm_sym close_range_flags[] = {
	FLAG("CLOSE_RANGE_UNSHARE", CLOSE_RANGE_UNSHARE),
	FLAG("CLOSE_RANGE_CLOEXEC", CLOSE_RANGE_CLOEXEC),
};

static const struct eggasm_sym securebits[] = {
	FLAG("SECBIT_NOROOT", SECBIT_NOROOT),
	FLAG("SECBIT_NOROOT_LOCKED", SECBIT_NOROOT_LOCKED),
	FLAG("SECBIT_NO_SETUID_FIXUP", SECBIT_NO_SETUID_FIXUP),
	FLAG("SECBIT_NO_SETUID_FIXUP_LOCKED", SECBIT_NO_SETUID_FIXUP_LOCKED),
	FLAG("SECBIT_KEEP_CAPS", SECBIT_KEEP_CAPS),
	FLAG("SECBIT_KEEP_CAPS_LOCKED", SECBIT_KEEP_CAPS_LOCKED),
	FLAG("SECBIT_NO_CAP_AMBIENT_RAISE", SECBIT_NO_CAP_AMBIENT_RAISE),
	FLAG("SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED", SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED),
};

static struct eggasm_sym sched_policies[] = {
	FIELD("SCHED_OTHER", SCHED_NORMAL),
	FIELD("SCHED_FIFO", SCHED_FIFO),
	FIELD("SCHED_RR", SCHED_RR),
	FIELD("SCHED_BATCH", SCHED_BATCH),
	FIELD("SCHED_IDLE", SCHED_IDLE),
	FLAG("SCHED_RESET_ON_FORK", SCHED_RESET_ON_FORK),
	FIELD("SCHED_NORMAL", SCHED_NORMAL),
};

static const struct eggasm_sym unshare_flags[] = {
	FLAG("CLONE_NEWTIME", CLONE_NEWTIME),
	FLAG("CLONE_NEWNS", CLONE_NEWNS),
	FLAG("CLONE_NEWCGROUP", CLONE_NEWCGROUP),
	FLAG("CLONE_NEWUTS", CLONE_NEWUTS),
	FLAG("CLONE_NEWIPC", CLONE_NEWIPC),
	FLAG("CLONE_NEWUSER", CLONE_NEWUSER),
	FLAG("CLONE_NEWPID", CLONE_NEWPID),
	FLAG("CLONE_NEWNET", CLONE_NEWNET),
};

#define R(name) { #name, name, 0 }
static const struct eggasm_sym resources[] = {
	R(RLIMIT_CPU), R(RLIMIT_FSIZE), R(RLIMIT_DATA), R(RLIMIT_STACK),
	R(RLIMIT_CORE), R(RLIMIT_RSS), R(RLIMIT_NPROC), R(RLIMIT_NOFILE),
	R(RLIMIT_MEMLOCK), R(RLIMIT_AS), R(RLIMIT_LOCKS), R(RLIMIT_SIGPENDING),
	R(RLIMIT_MSGQUEUE), R(RLIMIT_NICE), R(RLIMIT_RTPRIO), R(RLIMIT_RTTIME),
};

/* "keep" is the kind's special value, from the library. */
static struct eggasm_sym rlim_names[] = {
	{ "RLIM_INFINITY", UINT64_MAX, 0 },
	{ "keep", 0, 0 },
};

static struct eggasm_sym id_names[] = {
	{ "keep", 0, 0 },
};

/* The kernel's numbers; SIGRTMIN+n is worked out in the lookup. */
static const struct eggasm_sym signals[] = {
	R(SIGHUP), R(SIGINT), R(SIGQUIT), R(SIGILL), R(SIGTRAP), R(SIGABRT),
	R(SIGBUS), R(SIGFPE), R(SIGKILL), R(SIGUSR1), R(SIGSEGV), R(SIGUSR2),
	R(SIGPIPE), R(SIGALRM), R(SIGTERM), R(SIGSTKFLT), R(SIGCHLD), R(SIGCONT),
	R(SIGSTOP), R(SIGTSTP), R(SIGTTIN), R(SIGTTOU), R(SIGURG), R(SIGXCPU),
	R(SIGXFSZ), R(SIGVTALRM), R(SIGPROF), R(SIGWINCH), R(SIGIO), R(SIGPWR),
	R(SIGSYS),
	/* Aliases. */
	R(SIGIOT), R(SIGCLD), R(SIGPOLL),
};

static const struct eggasm_sym caps[] = {
	R(CAP_CHOWN), R(CAP_DAC_OVERRIDE), R(CAP_DAC_READ_SEARCH), R(CAP_FOWNER),
	R(CAP_FSETID), R(CAP_KILL), R(CAP_SETGID), R(CAP_SETUID), R(CAP_SETPCAP),
	R(CAP_LINUX_IMMUTABLE), R(CAP_NET_BIND_SERVICE), R(CAP_NET_BROADCAST),
	R(CAP_NET_ADMIN), R(CAP_NET_RAW), R(CAP_IPC_LOCK), R(CAP_IPC_OWNER),
	R(CAP_SYS_MODULE), R(CAP_SYS_RAWIO), R(CAP_SYS_CHROOT), R(CAP_SYS_PTRACE),
	R(CAP_SYS_PACCT), R(CAP_SYS_ADMIN), R(CAP_SYS_BOOT), R(CAP_SYS_NICE),
	R(CAP_SYS_RESOURCE), R(CAP_SYS_TIME), R(CAP_SYS_TTY_CONFIG), R(CAP_MKNOD),
	R(CAP_LEASE), R(CAP_AUDIT_WRITE), R(CAP_AUDIT_CONTROL), R(CAP_SETFCAP),
	R(CAP_MAC_OVERRIDE), R(CAP_MAC_ADMIN), R(CAP_SYSLOG), R(CAP_WAKE_ALARM),
	R(CAP_BLOCK_SUSPEND), R(CAP_AUDIT_READ),
	/* Spelt out: older headers lack them, and eggs carry only numbers. */
	{ "CAP_PERFMON", 38, 0 },
	{ "CAP_BPF", 39, 0 },
	{ "CAP_CHECKPOINT_RESTORE", 40, 0 },
};

#define SYMS(t) .syms = t, .nsyms = N(t)

/* How each kind is written.  What values it holds (min, max, the items of
 * a list) is the library's: kinds_load() asks egg_operand_info(). */
static struct eggasm_kind kinds[] = {
	[EGG_OPERAND_FD] = { "fd", "a file descriptor", EGGASM_NUMBER, 0, NULL },
	[EGG_OPERAND_PID] = { "pid", "a process id", EGGASM_NUMBER, 0, NULL },
	[EGG_OPERAND_UINT] = { "uint", "an unsigned number", EGGASM_NUMBER,
			       EGGASM_K_TILDE, NULL },
	[EGG_OPERAND_U64] = { "u64", "an unsigned 64-bit number", EGGASM_NUMBER,
			      EGGASM_K_TILDE, NULL },
	[EGG_OPERAND_INT] = { "int", "an integer", EGGASM_SIGNED, 0, NULL },
	[EGG_OPERAND_OFLAGS] = { "oflags", "open flags", EGGASM_FLAGS, EGGASM_K_NOMAX,
				 "O_", SYMS(oflags) },
	[EGG_OPERAND_MODE] = { "mode", "a file mode", EGGASM_OCTAL, 0, NULL },
	[EGG_OPERAND_UMASK] = { "umask", "a umask", EGGASM_OCTAL, 0, NULL },
	[EGG_OPERAND_PATH] = { "path", "a path in double quotes", EGGASM_STRING, 0, NULL },
	/* Bit n-1 for signal n: the items are those of a signal but 0. */
	[EGG_OPERAND_SIGSET] = { "sigset", "a signal set", EGGASM_SET,
				 EGGASM_K_TILDE | EGGASM_K_RTSIG, "SIG", SYMS(signals),
				 .item_kind = EGG_OPERAND_SIGNAL, .item_min = 1,
				 .item_what = "a signal" },
	[EGG_OPERAND_RESOURCE] = { "resource", "a resource", EGGASM_ENUM, 0, "RLIMIT_",
				   SYMS(resources) },
	[EGG_OPERAND_RLIM] = { "rlim", "a limit", EGGASM_NUMBER, 0, "RLIM_",
			       SYMS(rlim_names) },
	[EGG_OPERAND_CLOSE_RANGE_FLAGS] = { "close_range_flags", "close_range flags",
					    EGGASM_FLAGS, EGGASM_K_NOMAX, "CLOSE_RANGE_",
					    SYMS(close_range_flags) },
	[EGG_OPERAND_ID] = { "id", "a user or group id", EGGASM_NUMBER, 0, NULL },
	[EGG_OPERAND_ID_OR_KEEP] = { "id_or_keep", "a user or group id, or keep",
				     EGGASM_NUMBER, 0, NULL, SYMS(id_names) },
	[EGG_OPERAND_IDLIST] = { "idlist", "a list of ids", EGGASM_LIST, EGGASM_K_NOMAX,
				 NULL, .item_what = "a user or group id" },
	[EGG_OPERAND_FDLIST] = { "fdlist", "a set of file descriptors", EGGASM_LIST,
				 EGGASM_K_NOMAX, NULL, .item_what = "a file descriptor" },
	[EGG_OPERAND_CPULIST] = { "cpulist", "a set of CPUs", EGGASM_LIST,
				  EGGASM_K_NOMAX, NULL, .item_what = "a CPU number" },
	/* Bit n for capability n. */
	[EGG_OPERAND_CAPMASK] = { "capmask", "a capability set", EGGASM_SET,
				  EGGASM_K_TILDE, "CAP_", SYMS(caps),
				  .item_kind = EGG_OPERAND_CAP, .item_what = "a capability" },
	[EGG_OPERAND_CAP] = { "cap", "a capability", EGGASM_ENUM, 0, "CAP_", SYMS(caps) },
	[EGG_OPERAND_SIGNAL] = { "signal", "a signal", EGGASM_ENUM, EGGASM_K_RTSIG, "SIG",
				 SYMS(signals) },
	[EGG_OPERAND_BOOL] = { "bool", "0 or 1", EGGASM_NUMBER, 0, NULL },
	[EGG_OPERAND_SECUREBITS] = { "securebits", "securebits", EGGASM_FLAGS,
				     EGGASM_K_NOMAX, "SECBIT_", SYMS(securebits) },
	[EGG_OPERAND_SCHED_POLICY] = { "sched_policy", "a scheduling policy", EGGASM_FLAGS,
				       EGGASM_K_NOMAX, "SCHED_", SYMS(sched_policies) },
	[EGG_OPERAND_UNSHARE_FLAGS] = { "unshare_flags", "namespace flags", EGGASM_FLAGS,
					EGGASM_K_NOMAX, "CLONE_", SYMS(unshare_flags) },
	[EGG_OPERAND_STRING] = { "string", "a string in double quotes", EGGASM_STRING, 0,
				 NULL },
	[EGG_OPERAND_FDMAP] = { "fdmap", "a list of file descriptors", EGGASM_LIST,
				EGGASM_K_NOMAX, NULL, .item_what = "a file descriptor or -1" },
};
static pthread_once_t kinds_once = PTHREAD_ONCE_INIT;

/* The names that stand for the library's values: "keep", and the values
 * of a field.  Only the tables that hold such names are written, and
 * those are not const (oflags, sched_policies, rlim_names, id_names). */
static void syms_load(struct eggasm_kind *k, const struct egg_operand_info *info)
{
	struct eggasm_sym *sym = (struct eggasm_sym *)k->syms;
	size_t i;

	for (i = 0; i < k->nsyms; i++) {
		if (sym[i].mask == EGGASM_FIELD)
			sym[i].mask = info->field_mask;
		if ((info->flags & EGG_OPERAND_F_SPECIAL) && !strcmp(sym[i].name, "keep"))
			sym[i].value = info->special;
	}
}

/* A kind's values from the library; a kind it does not know is dropped. */
static void kind_load(struct eggasm_kind *k, enum egg_operand_type type)
{
	struct egg_operand_info info, item;

	if (egg_operand_info(type, &info)) {
		k->name = NULL;
		return;
	}
	k->min = info.min;
	k->max = info.max;
	if (info.encoding == EGG_ENCODING_LIST) {
		k->item_max = info.max;
		if (info.flags & EGG_OPERAND_F_ASCENDING)
			k->flags |= EGGASM_K_ASCENDING;
		if ((info.flags & EGG_OPERAND_F_SPECIAL) && info.special == EGG_FDMAP_CLOSE)
			k->flags |= EGGASM_K_CLOSE;
	}
	if (k->syntax == EGGASM_SET) {
		if (egg_operand_info(k->item_kind, &item)) {
			k->name = NULL;
			return;
		}
		k->item_max = item.max;
	}
	syms_load(k, &info);
}

static void kinds_load(void)
{
	size_t i;

	for (i = 0; i < N(kinds); i++)
		if (kinds[i].name)
			kind_load(&kinds[i], (enum egg_operand_type)i);
}

const struct eggasm_kind *eggasm_kind_get(enum egg_operand_type type)
{
	pthread_once(&kinds_once, kinds_load);
	if ((unsigned int)type >= N(kinds) || !kinds[type].name)
		return NULL;
	return &kinds[type];
}

static int word_is(const char *word, size_t len, const char *name)
{
	return strlen(name) == len && !strncasecmp(word, name, len);
}

static int has_prefix(const char *s, const char *prefix)
{
	return prefix && !strncasecmp(s, prefix, strlen(prefix));
}

/* SIGRTMIN, SIGRTMIN+n, SIGRTMAX, SIGRTMAX-n, with SIG optional.  The C
 * library's SIGRTMIN, as kill(1) has it: the signals it keeps for itself
 * below that have numbers only. */
static int rtsig_value(const char *word, size_t len, uint64_t *value)
{
	long base, n = 0;
	size_t i = 5;

	if (len >= 3 && !strncasecmp(word, "SIG", 3)) {
		word += 3;
		len -= 3;
	}
	if (len < 5)
		return -1;
	if (!strncasecmp(word, "RTMIN", 5))
		base = SIGRTMIN;
	else if (!strncasecmp(word, "RTMAX", 5))
		base = SIGRTMAX;
	else
		return -1;
	if (i < len) {
		if (word[i] != (base == SIGRTMIN ? '+' : '-') || ++i == len)
			return -1;
		for (; i < len; i++) {
			if (word[i] < '0' || word[i] > '9' || n > 64)
				return -1;
			n = n * 10 + (word[i] - '0');
		}
	}
	n = base == SIGRTMIN ? base + n : base - n;
	if (n < SIGRTMIN || n > SIGRTMAX)
		return -1;
	*value = (uint64_t)n;
	return 0;
}

int eggasm_name_value(const struct eggasm_kind *k, const char *word, size_t len,
		      uint64_t *value, const struct eggasm_sym **sym)
{
	size_t i, plen = k->prefix ? strlen(k->prefix) : 0;

	*sym = NULL;
	for (i = 0; i < k->nsyms; i++) {
		const char *name = k->syms[i].name;

		if (word_is(word, len, name) ||
		    (has_prefix(name, k->prefix) && word_is(word, len, name + plen))) {
			*value = k->syms[i].value;
			*sym = &k->syms[i];
			return 0;
		}
	}
	if (k->flags & EGGASM_K_RTSIG)
		return rtsig_value(word, len, value);
	return -1;
}

const char *eggasm_value_name(const struct eggasm_kind *k, uint64_t value, int bare,
			      char *buf, size_t size)
{
	const char *pre = bare ? "" : "SIG";
	size_t i, plen;

	for (i = 0; i < k->nsyms; i++) {
		if (k->syms[i].value != value)
			continue;
		plen = bare && has_prefix(k->syms[i].name, k->prefix) ? strlen(k->prefix) : 0;
		snprintf(buf, size, "%s", k->syms[i].name + plen);
		return buf;
	}
	if (!(k->flags & EGGASM_K_RTSIG) || value < (uint64_t)SIGRTMIN ||
	    value > (uint64_t)SIGRTMAX)
		return NULL;
	if (value == (uint64_t)SIGRTMIN)
		snprintf(buf, size, "%sRTMIN", pre);
	else
		snprintf(buf, size, "%sRTMIN+%d", pre, (int)value - SIGRTMIN);
	return buf;
}

/* The op table, read from the library once. */
static struct {
	struct egg_op_info *info;
	size_t count;
} ops;
static pthread_once_t ops_once = PTHREAD_ONCE_INIT;

static void ops_load(void)
{
	struct egg_op_info *info;
	unsigned int code;
	size_t n = 0;

	for (code = 0; code <= EGG_OP_LAST; code++)
		n += egg_op_supported(code) != 0;
	info = calloc(n ? n : 1, sizeof(*info));
	if (!info)
		return;		/* no ops: every mnemonic is unknown */
	n = 0;
	for (code = 0; code <= EGG_OP_LAST; code++)
		if (egg_op_supported(code) && !egg_op_info(code, &info[n]))
			n++;
	ops.info = info;
	ops.count = n;
}

size_t eggasm_op_count(void)
{
	pthread_once(&ops_once, ops_load);
	return ops.count;
}

const struct egg_op_info *eggasm_op_at(size_t i)
{
	return i < eggasm_op_count() ? &ops.info[i] : NULL;
}

const struct egg_op_info *eggasm_op_get(unsigned int opcode)
{
	size_t i, n = eggasm_op_count();

	for (i = 0; i < n; i++)
		if (ops.info[i].opcode == opcode)
			return &ops.info[i];
	return NULL;
}

const struct egg_op_info *eggasm_op_find(const char *name, size_t len)
{
	size_t i, n = eggasm_op_count();

	for (i = 0; i < n; i++)
		if (strlen(ops.info[i].name) == len && !memcmp(ops.info[i].name, name, len))
			return &ops.info[i];
	return NULL;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Levenshtein distance, case-insensitive, of a (len) and b (NUL-ended),
 * both short: mnemonics are; longer words are cut, they are far anyway. */
static size_t distance(const char *a, size_t alen, const char *b)
{
	size_t row[33], i, j, blen = strlen(b), diag, up;

	if (alen > 32)
		alen = 32;
	if (blen > 32)
		blen = 32;
	for (j = 0; j <= blen; j++)
		row[j] = j;
	for (i = 1; i <= alen; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= blen; j++) {
			size_t best = diag + (lower(a[i - 1]) != lower(b[j - 1]));

			up = row[j];
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[blen];
}

const char *eggasm_op_closest(const char *name, size_t len)
{
	size_t i, d, best = (size_t)-1, n = eggasm_op_count();
	const char *found = NULL;

	for (i = 0; i < n; i++) {
		d = distance(name, len, ops.info[i].name);
		if (d < best) {
			best = d;
			found = ops.info[i].name;
		}
	}
	/* Near means fewer edits than half the word: "opne" is open,
	 * "frobnicate" is nothing. */
	return found && best <= (len + 1) / 2 ? found : NULL;
}
