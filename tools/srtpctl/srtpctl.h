/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
#ifndef SRTPCTL_H
#define SRTPCTL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ksrtp.h"

enum {
	EXIT_OK		= 0,
	EXIT_USAGE	= 1,	/* bad arguments or key input */
	EXIT_REFUSED	= 2,	/* the kernel or the system said no */
	EXIT_NOMODULE	= 3,	/* the ksrtp family is not registered */
};

/* srtpctl.c */
enum {
	CMD_ADD, CMD_DEL, CMD_SHOW, CMD_FLUSH, CMD_HELP, CMD_SET, CMD_KEY,
	CMD_MONITOR,
};
/* The CMD_* a command word names, or KEYWORD_NONE/KEYWORD_AMBIGUOUS. */
int find_command(const char *word);
/* Run one command line (argv[0] the command); returns its exit status. */
int run_command(int argc, char **argv);

/* error.c */
/* The line of the batch being run (0: not in a batch), for messages. */
extern unsigned long batch_line;
void error_prefix(void);
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int open_handle(struct ksrtp_handle **h);
int kernel_error(struct ksrtp_handle *h, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* parse.c */
#define KEYWORD_NONE		(-1)
#define KEYWORD_AMBIGUOUS	(-2)
int match_keyword(const char *word, const char *const *keywords);
int match_keyword_first(const char *word, const char *const *keywords, int n);
bool parse_u32(const char *s, uint32_t *v);
bool parse_u64(const char *s, uint64_t *v);
/* "mki HEX": 0 or a usage error (EXIT_USAGE). */
int mki_arg(const char *value, uint8_t *mki, size_t *mki_len);
bool parse_port(const char *s, uint16_t *port);
bool parse_direction(const char *s, enum ksrtp_direction *dir);

/*
 * Arguments that name a context, shared by add and del: collected by
 * tuple_arg(), checked by tuple_check().
 */
struct tuple_args {
	struct ksrtp_tuple tuple;
	bool has_local;
	bool has_ssrc;
	bool is_template;	/* no ssrc, inbound only */
};
enum tuple_kw { TUPLE_LOCAL, TUPLE_REMOTE, TUPLE_SSRC };
int tuple_arg(struct tuple_args *ta, enum tuple_kw kw, const char *value);
int tuple_check(const struct tuple_args *ta);

/* keys.c */
struct keyspec {
	char *key_hex;		/* key HEX */
	char *salt_hex;		/* salt HEX */
	char *inline_b64;	/* inline BASE64 */
	const char *file;	/* key-file FILE */
	/* dtls-role client|server: FILE holds DTLS-SRTP keying material
	 * (hex), split by the context's direction. 0: none, 1 client,
	 * 2 server. */
	int dtls_role;
};
/*
 * The keys of an a=crypto line after its first, with its WSH= hint (0 if
 * none). The first key goes where a single key goes.
 */
struct sdes_extra {
	unsigned int nkeys;
	struct ksrtp_key_params keys[KSRTP_SDES_MAX_KEYS - 1];
	uint32_t wsh;
};
/*
 * Decode the key and salt of p->suite into p; an SDES key's MKI
 * ("|MKI:LEN") goes into p->mki and p->mki_len (0 if it has none). A key
 * file may hold an a=crypto line: its suite must be p->suite, or becomes
 * it if p->suite is 0; its further keys go into x (NULL: only one key
 * is taken).
 */
int keyspec_decode(struct keyspec *ks, struct ksrtp_ctx_params *p,
		   struct sdes_extra *x, char *err, size_t errlen);
/* Collect KEYSPEC words; kw is one of keyspec_words. 0 or EXIT_USAGE. */
extern const char *const keyspec_words[];
int keyspec_arg(struct keyspec *ks, int kw, char *value);
/* Check that one complete KEYSPEC was given. 0 or EXIT_USAGE. */
int keyspec_check(const struct keyspec *ks);
void wipe_arg(char *arg);
int key_line_decode(char *line, const char *source, struct ksrtp_ctx_params *p,
		    struct sdes_extra *x, char *err, size_t errlen);
int read_key_file(const char *path, char *buf, size_t size,
		  char *err, size_t errlen);

/* output.c: -j (JSON) and -t (tab-separated) forms of show and monitor. */
enum output_format { OUTPUT_HUMAN, OUTPUT_JSON, OUTPUT_TSV };
extern enum output_format output_format;
struct json;
void print_ctx_json(struct json *j, const struct ksrtp_ctx_info *c);
void print_ctx_tsv(FILE *f, const struct ksrtp_ctx_info *c);
void print_event_json(FILE *f, const struct ksrtp_event_info *ev);
void print_event_tsv(FILE *f, const struct ksrtp_event_info *ev);
void print_net_json(FILE *f, const struct ksrtp_net_stats *st);
void print_net_tsv(FILE *f, const struct ksrtp_net_stats *st);

/* show.c */
const char *direction_name(enum ksrtp_direction dir);
void print_ctx(FILE *f, const struct ksrtp_ctx_info *c);
void print_net(FILE *f, const struct ksrtp_net_stats *st);
int cmd_show(int argc, char **argv);

/* monitor.c */
void print_event(FILE *f, const struct ksrtp_event_info *ev);
int cmd_monitor(int argc, char **argv);

/* add.c, del.c, key.c */
/*
 * The context an add command line describes, keys decoded; the further
 * keys of an a=crypto line in x. 0 or EXIT_USAGE.
 */
int add_prepare(int argc, char **argv, struct ksrtp_ctx_params *p,
		struct sdes_extra *x);
/*
 * Install p, then add x's keys to it (inactive: outbound packets use p's
 * key); if a key is refused, remove the context again. Prints "id N".
 * 0 or the exit status of the failure, which it reported.
 */
int add_install(struct ksrtp_handle *h, const struct ksrtp_ctx_params *p,
		const struct sdes_extra *x);
/* The context a del command line names: *id, or 0 and *t. 0 or EXIT_USAGE. */
int del_prepare(int argc, char **argv, uint32_t *id, struct ksrtp_tuple *t);
int cmd_add(int argc, char **argv);
int cmd_del(int argc, char **argv);
int cmd_key(int argc, char **argv);

/* batch.c; stdin_is_batch (in keys.c): 'key-file -' is refused. */
extern bool stdin_is_batch;
int run_batch(const char *path, bool force);

#endif /* SRTPCTL_H */
