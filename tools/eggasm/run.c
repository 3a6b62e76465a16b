/* SPDX-License-Identifier: MIT */
/*
 * eggasm run: spawn a program under an egg with egg_spawnp() and exit
 * with its status, or with --no-wait through egg_aspawn(), and exit once
 * it runs.  A failed op is reported at its source line, from the fault
 * the library fills in.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "disasm.h"
#include "eggasm.h"

struct run_options {
	char *expr;
	int print_pid;
	int no_wait;
};

static void run_usage(FILE *out)
{
	fputs("Usage: eggasm run [--pid] [--no-wait] (FILE | -e SOURCE) [--] PROGRAM [ARG...]\n"
	      "Spawn PROGRAM, found in PATH, with the egg in FILE (source or an egg)\n"
	      "or SOURCE, and exit with its status.\n"
	      "\n"
	      "  -e, --expression=SRC   take the source SRC instead of FILE\n"
	      "      --pid              print the child's pid on standard error\n"
	      "      --no-wait          print the child's pid on standard output and exit 0\n"
	      "  -h, --help             print this help and exit\n"
	      "\n"
	      "Exit status: PROGRAM's, or 128+N if signal N killed it; 125 if eggasm\n"
	      "failed or an op of the egg did, 126 if PROGRAM cannot run, 127 if it is\n"
	      "not found.\n", out);
}

static int run_options(int argc, char **argv, struct run_options *o)
{
	enum { OPT_PID = 256, OPT_NO_WAIT };
	static const struct option longopts[] = {
		{ "expression", required_argument, NULL, 'e' },
		{ "pid", no_argument, NULL, OPT_PID },
		{ "no-wait", no_argument, NULL, OPT_NO_WAIT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	/* + stops at the first operand: what follows is PROGRAM's. */
	while ((c = getopt_long(argc, argv, "+e:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'e':
			if (eggasm_add_expr(&o->expr, optarg))
				return -1;
			break;
		case OPT_PID:
			o->print_pid = 1;
			break;
		case OPT_NO_WAIT:
			o->no_wait = 1;
			break;
		case 'h':
			run_usage(stdout);
			exit(0);
		default:
			fputs("Try 'eggasm run --help' for more information.\n", stderr);
			return -1;
		}
	}
	return 0;
}

/* The failing op, as the user wrote it: FILE:LINE for source, the
 * instruction's number and offset for an egg. */
static void report_op(const struct eggasm_input *in, const struct egg_fault *f)
{
	struct eggasm_buf what = { 0 };
	struct egg_insn insn;
	size_t off = f->offset;

	if (egg_decode(in->code, in->size, &off, &insn) || eggasm_format_brief(&what, &insn)) {
		eggasm_buf_free(&what);
		eggasm_buf_printf(&what, "opcode %u", f->opcode);
	}
	if (in->is_source)
		eggasm_error("%s:%u: %s: %s", in->name, eggasm_srcmap_line(&in->map, f->index),
			     what.s ? what.s : "?", strerror(f->error));
	else
		eggasm_error("%s: instruction %zu (offset %zu): %s: %s", in->name, f->index + 1,
			     f->offset, what.s ? what.s : "?", strerror(f->error));
	eggasm_buf_free(&what);
}

int eggasm_report_fault(const struct eggasm_input *in, const char *program, int err,
			const struct egg_fault *f)
{
	switch (f->stage) {
	case EGG_STAGE_OP:
		report_op(in, f);
		return EXIT_RUN_FAILED;
	case EGG_STAGE_EXEC:
		eggasm_error("%s: %s", program, strerror(err));
		return err == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN;
	case EGG_STAGE_DIED:
		eggasm_error("cannot start %s: the child died before its exec", program);
		return EXIT_RUN_FAILED;
	default:
		eggasm_error("cannot start %s: %s", program, strerror(err));
		return EXIT_RUN_FAILED;
	}
}

static int wait_status(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			eggasm_error("waitpid: %s", strerror(errno));
			return EXIT_RUN_FAILED;
		}
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/* The asynchronous path, as an event loop would take it: start, then poll
 * the child's fd until the program runs or the spawn has failed. */
static int aspawn(const struct eggasm_input *in, char **argv, pid_t *pid,
		  struct egg_fault *fault)
{
	struct pollfd p = { .events = POLLIN };
	struct egg_child *child;
	int err;

	err = egg_aspawn(&child, AT_FDCWD, argv[0], in->code, in->size, argv, NULL,
			 EGG_SPAWN_SEARCH);
	if (err) {
		*fault = (struct egg_fault){ .error = err, .stage = EGG_STAGE_ARGS };
		return err;
	}
	p.fd = egg_child_fd(child);
	while ((err = egg_child_result(child, pid, NULL, fault)) == EINPROGRESS)
		if (poll(&p, 1, -1) < 0 && errno != EINTR)
			break;
	egg_child_free(child);
	return err == EINPROGRESS ? errno : err;
}

static int spawn(const struct eggasm_input *in, char **argv, const struct run_options *o)
{
	struct egg_fault fault;
	pid_t pid;
	int err;

	fflush(NULL);
	if (o->no_wait)
		err = aspawn(in, argv, &pid, &fault);
	else
		err = egg_spawnp(&pid, argv[0], in->code, in->size, argv, NULL, &fault);
	if (err)
		return eggasm_report_fault(in, argv[0], err, &fault);
	if (o->print_pid)
		fprintf(stderr, "%d\n", (int)pid);
	if (o->no_wait) {
		printf("%d\n", (int)pid);
		return fflush(stdout) ? EXIT_RUN_FAILED : 0;
	}
	return wait_status(pid);
}

int eggasm_run_main(int argc, char **argv)
{
	struct run_options o = { 0 };
	struct eggasm_input in = { 0 };
	const char *file = NULL;
	int status = EXIT_RUN_FAILED;

	if (run_options(argc, argv, &o))
		goto done;
	if (!o.expr && optind < argc)
		file = argv[optind++];
	if (file && optind < argc && !strcmp(argv[optind], "--"))
		optind++;
	if (optind >= argc) {
		eggasm_error(o.expr || file ? "expected a PROGRAM to run" :
			     "expected FILE or -e SOURCE, and a PROGRAM to run");
		fputs("Try 'eggasm run --help' for more information.\n", stderr);
		goto done;
	}
	if (!eggasm_input_load(&in, file, o.expr, EGGASM_IN_DETECT))
		status = spawn(&in, argv + optind, &o);
done:
	eggasm_input_free(&in);
	free(o.expr);
	return status;
}
