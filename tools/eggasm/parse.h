/* SPDX-License-Identifier: MIT */
/*
 * The assembler: eggasm's text form to an egg, through egg_append(), the
 * library's one encoder.  Nothing here exits, prints or keeps state
 * between calls, so that tests and fuzzers can link it without main.
 */
#ifndef EGGASM_PARSE_H
#define EGGASM_PARSE_H

#include <stddef.h>

#include <egg.h>

/* Where and why parsing stopped. */
struct eggasm_diag {
	const char *filename;	/* as given to eggasm_parse() */
	unsigned int line;	/* from 1 */
	unsigned int column;	/* from 1, in bytes; 0 for the whole line */
	char msg[512];
};

/* The source line of each instruction, by index in the egg. */
struct eggasm_srcmap {
	unsigned int *line;
	size_t count;
	size_t cap;
};

/*
 * Assembles len bytes of src (not NUL-terminated; a NUL in it is an
 * error) and appends the instructions to out.  filename is only for
 * diagnostics.  With map, records the line of each instruction appended.
 * Returns 0; EINVAL with diag set for bad source (out then holds the
 * instructions before the bad one); ENOMEM.
 */
int eggasm_parse(const char *src, size_t len, const char *filename, struct egg *out,
		 struct eggasm_srcmap *map, struct eggasm_diag *diag);

/* The line of instruction index, or 0 if the map has none. */
unsigned int eggasm_srcmap_line(const struct eggasm_srcmap *map, size_t index);
void eggasm_srcmap_free(struct eggasm_srcmap *map);

#endif /* EGGASM_PARSE_H */
