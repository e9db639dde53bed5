// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * srtpctl [-force] -b FILE: one command a line, as on the command line.
 *
 * Consecutive add and del lines form a group that goes to the kernel in
 * a few netlink round trips (ksrtp_batch()); any other command ends the
 * group and runs on its own. The kernel applies each request of a group
 * on its own: without -force, when a line of a group fails, the contexts
 * that add lines after it in the group installed are removed again, so
 * that the batch stops at the failing line (del lines after it in the
 * group cannot be undone: srtpctl says which). With -force every line is
 * tried and the status is that of the first failure.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "srtpctl.h"

#define MAX_WORDS	64
/* Lines per group: bounds the memory the group's keys take. */
#define GROUP_MAX	4096

/* A line of the group: its request points into its context. */
struct entry {
	unsigned long line;
	struct ksrtp_batch_req req;
	struct context ctx;
};

struct batch {
	bool force;
	int status;		/* of the first failure */
	bool stop;
	struct ksrtp_handle *h;
	struct entry *group;
	size_t n;
	struct ksrtp_batch_result *res;
};

static void fail(struct batch *b, int code)
{
	if (!b->status)
		b->status = code;
	if (!b->force)
		b->stop = true;
}

static void report(unsigned long line, const struct entry *e,
		   const struct ksrtp_batch_result *r)
{
	batch_line = line;
	error_prefix();
	fprintf(stderr, "%s: ", e->req.op == KSRTP_BATCH_ADD ? "add" : "del");
	if (r->errmsg[0])
		fprintf(stderr, "%s (%s)\n", r->errmsg, strerror(-r->error));
	else
		fprintf(stderr, "%s\n", strerror(-r->error));
}

/* Remove again what add lines after the failed line installed. */
static void undo_after(struct batch *b, size_t failed)
{
	struct ksrtp_batch_result r;
	size_t i;

	for (i = failed + 1; i < b->n; i++) {
		struct entry *e = &b->group[i];

		if (b->res[i].error)
			continue;
		batch_line = e->line;
		if (e->req.op == KSRTP_BATCH_DEL) {
			error_prefix();
			fprintf(stderr, "del: applied already (sent with line %lu, "
				"which failed)\n", b->group[failed].line);
			continue;
		}
		if (ksrtp_batch(b->h, &(struct ksrtp_batch_req){
					.op = KSRTP_BATCH_DEL, .id = b->res[i].id },
				1, &r) == 0)
			continue;
		error_prefix();
		fprintf(stderr, "add: context %u stays installed: could not remove "
			"it after line %lu failed: %s\n", b->res[i].id,
			b->group[failed].line, r.errmsg[0] ? r.errmsg : strerror(-r.error));
	}
}

static void flush_group(struct batch *b)
{
	size_t i;
	int ret;

	if (!b->n)
		return;
	if (!b->h) {
		batch_line = b->group[0].line;
		ret = open_handle(&b->h);
		if (ret) {
			fail(b, ret);
			b->stop = true;
			goto out;
		}
	}
	{
		struct ksrtp_batch_req *reqs = calloc(b->n, sizeof(*reqs));

		if (!reqs) {
			error_prefix();
			fputs("out of memory\n", stderr);
			fail(b, EXIT_REFUSED);
			b->stop = true;
			goto out;
		}
		for (i = 0; i < b->n; i++)
			reqs[i] = b->group[i].req;
		ret = ksrtp_batch(b->h, reqs, b->n, b->res);
		free(reqs);
	}
	if (ret < 0) {
		batch_line = b->group[0].line;
		kernel_error(b->h, ret, "lines %lu to %lu", b->group[0].line,
			     b->group[b->n - 1].line);
	}
	for (i = 0; i < b->n; i++) {
		const struct entry *e = &b->group[i];

		if (b->res[i].error) {
			report(e->line, e, &b->res[i]);
			fail(b, EXIT_REFUSED);
			if (b->stop) {
				undo_after(b, i);
				break;
			}
		} else if (e->req.op == KSRTP_BATCH_ADD) {
			printf("id %u\n", b->res[i].id);
		}
	}
out:
	for (i = 0; i < b->n; i++)
		context_wipe(&b->group[i].ctx);
	b->n = 0;
}

