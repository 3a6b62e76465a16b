/* SPDX-License-Identifier: MIT */
/* The eggasm command: what main.c, io.c and run.c share. */
#ifndef EGGASM_H
#define EGGASM_H

#include <stddef.h>
#include <stdint.h>

#include <egg.h>

#include "parse.h"

/* Exit statuses of eggasm run and exec, as env(1) and timeout(1) have them. */
#define EXIT_RUN_FAILED 125
#define EXIT_CANNOT_RUN 126
#define EXIT_NOT_FOUND 127

void eggasm_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* What an input is taken as. */
enum eggasm_input_kind {
	EGGASM_IN_SOURCE,
	EGGASM_IN_EGG,
	EGGASM_IN_DETECT,	/* .s, .egg, else by content; see eggasm(1) */
};

/* One program, from a file, stdin or -e, as bytes ready to run. */
struct eggasm_input {
	const char *name;	/* for messages */
	int is_source;
	char *data;		/* what was read */
	size_t len;
	struct egg *egg;	/* assembled, for source */
	struct eggasm_srcmap map;
	const uint8_t *code;	/* the egg */
	size_t size;
	size_t count;		/* its instructions */
};

/* file is a path, "-" for stdin, or NULL with expr (the -e text).  0, or
 * -1 once the error is printed. */
int eggasm_input_load(struct eggasm_input *in, const char *file, const char *expr,
		      enum eggasm_input_kind kind);
void eggasm_input_free(struct eggasm_input *in);

/* Writes data to path ("-": stdout) whole or not at all: a temporary file
 * in the same directory, renamed into place.  0, or -1 once printed. */
int eggasm_write_file(const char *path, const void *data, size_t len);

/* Adds one -e text to *expr, as a new line.  0, or -1 once printed. */
int eggasm_add_expr(char **expr, const char *more);

/* Prints why a spawn or exec under in failed: a failed op at its source
 * line.  Returns the exit status, as env(1) has them. */
int eggasm_report_fault(const struct eggasm_input *in, const char *program, int err,
			const struct egg_fault *f);

int eggasm_run_main(int argc, char **argv);
int eggasm_exec_main(int argc, char **argv);

#endif /* EGGASM_H */
