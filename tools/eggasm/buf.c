/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

static int reserve(struct eggasm_buf *b, size_t more)
{
	size_t cap;
	char *s;

	if (b->failed)
		return -1;
	if (more < b->cap - b->len)
		return 0;
	cap = b->cap ? b->cap : 128;
	while (cap - b->len <= more) {
		if (cap > (size_t)-1 / 4)
			goto fail;
		cap *= 2;
	}
	s = realloc(b->s, cap);
	if (!s)
		goto fail;
	b->s = s;
	b->cap = cap;
	return 0;
fail:
	b->failed = 1;
	return -1;
}

void eggasm_buf_add(struct eggasm_buf *b, const char *s, size_t n)
{
	if (reserve(b, n))
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void eggasm_buf_puts(struct eggasm_buf *b, const char *s)
{
	eggasm_buf_add(b, s, strlen(s));
}

void eggasm_buf_putc(struct eggasm_buf *b, char c)
{
	eggasm_buf_add(b, &c, 1);
}

void eggasm_buf_printf(struct eggasm_buf *b, const char *fmt, ...)
{
	char small[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = 1;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		eggasm_buf_add(b, small, (size_t)n);
		return;
	}
	if (reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void eggasm_buf_free(struct eggasm_buf *b)
{
	free(b->s);
	*b = (struct eggasm_buf){ 0 };
}