/* Split line into words at blanks; returns their number, -1 if too many. */
static int split(char *line, char **words)
{
	static const char blank[] = " \t\r\n\v\f";
	int n = 0;

	for (;;) {
		line += strspn(line, blank);
		if (!*line || (n == 0 && *line == '#'))
			return n;
		if (n == MAX_WORDS)
			return -1;
		words[n++] = line;
		line += strcspn(line, blank);
		if (*line)
			*line++ = '\0';
	}
}

/*
 * An add line whose a=crypto line has several keys takes a KEY_NEW per
 * further key, which needs the context's id: it ends the group and runs
 * on its own, as on the command line.
 */
static void add_alone(struct batch *b, struct entry *e)
{
	int ret;

	flush_group(b);
	if (!b->stop) {
		batch_line = e->line;
		ret = b->h ? 0 : open_handle(&b->h);
		if (ret) {
			fail(b, ret);
			b->stop = true;
		} else {
			ret = add_install(b->h, &e->ctx);
			if (ret)
				fail(b, ret);
		}
	}
	context_wipe(&e->ctx);
}

/*
 * Commands with a request (add, del) join the group; any other ends it
 * and runs as on the command line.
 */
static void one_line(struct batch *b, unsigned long lineno, char *line)
{
	const struct command *cmd;
	char *words[MAX_WORDS + 1];
	struct entry *e;
	int n, ret;

	batch_line = lineno;
	n = split(line, words);
	if (n == 0)
		return;
	if (n < 0) {
		fail(b, usage_error("more than %d words", MAX_WORDS));
		return;
	}
	words[n] = NULL;
	cmd = find_command(words[0]);
	if (!cmd || !cmd->request) {
		flush_group(b);
		if (b->stop)
			return;
		batch_line = lineno;
		ret = run_command(n, words);
		if (ret)
			fail(b, ret);
		return;
	}

	/* The next free entry: flush_group() touches only those before it. */
	e = &b->group[b->n];
	e->line = lineno;
	ret = cmd->request(n - 1, words + 1, &e->ctx, &e->req);
	if (!ret && e->ctx.extra.nkeys) {
		add_alone(b, e);
		return;
	}
	if (ret) {
		/* The lines before it go first, as they would one by one. */
		flush_group(b);
		fail(b, ret);
		return;
	}
	if (++b->n == GROUP_MAX)
		flush_group(b);
}

int run_batch(const char *path, bool force)
{
	struct batch b = { .force = force };
	/* Our own stdio buffer, so that it can be wiped: lines hold keys. */
	static char iobuf[65536];
	unsigned long lineno = 0;
	size_t cap = 0;
	char *line = NULL;
	ssize_t len;
	FILE *f;

	if (!strcmp(path, "-")) {
		f = stdin;
		stdin_is_batch = true;
	} else {
		f = fopen(path, "re");
		if (!f) {
			error_prefix();
			fprintf(stderr, "-b %s: %s\n", path, strerror(errno));
			return EXIT_USAGE;
		}
	}
	setvbuf(f, iobuf, _IOFBF, sizeof(iobuf));
	b.group = calloc(GROUP_MAX, sizeof(*b.group));
	b.res = calloc(GROUP_MAX, sizeof(*b.res));
	if (!b.group || !b.res) {
		error_prefix();
		fputs("out of memory\n", stderr);
		b.status = EXIT_REFUSED;
		goto out;
	}

	while (!b.stop && (len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		one_line(&b, lineno, line);
		explicit_bzero(line, len);
	}
	if (!b.stop && ferror(f)) {
		batch_line = 0;
		error_prefix();
		fprintf(stderr, "-b %s: read error\n", path);
		fail(&b, EXIT_USAGE);
	}
	if (!b.stop)
		flush_group(&b);
out:
	batch_line = 0;
	if (line) {
		explicit_bzero(line, cap);
		free(line);
	}
	if (f != stdin)
		fclose(f);
	explicit_bzero(iobuf, sizeof(iobuf));
	ksrtp_close(b.h);
	free(b.group);
	free(b.res);
	return b.status;
}
