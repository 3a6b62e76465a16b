/* SPDX-License-Identifier: MIT */
/*
 * eggasm: assemble (the default), disassemble (-d), list ops (ops), run
 * (run, in run.c) and exec in place (exec, in exec.c).  See eggasm(1).
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disasm.h"
#include "eggasm.h"
#include "symbols.h"

void eggasm_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("eggasm: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void usage(FILE *out)
{
	fputs("Usage: eggasm [-o OUT] FILE.s\n"
	      "       eggasm -d [-o OUT] FILE.egg\n"
	      "       eggasm [-d] [-o OUT] -e SOURCE\n"
	      "       eggasm run [--pid] [--no-wait] (FILE | -e SOURCE) [--] PROGRAM [ARG...]\n"
	      "       eggasm exec (FILE | -e SOURCE) [--] PROGRAM [ARG...]\n"
	      "       eggasm ops\n"
	      "Assemble, disassemble and run eggs, libegg's spawn recipes.\n"
	      "\n"
	      "  -o, --output=OUT       write to OUT (- for standard output); assembling\n"
	      "                         FILE.s writes FILE.egg by default\n"
	      "  -d, --disassemble      write the canonical source of FILE (an egg, or\n"
	      "                         source, which comes out canonical)\n"
	      "  -e, --expression=SRC   take the source SRC instead of a file (repeat to\n"
	      "                         add lines); the output defaults to standard output\n"
	      "  -h, --help             print this help and exit\n"
	      "  -V, --version          print the version and exit\n"
	      "\n"
	      "  run                    spawn PROGRAM (found in PATH) with the egg; exit\n"
	      "                         with its status (128+N if killed by signal N), or\n"
	      "                         125 if an op failed, 126 if PROGRAM cannot run,\n"
	      "                         127 if it is not found\n"
	      "      --pid              print the child's pid on standard error\n"
	      "      --no-wait          print the child's pid on standard output and exit 0\n"
	      "  exec                   apply the egg to eggasm itself, then become\n"
	      "                         PROGRAM (found in PATH), keeping the pid; 125\n"
	      "                         if an op failed, 126 or 127 as for run\n"
	      "  ops                    list the ops this libegg supports\n"
	      "\n"
	      "FILE - is standard input.  See eggasm(1) for the syntax, and egg(7).\n", out);
}

static void version(void)
{
	printf("eggasm (libegg) %s\nlibrary %s\n", EGG_VERSION_STRING, egg_version_string());
}

/* FILE.s -> FILE.egg, else FILE with .egg added. */
static char *default_output(const char *file)
{
	size_t n = strlen(file);
	char *out = malloc(n + 5);

	if (!out)
		return NULL;
	if (n > 2 && !strcmp(file + n - 2, ".s"))
		n -= 2;
	memcpy(out, file, n);
	strcpy(out + n, ".egg");
	return out;
}

static int list_ops(void)
{
	size_t i, n = eggasm_op_count();
	unsigned int j;

	for (i = 0; i < n; i++) {
		const struct egg_op_info *op = eggasm_op_at(i);

		printf("%4u  %-*s", op->opcode, op->noperands ? 20 : 0, op->name);
		for (j = 0; j < op->noperands; j++) {
			const struct eggasm_kind *k = eggasm_kind_get(op->operand[j]);

			if (k)
				printf(" %s:%s", op->operand_name[j], k->name);
			else
				printf(" %s:kind%d", op->operand_name[j], (int)op->operand[j]);
		}
		putchar('\n');
	}
	if (fflush(stdout) || ferror(stdout)) {
		eggasm_error("standard output: %s", strerror(errno));
		return 1;
	}
	return 0;
}

static int disassemble(const struct eggasm_input *in, const char *out)
{
	struct eggasm_buf text = { 0 };
	size_t bad = 0;
	int err, status = 1;

	err = eggasm_disasm(in->code, in->size, &text, &bad);
	if (err == ENOMEM || text.failed)
		eggasm_error("%s", strerror(ENOMEM));
	else if (err)
		eggasm_error("%s: cannot disassemble the instruction at offset %zu", in->name, bad);
	else if (!eggasm_write_file(out, text.s ? text.s : "", text.len))
		status = 0;
	eggasm_buf_free(&text);
	return status;
}

struct options {
	const char *output;
	char *expr;
	int disasm;
};

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "disassemble", no_argument, NULL, 'd' },
		{ "expression", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "+o:de:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o->output = optarg;
			break;
		case 'd':
			o->disasm = 1;
			break;
		case 'e':
			if (eggasm_add_expr(&o->expr, optarg))
				return 1;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			version();
			exit(0);
		default:
			goto bad;
		}
	}
	if (argc - optind == (o->expr ? 0 : 1))
		return 0;
	eggasm_error(o->expr ? "-e takes the place of FILE" : "expected one FILE");
bad:
	fputs("Try 'eggasm --help' for more information.\n", stderr);
	return 1;
}

static int asm_main(int argc, char **argv)
{
	struct options o = { 0 };
	struct eggasm_input in = { 0 };
	const char *file;
	char *out = NULL;
	int status = 1;

	if (parse_options(argc, argv, &o))
		goto done;
	file = o.expr ? NULL : argv[optind];
	if (eggasm_input_load(&in, file, o.expr,
			      o.disasm ? EGGASM_IN_DETECT : EGGASM_IN_SOURCE))
		goto done;
	if (o.output)
		out = strdup(o.output);
	else if (o.disasm || !file || !strcmp(file, "-"))
		out = strdup("-");
	else
		out = default_output(file);
	if (!out)
		eggasm_error("%s", strerror(ENOMEM));
	else if (o.disasm)
		status = disassemble(&in, out);
	else
		status = eggasm_write_file(out, in.code, in.size) ? 1 : 0;
done:
	eggasm_input_free(&in);
	free(out);
	free(o.expr);
	return status;
}

int main(int argc, char **argv)
{
	static char name[] = "eggasm";

	/* getopt's messages start with argv[0]: say eggasm, not a libtool
	 * wrapper's lt-eggasm. */
	argv[0] = name;
	if (argc > 1 && !strcmp(argv[1], "run")) {
		argv[1] = name;
		return eggasm_run_main(argc - 1, argv + 1);
	}
	if (argc > 1 && !strcmp(argv[1], "exec")) {
		argv[1] = name;
		return eggasm_exec_main(argc - 1, argv + 1);
	}
	if (argc > 1 && !strcmp(argv[1], "ops")) {
		if (argc == 2)
			return list_ops();
		eggasm_error("ops takes no operands");
		return 1;
	}
	return asm_main(argc, argv);
}
