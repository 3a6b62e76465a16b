/* SPDX-License-Identifier: MIT */
/*
 * Fuzz target: eggasm's assembler (tools/eggasm/parse.c) on any text.
 * Whatever the input, the parser returns bytes or an error that points
 * into the input, never crashes:
 *  - it returns 0, EINVAL or ENOMEM;
 *  - what it appended is a valid egg, and the source map has one line,
 *    within the input, per instruction;
 *  - an EINVAL names the input, a line of it, a column within that line
 *    (or 0) and says something;
 *  - accepted text disassembles (disasm.c) to text that assembles to the
 *    same bytes and disassembles to the same text again: the canonical
 *    form is a fixed point.
 * A broken property aborts, which libFuzzer reports as a crash.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <egg.h>

#include "disasm.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define require(cond, ...) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "fuzz-eggasm: %s: ", #cond); \
			fprintf(stderr, __VA_ARGS__); \
			fputc('\n', stderr); \
			abort(); \
		} \
	} while (0)

static const char filename[] = "fuzz-input";

/* The number of lines of the text, and the length of line n (from 1). */
static unsigned int lines_count(const char *s, size_t len)
{
	unsigned int n = 1;
	size_t i;

	for (i = 0; i < len; i++)
		n += s[i] == '\n';
	return n;
}

static size_t line_length(const char *s, size_t len, unsigned int n)
{
	size_t i = 0, start;

	while (n > 1 && i < len)
		n -= s[i++] == '\n';
	start = i;
	while (i < len && s[i] != '\n')
		i++;
	return i - start;
}

static void check_diag(const char *src, size_t len, const struct eggasm_diag *d)
{
	unsigned int lines = lines_count(src, len);

	require(d->filename && !strcmp(d->filename, filename), "filename");
	require(d->line >= 1 && d->line <= lines, "line %u of %u", d->line, lines);
	require(d->column <= line_length(src, len, d->line) + 1, "column %u of line %u",
		d->column, d->line);
	require(memchr(d->msg, '\0', sizeof(d->msg)) && d->msg[0], "no message");
}

static void check_map(const char *src, size_t len, const struct eggasm_srcmap *map,
		      const struct egg *egg)
{
	unsigned int lines = lines_count(src, len), prev = 1, line;
	size_t i;

	require(map->count == egg_count(egg), "map %zu, egg %zu", map->count, egg_count(egg));
	for (i = 0; i < map->count; i++) {
		line = eggasm_srcmap_line(map, i);
		require(line >= prev && line <= lines, "insn %zu on line %u", i, line);
		prev = line;
	}
}

/* text -> egg -> text' -> egg' -> text'': egg' = egg and text'' = text'. */
static void check_round_trip(const struct egg *egg)
{
	struct eggasm_buf text = { 0 }, again = { 0 };
	struct eggasm_diag diag = { 0 };
	struct egg *egg2 = egg_new();
	size_t bad = 0;
	int err;

	require(egg2 != NULL, "out of memory");
	err = eggasm_disasm(egg_data(egg), egg_size(egg), &text, &bad);
	if (err == ENOMEM)
		goto out;
	require(err == 0, "disassembly failed: %d at %zu", err, bad);
	err = eggasm_parse(text.s ? text.s : "", text.len, filename, egg2, NULL, &diag);
	if (err == ENOMEM)
		goto out;
	require(err == 0, "canonical text rejected at %u:%u: %s\n%.*s", diag.line, diag.column,
		diag.msg, (int)text.len, text.s ? text.s : "");
	require(egg_size(egg2) == egg_size(egg) &&
		(!egg_size(egg) || !memcmp(egg_data(egg2), egg_data(egg), egg_size(egg))),
		"canonical text assembles to other bytes");
	err = eggasm_disasm(egg_data(egg2), egg_size(egg2), &again, &bad);
	if (err == ENOMEM)
		goto out;
	require(err == 0 && again.len == text.len &&
		(!text.len || !memcmp(again.s, text.s, text.len)), "canonical text not stable");
out:
	eggasm_buf_free(&text);
	eggasm_buf_free(&again);
	egg_free(egg2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *src = (const char *)data;
	struct eggasm_srcmap map = { 0 };
	struct eggasm_diag diag = { 0 };
	struct egg *egg = egg_new();
	int err;

	if (!egg)
		return 0;
	err = eggasm_parse(src, size, filename, egg, &map, &diag);
	require(err == 0 || err == EINVAL || err == ENOMEM, "returned %d", err);
	require(egg_validate(egg_data(egg), egg_size(egg), NULL) == 0, "invalid egg out");
	if (err != ENOMEM)
		check_map(src, size, &map, egg);
	if (err == EINVAL)
		check_diag(src, size, &diag);
	if (err == 0)
		check_round_trip(egg);
	eggasm_srcmap_free(&map);
	egg_free(egg);
	return 0;
}
