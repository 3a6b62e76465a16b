/* SPDX-License-Identifier: MIT */
/* Reading programs in either form, and writing output all or nothing. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eggasm.h"

static int read_all(int fd, char **data, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap), *more;
	ssize_t r;

	if (!buf)
		return ENOMEM;
	for (;;) {
		if (n == cap) {
			more = cap > (size_t)-1 / 2 ? NULL : realloc(buf, cap * 2);
			if (!more) {
				free(buf);
				return ENOMEM;
			}
			buf = more;
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n);
		if (r == 0)
			break;
		if (r < 0) {
			if (errno == EINTR)
				continue;
			free(buf);
			return errno;
		}
		n += (size_t)r;
	}
	*data = buf;
	*len = n;
	return 0;
}

static int read_file(const char *path, char **data, size_t *len)
{
	int fd, err;

	if (!strcmp(path, "-"))
		return read_all(STDIN_FILENO, data, len);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	err = read_all(fd, data, len);
	close(fd);
	return err;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && !strcmp(s + n - m, suffix);
}

static int assemble(struct eggasm_input *in, struct eggasm_diag *diag)
{
	int err;

	in->egg = egg_new();
	if (!in->egg)
		return ENOMEM;
	err = eggasm_parse(in->data, in->len, in->name, in->egg, &in->map, diag);
	if (err)
		return err;
	in->is_source = 1;
	in->code = egg_data(in->egg);
	in->size = egg_size(in->egg);
	in->count = egg_count(in->egg);
	return 0;
}

static void parse_error(const struct eggasm_input *in, int err, const struct eggasm_diag *diag)
{
	if (err == EINVAL && diag->line)
		eggasm_error("%s:%u:%u: %s", in->name, diag->line, diag->column, diag->msg);
	else
		eggasm_error("%s: %s", in->name, strerror(err));
}

static int sets_uid(unsigned int op)
{
	return op == EGG_OP_SETUID || op == EGG_OP_SETRESUID;
}

static int sets_gid_or_groups(unsigned int op)
{
	return op == EGG_OP_SETGID || op == EGG_OP_SETRESGID || op == EGG_OP_SETGROUPS;
}

/* Warn, not refuse: once the uid is no longer 0, changing the gid or the
 * groups fails (or, with capabilities kept, may be meant).  egg(7) gives
 * the safe order: groups, then gid, then uid. */
static void warn_credential_order(const struct eggasm_input *in)
{
	struct egg_insn insn;
	size_t off = 0, index = 0, uid_index = 0;
	int seen_uid = 0;

	while (egg_decode(in->code, in->size, &off, &insn) == 0) {
		if (sets_uid(insn.opcode) && !seen_uid) {
			seen_uid = 1;
			uid_index = index;
		} else if (seen_uid && sets_gid_or_groups(insn.opcode)) {
			struct egg_op_info info;

			egg_op_info(insn.opcode, &info);
			fprintf(stderr, "eggasm: %s:%u: warning: %s after the uid was set"
				" on line %u; set groups, then the gid, then the uid"
				" (see egg(7))\n",
				in->name, eggasm_srcmap_line(&in->map, index), info.name,
				eggasm_srcmap_line(&in->map, uid_index));
		}
		index++;
	}
}

static int load_source(struct eggasm_input *in)
{
	struct eggasm_diag diag;
	int err = assemble(in, &diag);

	if (err)
		parse_error(in, err, &diag);
	else
		warn_credential_order(in);
	return err ? -1 : 0;
}

static int load_egg(struct eggasm_input *in)
{
	struct egg_insn insn;
	size_t off = 0, bad = 0;

	in->code = (const uint8_t *)in->data;
	in->size = in->len;
	if (egg_validate(in->code, in->size, &bad)) {
		eggasm_error("%s: not a valid egg: bad byte at offset %zu", in->name, bad);
		return -1;
	}
	while (egg_decode(in->code, in->size, &off, &insn) == 0)
		in->count++;
	return 0;
}

/* Text has no control characters but white space; eggs have them. */
static int looks_binary(const char *data, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];

		if ((c < 0x20 && !strchr("\t\n\v\f\r", c)) || c == 0x7f)
			return 1;
	}
	return 0;
}

/* Source or egg, for a name that does not say: whichever the content is
 * valid as.  Guessing wrong would run a program with other ops than
 * meant (a chroot egg can read as a comment), so content valid as both
 * is refused. */
