/* SPDX-License-Identifier: MIT */
/*
 * The parser as a module (no main, as the fuzzers link it): bad source is
 * refused at the right line and column with a message that says what was
 * expected; good source maps each instruction to its line; the text need
 * not end in NUL.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <egg.h>

#include "disasm.h"
#include "egg-util.h"
#include "parse.h"

struct bad_case {
	const char *src;
	unsigned int line, column;
	const char *msg;	/* a part of the message */
};

static const struct bad_case bad_cases[] = {
	{ "setsid\nopen 0 \"/dev/null\" O_RDONLY 0\nclose x\n", 3, 7,
	  "expected a file descriptor, got \"x\"" },
	{ "opne 1 \"/x\" 0 0", 1, 1, "unknown op \"opne\"; did you mean \"open\"?" },
	{ "Setsid", 1, 1, "did you mean \"setsid\"?" },
	{ "frobnicate", 1, 1, "unknown op \"frobnicate\"" },
	{ "  # comment\n\t42", 2, 2, "unknown op \"42\"" },
	{ "open 1 \"/x\" O_WRONLY", 1, 21, "expected a file mode for mode (operand 4 of open" },
	{ "open 1 \"/x\" O_WRONLY; close 1", 1, 21, "got \";\"" },
	{ "close 1 2", 1, 9, "expected the end of the instruction (close takes 1 operand" },
	{ "setsid 1", 1, 8, "setsid takes 0 operands" },
	{ "close 3000000000", 1, 7, "expected a file descriptor (0 to 2147483647)" },
	{ "close -1", 1, 7, "expected a file descriptor, got \"-1\"" },
	{ "close 0x", 1, 7, "expected a file descriptor" },
	{ "close 99999999999999999999", 1, 7, "(0 to 2147483647)" },
	{ "umask 08", 1, 7, "expected a umask" },
	{ "umask 01000", 1, 7, "expected a umask (0 to 0777)" },
	{ "setpriority -2147483649", 1, 13, "expected an integer (-2147483648 to 2147483647)" },
	{ "setpriority 25", 1, 1, "the library refuses \"setpriority 25\": Invalid argument" },
	{ "close_range 5 3 0 # x", 1, 1, "the library refuses \"close_range 5 3 0\"" },
	{ "setrlimit RLIMIT_CPU 10 5", 1, 1, "the library refuses" },
	{ "setrlimit RLIMIT_FOO 1 1", 1, 11, "expected a resource, got \"RLIMIT_FOO\"" },
	{ "open 1 \"/x\" O_WRONLY|O_RDWR 0", 1, 22, "O_RDWR conflicts with O_WRONLY" },
	{ "open 1 \"/x\" 3 0", 1, 13, "bits 0x3 must be one of O_RDONLY, O_WRONLY, O_RDWR" },
	{ "open 1 \"/x\" O_CREAT|O_BOGUS 0", 1, 21, "expected open flags, got \"O_BOGUS\"" },
	{ "open 1 \"/x\" O_CREAT|, 0", 1, 21, "expected open flags, got \",\"" },
	{ "open 1 \"/x\" ~0 0", 1, 13, "~0 and max mean nothing here" },
	{ "sched_setscheduler 4 0", 1, 20, "must be one of SCHED_OTHER" },
	{ "chdir /srv", 1, 7, "expected a path in double quotes, got \"/srv\"" },
	{ "chdir \"/srv", 1, 7, "expected a closing \" for this string" },
	{ "chdir \"a\\0b\"", 1, 9, "a string cannot hold a NUL byte" },
	{ "chdir \"a\\x00\"", 1, 9, "a string cannot hold a NUL byte" },
	{ "chdir \"a\\q\"", 1, 9, "expected an escape" },
	{ "chdir \"a\\400\"", 1, 9, "expected an escape" },
	{ "chdir\"/\"", 1, 6, "expected a space or a comma" },
	{ "sigmask {INT, TERM, FOO}", 1, 21, "expected a signal, got \"FOO\"" },
	{ "sigmask {INT, 65}", 1, 15, "expected a signal (1 to 64)" },
	{ "sigmask {INT, 0}", 1, 15, "expected a signal (1 to 64)" },
	{ "sigmask {INT", 1, 13, "expected \"}\" to close the \"{\" at column 9" },
	{ "sigmask PIPE", 1, 9, "expected a signal set ({...}, a number or ~0)" },
	{ "pdeathsig SIGRTMIN+31", 1, 11, "expected a signal" },
	{ "pdeathsig 65", 1, 11, "expected a signal (0 to 64)" },
	{ "capset {CHOWN} {64} {}", 1, 17, "expected a capability (0 to 63)" },
	{ "keep {5, 3}", 1, 10, "ascending order without repeats, got \"3\" after 5" },
	{ "keep {3, 3}", 1, 10, "ascending order" },
	{ "keep 3", 1, 6, "expected a set of file descriptors in braces" },
	{ "fdmap {1, -2}", 1, 11, "expected a file descriptor or -1, got \"-2\"" },
	{ "fdmap {2147483648}", 1, 8, "expected a file descriptor or -1 (0 to 2147483647)" },
	{ "fdmap 1", 1, 7, "expected a list of file descriptors in braces" },
	{ "setgroups {4294967295}", 1, 12, "expected a user or group id (0 to 4294967294)" },
	{ "sched_setaffinity {1024}", 1, 20, "expected a CPU number (0 to 1023)" },
	{ "setresuid keep keep nobody", 1, 21, "expected a user or group id, or keep" },
	{ "keepcaps 2", 1, 10, "expected 0 or 1 (0 to 1)" },
	{ "unshare 0", 1, 1, "the library refuses \"unshare 0\"" },
	{ "open 1 \"/x\" 0x400000 0", 1, 1, "the library refuses" },	/* O_TMPFILE alone */
	{ "sethostname \"0123456789012345678901234567890123456789012345678901234567890"
	  "12345\"", 1, 1, "the library refuses" },
	{ "setsid\n\nsetsid\0", 3, 7, "a NUL byte in the source" },
};

