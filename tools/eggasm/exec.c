/* SPDX-License-Identifier: MIT */
/*
 * eggasm exec: apply an egg to eggasm's own process with egg_exec(), then
 * become the program, which keeps the pid: the end of a shell script or
 * a service's command line, in place of a chain of setsid, prlimit,
 * setpriv and nohup.  Faults are reported as eggasm run reports them.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eggasm.h"

static void exec_usage(FILE *out)
{
	fputs("Usage: eggasm exec (FILE | -e SOURCE) [--] PROGRAM [ARG...]\n"
	      "Apply the egg in FILE (source or an egg) or SOURCE to this process, then\n"
	      "execute PROGRAM, found in PATH, in its place: it keeps the pid.\n"
	      "\n"
	      "  -e, --expression=SRC   take the source SRC instead of FILE\n"
	      "  -h, --help             print this help and exit\n"
	      "\n"
	      "Exit status, if PROGRAM was not executed: 125 if eggasm failed or an op\n"
	      "of the egg did, 126 if PROGRAM cannot run, 127 if it is not found.\n", out);
}

static int exec_options(int argc, char **argv, char **expr)
{
	static const struct option longopts[] = {
		{ "expression", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	/* + stops at the first operand: what follows is PROGRAM's. */
	while ((c = getopt_long(argc, argv, "+e:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'e':
			if (eggasm_add_expr(expr, optarg))
				return -1;
			break;
		case 'h':
			exec_usage(stdout);
			exit(0);
		default:
			fputs("Try 'eggasm exec --help' for more information.\n", stderr);
			return -1;
		}
	}
	return 0;
}

/* Returns only if PROGRAM was not executed. */
static int exec_program(const struct eggasm_input *in, char **argv)
{
	struct egg_fault fault;
	int err;

	if (fflush(NULL)) {
		eggasm_error("standard output: %s", strerror(errno));
		return EXIT_RUN_FAILED;
	}
	err = egg_exec(AT_FDCWD, argv[0], in->code, in->size, argv, NULL, EGG_SPAWN_SEARCH,
		       &fault);
	return eggasm_report_fault(in, argv[0], err, &fault);
}

int eggasm_exec_main(int argc, char **argv)
{
	struct eggasm_input in = { 0 };
	const char *file = NULL;
	char *expr = NULL;
	int status = EXIT_RUN_FAILED;

	if (exec_options(argc, argv, &expr))
		goto done;
	if (!expr && optind < argc)
		file = argv[optind++];
	if (file && optind < argc && !strcmp(argv[optind], "--"))
		optind++;
	if (optind >= argc) {
		eggasm_error(expr || file ? "expected a PROGRAM to execute" :
			     "expected FILE or -e SOURCE, and a PROGRAM to execute");
		fputs("Try 'eggasm exec --help' for more information.\n", stderr);
		goto done;
	}
	if (!eggasm_input_load(&in, file, expr, EGGASM_IN_DETECT))
		status = exec_program(&in, argv + optind);
done:
	eggasm_input_free(&in);
	free(expr);
	return status;
}