static int load_detect(struct eggasm_input *in)
{
	struct eggasm_diag diag;
	int egg_ok = egg_validate(in->data, in->len, NULL) == 0;
	int err = assemble(in, &diag);

	if (!err && egg_ok && in->len) {
		eggasm_error("%s: valid both as source and as an egg: name it .s or .egg",
			     in->name);
		return -1;
	}
	if (!err)
		return 0;
	if (err == EINVAL && (egg_ok || looks_binary(in->data, in->len))) {
		/* An egg, or meant to be one: say so if it is not valid. */
		egg_free(in->egg);
		in->egg = NULL;
		eggasm_srcmap_free(&in->map);
		return load_egg(in);
	}
	parse_error(in, err, &diag);
	return -1;
}

int eggasm_input_load(struct eggasm_input *in, const char *file, const char *expr,
		      enum eggasm_input_kind kind)
{
	int err;

	*in = (struct eggasm_input){ 0 };
	if (file) {
		in->name = strcmp(file, "-") ? file : "<stdin>";
		err = read_file(file, &in->data, &in->len);
		if (err) {
			eggasm_error("%s: %s", file, strerror(err));
			return -1;
		}
	} else {
		in->name = "-e";
		in->data = strdup(expr);
		if (!in->data) {
			eggasm_error("%s", strerror(ENOMEM));
			return -1;
		}
		in->len = strlen(expr);
	}
	if (kind == EGGASM_IN_DETECT && (!file || ends_with(file, ".s")))
		kind = EGGASM_IN_SOURCE;
	if (kind == EGGASM_IN_DETECT && file && ends_with(file, ".egg"))
		kind = EGGASM_IN_EGG;
	switch (kind) {
	case EGGASM_IN_SOURCE:
		return load_source(in);
	case EGGASM_IN_EGG:
		return load_egg(in);
	default:
		return load_detect(in);
	}
}

void eggasm_input_free(struct eggasm_input *in)
{
	free(in->data);
	egg_free(in->egg);
	eggasm_srcmap_free(&in->map);
	*in = (struct eggasm_input){ 0 };
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	ssize_t r;

	while (len) {
		r = write(fd, p, len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return errno;
		p += r;
		len -= (size_t)r;
	}
	return 0;
}

/* Devices and pipes (-o /dev/stdout) are written in place: renaming over
 * them would replace the device node. */
static int write_in_place(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC), err;

	if (fd < 0)
		return errno;
	err = write_all(fd, data, len);
	if (close(fd) && !err)
		err = errno;
	return err;
}

static char *temp_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
	char *tmp = malloc(strlen(path) + 16);

	if (tmp)
		sprintf(tmp, "%.*s.%s.XXXXXX", (int)dir, path, path + dir);
	return tmp;
}

/* A new file gets the mode open(2) with 0666 would give it. */
static int write_replace(const char *path, const void *data, size_t len)
{
	char *tmp = temp_name(path);
	mode_t mask;
	int fd, err;

	if (!tmp)
		return ENOMEM;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		free(tmp);
		return err;
	}
	mask = umask(0);
	umask(mask);
	err = write_all(fd, data, len);
	if (!err && fchmod(fd, 0666 & ~mask))
		err = errno;
	if (close(fd) && !err)
		err = errno;
	if (!err && rename(tmp, path))
		err = errno;
	if (err)
		unlink(tmp);
	free(tmp);
	return err;
}

int eggasm_write_file(const char *path, const void *data, size_t len)
{
	struct stat st;
	int err;

	if (!strcmp(path, "-")) {
		if ((len && fwrite(data, 1, len, stdout) != len) || fflush(stdout)) {
			eggasm_error("standard output: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	if (!stat(path, &st) && !S_ISREG(st.st_mode))
		err = write_in_place(path, data, len);
	else
		err = write_replace(path, data, len);
	if (err) {
		eggasm_error("%s: %s", path, strerror(err));
		return -1;
	}
	return 0;
}

int eggasm_add_expr(char **expr, const char *more)
{
	size_t n = *expr ? strlen(*expr) + 1 : 0;
	char *s = realloc(*expr, n + strlen(more) + 1);

	if (!s) {
		eggasm_error("%s", strerror(ENOMEM));
		return -1;
	}
	if (n)
		s[n - 1] = '\n';
	strcpy(s + n, more);
	*expr = s;
	return 0;
}