START_TEST(parse_bad)
{
	const struct bad_case *c = &bad_cases[_i];
	size_t len = strlen(c->src);
	struct eggasm_diag diag;
	struct egg *egg = t_egg();
	int err;

	if (c->msg && strstr(c->msg, "NUL byte in"))
		len++;	/* the \0 the literal ends with */
	err = eggasm_parse(c->src, len, "t.s", egg, NULL, &diag);
	ck_assert_msg(err == EINVAL, "%s: parsed (%d)", c->src, err);
	ck_assert_str_eq(diag.filename, "t.s");
	ck_assert_msg(diag.line == c->line && diag.column == c->column,
		      "%s: at %u:%u, not %u:%u: %s", c->src, diag.line, diag.column,
		      c->line, c->column, diag.msg);
	ck_assert_msg(strstr(diag.msg, c->msg), "%s: message \"%s\" lacks \"%s\"", c->src,
		      diag.msg, c->msg);
	egg_free(egg);
}
END_TEST

/* Instructions before the bad one are appended: the caller decides. */
START_TEST(parse_bad_keeps_earlier)
{
	const char *src = "setsid\numask 022\nclose x\n";
	struct eggasm_diag diag;
	struct egg *egg = t_egg();

	ck_assert_int_eq(eggasm_parse(src, strlen(src), "t.s", egg, NULL, &diag), EINVAL);
	ck_assert_uint_eq(egg_count(egg), 2);
	egg_free(egg);
}
END_TEST

START_TEST(parse_lines)
{
	const char *src = "# a comment\n\nsetsid ; umask 022\n\t# indented comment\n"
			  "close 3 # trailing\n;;\n  dup2 1 2";
	static const unsigned int want[] = { 3, 3, 5, 7 };
	struct eggasm_srcmap map = { 0 };
	struct eggasm_diag diag;
	struct egg *egg = t_egg();
	size_t i;

	ck_assert_int_eq(eggasm_parse(src, strlen(src), "t.s", egg, &map, &diag), 0);
	ck_assert_uint_eq(egg_count(egg), 4);
	ck_assert_uint_eq(map.count, 4);
	for (i = 0; i < 4; i++)
		ck_assert_uint_eq(eggasm_srcmap_line(&map, i), want[i]);
	ck_assert_uint_eq(eggasm_srcmap_line(&map, 4), 0);
	eggasm_srcmap_free(&map);
	egg_free(egg);
}
END_TEST

