/* SPDX-License-Identifier: MIT */
/*
 * Runs a fuzz target on files, without libFuzzer: the checked-in corpus
 * as a regression test in make check (also under the sanitizer build and
 * valgrind), or one crash file, to debug it.
 *
 *   replay-TARGET FILE...
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The whole file, in a buffer of exactly its size, as libFuzzer gives it,
 * so that a read past the end is one past the allocation. */
static uint8_t *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc(n ? (size_t)n : 1);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*size = (size_t)n;
	}
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	size_t size = 0;
	uint8_t *buf;
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		buf = slurp(argv[i], &size);
		if (!buf) {
			perror(argv[i]);
			return 1;
		}
		LLVMFuzzerTestOneInput(buf, size);
		free(buf);
	}
	printf("%s: %d inputs, no finding\n", argv[0], argc - 1);
	return 0;
}