/* len bounds the text: what follows it is not read. */
START_TEST(parse_not_nul_terminated)
{
	const char src[] = { 's', 'e', 't', 's', 'i', 'd', '\n', 'x' };
	struct eggasm_diag diag;
	struct egg *egg = t_egg();

	ck_assert_int_eq(eggasm_parse(src, 7, "t.s", egg, NULL, &diag), 0);
	ck_assert_uint_eq(egg_count(egg), 1);
	ck_assert_int_eq(eggasm_parse(src, 8, "t.s", egg, NULL, &diag), EINVAL);
	ck_assert_uint_eq(diag.line, 2);
	egg_free(egg);
}
END_TEST

START_TEST(parse_empty)
{
	struct eggasm_diag diag;
	struct egg *egg = t_egg();

	ck_assert_int_eq(eggasm_parse(NULL, 0, "t.s", egg, NULL, &diag), 0);
	ck_assert_int_eq(eggasm_parse(" \n# only a comment", 18, "t.s", egg, NULL, &diag), 0);
	ck_assert_uint_eq(egg_count(egg), 0);
	egg_free(egg);
}
END_TEST

/* Spellings of one value that all assemble to the same bytes. */
struct same_case {
	const char *a, *b;
};

static const struct same_case same[] = {
	{ "open 1 \"/x\" O_WRONLY|O_CREAT 0644", "open 1, \"/x\", o_creat | wronly, 420" },
	{ "open 1 \"/x\" O_RDONLY 0", "open 0x1 \"\\x2f\\170\" 0 00" },
	{ "open 1 \"/x\" O_SYNC 0", "open 1 \"/x\" O_DSYNC|O_RSYNC 0" },
	{ "open 1 \"/x\" O_NONBLOCK 0", "open 1 \"/x\" NDELAY 0" },
	{ "close_range 3 ~0 0", "close_range 3 max 0" },
	{ "close_range 3 ~0 0", "close_range 3 4294967295 0" },
	{ "close_range 0 1 CLOSE_RANGE_CLOEXEC", "close_range 0 1 cloexec" },
	{ "setrlimit RLIMIT_NOFILE 1 RLIM_INFINITY", "setrlimit nofile 1 ~0" },
	{ "setrlimit RLIMIT_NOFILE 1 RLIM_INFINITY", "setrlimit 7 1 infinity" },
	{ "setrlimit RLIMIT_NOFILE keep keep", "setrlimit nofile KEEP 18446744073709551614" },
	{ "sigmask {INT, TERM}", "sigmask {SIGTERM SIGINT, int}" },
	{ "sigmask {INT, TERM}", "sigmask 0x4002" },
	{ "sigmask {}", "sigmask 0" },
	{ "sigmask ~0", "sigmask 0xffffffffffffffff" },
	{ "sigmask {64}", "sigmask {RTMAX}" },
	{ "sigmask {63}", "sigmask {SIGRTMAX-1}" },
	{ "pdeathsig SIGKILL", "pdeathsig 9" },
	{ "pdeathsig SIGKILL", "pdeathsig kill" },
	{ "pdeathsig SIGCHLD", "pdeathsig SIGCLD" },
	{ "setresuid keep 0 keep", "setresuid ~0 0 max" },
	{ "capset {CHOWN, NET_BIND_SERVICE} {} ~0", "capset 0x401 0 max" },
	{ "ambient_raise CAP_NET_RAW", "ambient_raise net_raw" },
	{ "setpriority -5", "setpriority -0x5" },
	{ "setpriority 5", "setpriority +5" },
	{ "sched_setscheduler SCHED_OTHER 0", "sched_setscheduler SCHED_NORMAL 0" },
	{ "sched_setscheduler SCHED_FIFO|SCHED_RESET_ON_FORK 1",
	  "sched_setscheduler 0x40000001 1" },
	{ "securebits SECBIT_KEEP_CAPS", "securebits keep_caps" },
	{ "unshare CLONE_NEWNS|CLONE_NEWUTS", "unshare newuts|NEWNS" },
	{ "sethostname \"a\\tb\"", "sethostname \"a\\11b\"" },
	{ "setgroups {0, 27}", "setgroups {0 27}" },
	{ "setsid\nsetsid", "setsid;setsid" },
};

START_TEST(parse_same)
{
	struct eggasm_diag diag;
	struct egg *a = t_egg(), *b = t_egg();

	ck_assert_msg(!eggasm_parse(same[_i].a, strlen(same[_i].a), "a", a, NULL, &diag),
		      "%s: %s", same[_i].a, diag.msg);
	ck_assert_msg(!eggasm_parse(same[_i].b, strlen(same[_i].b), "b", b, NULL, &diag),
		      "%s: %s", same[_i].b, diag.msg);
	ck_assert_msg(egg_size(a) == egg_size(b) &&
		      !memcmp(egg_data(a), egg_data(b), egg_size(a)),
		      "\"%s\" and \"%s\" differ", same[_i].a, same[_i].b);
	egg_free(a);
	egg_free(b);
}
END_TEST

/* What the disassembler writes for one instruction: the canonical text. */
struct canon_case {
	const char *src, *canon;
};

static const struct canon_case canon[] = {
	{ "open 1 \"/x\" 0101 420", "open 1 \"/x\" O_WRONLY|O_CREAT 0644" },
	{ "open 1 \"/x\" O_CLOEXEC|O_RDWR|O_TMPFILE 0",
	  "open 1 \"/x\" O_RDWR|O_TMPFILE|O_CLOEXEC 0" },
	{ "open 1 \"/x\" O_DIRECTORY|0x400000 0", "open 1 \"/x\" O_RDONLY|O_TMPFILE 0" },
	{ "open 1 \"\\\"\\\\\\n\\t\\r\\x01\\x7f\\xc3\\xa9 ok\" 0 0",
	  "open 1 \"\\\"\\\\\\n\\t\\r\\x01\\x7f\\xc3\\xa9 ok\" O_RDONLY 0" },
	{ "umask 18", "umask 022" },
	{ "umask 0", "umask 0" },
	{ "setrlimit 0 ~0 ~0", "setrlimit RLIMIT_CPU RLIM_INFINITY RLIM_INFINITY" },
	{ "sigdefault {TERM, 33, 32, HUP}", "sigdefault {HUP, TERM, 32, 33}" },
	{ "sigmask 0xffffffffffffffff", "sigmask ~0" },
	{ "close_range 3 4294967295 6",
	  "close_range 3 ~0 CLOSE_RANGE_UNSHARE|CLOSE_RANGE_CLOEXEC" },
	{ "close_range 3 4294967294 0", "close_range 3 4294967294 0" },
	{ "setresgid 4294967295 4294967294 0", "setresgid keep 4294967294 0" },
	{ "capset 0 0x1 0x8000000000000000", "capset {} {CHOWN} {63}" },
	{ "bounding_drop 40", "bounding_drop CAP_CHECKPOINT_RESTORE" },
	{ "bounding_drop 41", "bounding_drop 41" },
	{ "pdeathsig 0", "pdeathsig 0" },
	{ "sched_setscheduler 0x40000000 0",
	  "sched_setscheduler SCHED_OTHER|SCHED_RESET_ON_FORK 0" },
	{ "securebits 0", "securebits 0" },
	{ "keep {}", "keep {}" },
	{ "setpriority -20", "setpriority -20" },
};

START_TEST(disasm_canonical)
{
	struct eggasm_buf text = { 0 };
	struct eggasm_diag diag;
	struct egg *egg = t_egg();
	char want[512];

	ck_assert_msg(!eggasm_parse(canon[_i].src, strlen(canon[_i].src), "t", egg, NULL, &diag),
		      "%s: %s", canon[_i].src, diag.msg);
	ck_assert_int_eq(eggasm_disasm(egg_data(egg), egg_size(egg), &text, NULL), 0);
	snprintf(want, sizeof(want), "%s\n", canon[_i].canon);
	ck_assert_str_eq(text.s, want);
	eggasm_buf_free(&text);
	egg_free(egg);
}
END_TEST

/* SIGRTMIN is the C library's, as in C: SIGRTMIN+n names the signal a
 * program built with it means. */
START_TEST(rtsig_names)
{
	struct eggasm_buf text = { 0 };
	struct eggasm_diag diag;
	struct egg *egg = t_egg(), *num = t_egg();
	char src[64], want[128];

	snprintf(src, sizeof(src), "pdeathsig %d; sigmask {%d, 64}", SIGRTMIN + 2, SIGRTMIN);
	ck_assert_int_eq(eggasm_parse(src, strlen(src), "t", num, NULL, &diag), 0);
	strcpy(src, "pdeathsig SIGRTMIN+2; sigmask {rtmin, RTMAX}");
	ck_assert_int_eq(eggasm_parse(src, strlen(src), "t", egg, NULL, &diag), 0);
	ck_assert(egg_size(egg) == egg_size(num) &&
		  !memcmp(egg_data(egg), egg_data(num), egg_size(egg)));
	ck_assert_int_eq(eggasm_disasm(egg_data(egg), egg_size(egg), &text, NULL), 0);
	snprintf(want, sizeof(want), "pdeathsig SIGRTMIN+2\nsigmask {RTMIN, RTMIN+%d}\n",
		 64 - SIGRTMIN);
	ck_assert_str_eq(text.s, want);
	eggasm_buf_free(&text);
	egg_free(egg);
	egg_free(num);
}
END_TEST

/* An invalid egg is refused at its first bad byte. */
START_TEST(disasm_invalid)
{
	static const unsigned char code[] = { 0x01, 0x07, 0x05, 0x7f };
	struct eggasm_buf text = { 0 };
	size_t bad = 0;

	ck_assert_int_eq(eggasm_disasm(code, sizeof(code), &text, &bad), EINVAL);
	ck_assert_uint_eq(bad, 3);
	eggasm_buf_free(&text);
}
END_TEST

/* The brief form names the failing op in eggasm run's reports. */
START_TEST(disasm_brief)
{
	const char *src = "open 3 \"/x\" O_RDONLY 0\ndup2 5 1\n";
	struct eggasm_buf b = { 0 };
	struct eggasm_diag diag;
	struct egg *egg = t_egg();
	struct egg_insn insn;
	size_t off = 0;

	ck_assert_int_eq(eggasm_parse(src, strlen(src), "t", egg, NULL, &diag), 0);
	ck_assert_int_eq(egg_decode(egg_data(egg), egg_size(egg), &off, &insn), 0);
	ck_assert_int_eq(eggasm_format_brief(&b, &insn), 0);
	ck_assert_str_eq(b.s, "open \"/x\"");
	eggasm_buf_free(&b);
	ck_assert_int_eq(egg_decode(egg_data(egg), egg_size(egg), &off, &insn), 0);
	ck_assert_int_eq(eggasm_format_brief(&b, &insn), 0);
	ck_assert_str_eq(b.s, "dup2 5 1");
	eggasm_buf_free(&b);
	egg_free(egg);
}
END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

int main(void)
{
	Suite *s = suite_create("eggasm-parse");
	TCase *tc;

	tc = t_tcase(s, "errors", 30);
	tcase_add_loop_test(tc, parse_bad, 0, N(bad_cases));
	tcase_add_test(tc, parse_bad_keeps_earlier);
	tc = t_tcase(s, "source", 30);
	tcase_add_test(tc, parse_lines);
	tcase_add_test(tc, parse_not_nul_terminated);
	tcase_add_test(tc, parse_empty);
	tcase_add_loop_test(tc, parse_same, 0, N(same));
	tc = t_tcase(s, "disasm", 30);
	tcase_add_loop_test(tc, disasm_canonical, 0, N(canon));
	tcase_add_test(tc, rtsig_names);
	tcase_add_test(tc, disasm_invalid);
	tcase_add_test(tc, disasm_brief);
	return t_run(s);
}
