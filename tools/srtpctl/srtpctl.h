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

/*
 * srtpctl.c: the commands. Each has a file of its own with its main; the
 * table in srtpctl.c names it, and the help is made from the table.
 */
struct context;
struct command {
	const char *name;
	/* Runs the command line after the command word; its exit status. */
	int (*main)(int argc, char **argv);
	/*
	 * The synopsis in --help: a line that starts with a word is a form of
	 * the command (printed after "srtpctl NAME "), an indented line goes
	 * on (continuation, notes). NULL: none.
	 */
	const char *usage;
	/*
	 * For add and del only: the words as one request of a batch (-b),
	 * which goes to the kernel with its neighbours in one ksrtp_batch();
	 * req points into c. 0 or EXIT_USAGE. NULL: a batch runs main.
	 */
	int (*request)(int argc, char **argv, struct context *c,
		       struct ksrtp_batch_req *req);
};
/* The command a word names (or abbreviates), NULL if none or ambiguous. */
const struct command *find_command(const char *word);
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
/* The value of a word, or a usage error (EXIT_USAGE) that names it. */
int addr_arg(union ksrtp_sockaddr *a, const char *name, const char *value);
int ssrc_arg(const char *value, uint32_t *ssrc);
/* A handle, never 0: "NAME: invalid WHAT id". */
int handle_arg(const char *name, const char *what, const char *value, uint32_t *id);
/*
 * A command's words: "WORD VALUE" pairs and flags (words without a value)
 * in any order. names: the words known, NULL-terminated (at most 31);
 * abbreviations prefer the first 'old' of them (0: all alike), so that new
 * words break none. flags: bits (1 << index) of the names that take no
 * value; refused: of those known (for their abbreviations) but not taken
 * here, an unknown keyword. set() takes each word by its index, with its
 * value (NULL for a flag): 0 or EXIT_USAGE, having said why.
 */
struct word_list {
	const char *cmd;	/* in messages: "add", "forward output add" */
	const char *const *names;
	int old;
	unsigned int flags;
	unsigned int refused;
	int (*set)(int kw, char *value, void *arg);
	void *arg;
};
/* 0 or EXIT_USAGE. */
int parse_word_list(const struct word_list *l, int argc, char **argv);

/* context.c: the one model of a context and of a key. */
/*
 * A key as the words, a batch line or a key file give it: where its
 * material comes from (KEYSPEC), the MKI the words name, and what they
 * say of it (active, from-index, from-srtcp-index: in params).
 */
struct key {
	char *key_hex;		/* key HEX */
	char *salt_hex;		/* salt HEX */
	char *inline_b64;	/* inline BASE64 */
	const char *file;	/* key-file FILE */
	/* dtls-role client|server: FILE holds DTLS-SRTP keying material
	 * (hex), split by the context's direction. 0: none, 1 client,
	 * 2 server. */
	int dtls_role;
	uint8_t mki[KSRTP_MKI_MAX_LEN];	/* mki HEX */
	size_t mki_len;
	struct ksrtp_key_params params;
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
 * A context as the words of add, del and key name it: by id, or by its
 * tuple and parameters (params), with its key; once decoded, the key's
 * material is in params (key, salt, mki) and extra.
 */
struct context {
	bool has_id;
	uint32_t id;
	bool has_local;
	bool has_ssrc;
	bool has_enc_ext_ids;
	struct ksrtp_ctx_params params;
	struct key key;
	struct sdes_extra extra;
};

/* The words of the model; a command names those it takes (struct words). */
enum word {
	W_END = -1,
	W_ID, W_LOCAL, W_REMOTE, W_SSRC, W_SUITE, W_KEY, W_SALT, W_INLINE,
	W_KEY_FILE, W_ROC, W_WINDOW, W_MKI, W_TEMPLATE, W_POLICY,
	W_LEARN_LIMIT, W_DTLS_ROLE, W_ACTIVE, W_FROM_INDEX, W_FROM_SRTCP_INDEX,
	W_CRYPTEX, W_UNENCRYPTED_SRTP, W_UNENCRYPTED_SRTCP, W_UNAUTHENTICATED_SRTP,
	W_ENC_EXT_IDS,
	W_COUNT
};
struct words {
	const char *cmd;	/* in messages: "add", "key del" */
	/* The words known, ended by W_END; abbreviations prefer the first
	 * 'old' ones (0: all alike), so that new words break none. */
	const enum word *known;
	int old;
	/* Bits (1 << W_*) of the known words taken here (0: all); another
	 * known word is an unknown keyword. */
	unsigned int taken;
};
/* Fill c from "WORD VALUE" pairs and flags. 0 or EXIT_USAGE. */
int parse_words(const struct words *w, int argc, char **argv, struct context *c);
/* Check that the words name one whole context (its tuple). */
int tuple_check(const struct context *c);
/* Check that one complete KEYSPEC was given. 0 or EXIT_USAGE. */
int keyspec_check(const struct key *k);
/*
 * Decode c's key for c->params.suite into c->params (and the further keys
 * of an a=crypto line into c->extra if extra, else refuse them), wipe the
 * words that held it, and merge the MKI of the words ('mki') with an SDES
 * key's, which must be the same. 0 or EXIT_USAGE.
 */
int key_decode(struct context *c, bool extra);
/* Wipe what c holds of keys. */
void context_wipe(struct context *c);

/* keys.c: KEYSPEC decoding. */
/*
 * Decode the key and salt of p->suite into p; an SDES key's MKI
 * ("|MKI:LEN") goes into p->mki and p->mki_len (0 if it has none). A key
 * file may hold an a=crypto line: its suite must be p->suite, or becomes
 * it if p->suite is 0; its further keys go into x (NULL: only one key
 * is taken). An a=cryptex line of a key file sets p->cryptex; the
 * a=crypto line's UNENCRYPTED_SRTP, UNENCRYPTED_SRTCP and
 * UNAUTHENTICATED_SRTP (RFC 4568 section 6.3.2) set the flags of p of
 * the same names. Its a=extmap lines that encrypt an extension (RFC 6904
 * section 5) add their IDs to p->enc_ext_ids; other a=extmap lines are
 * ignored.
 */
int keyspec_decode(const struct key *k, struct ksrtp_ctx_params *p,
		   struct sdes_extra *x, char *err, size_t errlen);
/*
 * RFC 6904: add id to p's encrypted header extension IDs unless it is
 * there already.
 */
void ext_id_add(struct ksrtp_ctx_params *p, uint8_t id);
/* "1,3,200": IDs in increasing order, whatever theirs; "" for none. */
#define EXT_IDS_STRLEN	(4 * KSRTP_ENC_EXT_IDS_MAX + 1)
const char *format_ext_ids(const uint8_t *ids, unsigned int n, char *buf,
			   size_t size);
/* Zero a word that held key material (also in /proc/PID/cmdline). */
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
void print_fwd_json(struct json *j, const struct ksrtp_fwd_info *r);
void print_fwd_tsv(FILE *f, const struct ksrtp_fwd_info *r);

/* The commands' mains: add.c, del.c, show.c, set.c, key.c, monitor.c,
 * flush.c, forward.c */
int add_main(int argc, char **argv);
int del_main(int argc, char **argv);
int show_main(int argc, char **argv);
int set_main(int argc, char **argv);
int key_main(int argc, char **argv);
int monitor_main(int argc, char **argv);
int flush_main(int argc, char **argv);
int forward_main(int argc, char **argv);
/* add.c, del.c: the words as a request of a batch (struct command). */
int add_request(int argc, char **argv, struct context *c, struct ksrtp_batch_req *req);
int del_request(int argc, char **argv, struct context *c, struct ksrtp_batch_req *req);
/*
 * Install c, then add its further keys (inactive: outbound packets use
 * the first); if a key is refused, remove the context again. Prints
 * "id N". 0 or the exit status of the failure, which it reported.
 */
int add_install(struct ksrtp_handle *h, const struct context *c);

/* show.c */
const char *direction_name(enum ksrtp_direction dir);
void print_ctx(FILE *f, const struct ksrtp_ctx_info *c);
void print_net(FILE *f, const struct ksrtp_net_stats *st);
/* A dump interrupted by concurrent changes is retried this many times. */
#define DUMP_TRIES	5
/* What a dump collected, to print once it is complete (consistent). */
struct listing {
	void *items;
	size_t n, size;
};
/* The next free item of elem bytes in l (grown), or NULL: no memory. */
void *listing_slot(struct listing *l, size_t elem);
/* How an item is printed in each output form. */
struct printer {
	void (*human)(FILE *f, const void *item);
	void (*json)(struct json *j, const void *item);
	void (*tsv)(FILE *f, const void *item);
};
/* n items of elem bytes in the chosen form; JSON: one array, also of one
 * item or none. */
void print_listing(const void *items, size_t n, size_t elem, const struct printer *p);

/* monitor.c */
void print_event(FILE *f, const struct ksrtp_event_info *ev);

/* forward.c: a rule and its outputs, as forward show prints them. */
void print_fwd(FILE *f, const struct ksrtp_fwd_info *r);
/* Up to 128 payload types of up to 3 digits and a comma each. */
#define FWD_PTS_STRLEN	(128 * 4)
const char *format_fwd_pts(const struct ksrtp_fwd_info *r, char *buf, size_t size);

/* batch.c; stdin_is_batch (in keys.c): 'key-file -' is refused. */
extern bool stdin_is_batch;
int run_batch(const char *path, bool force);

#endif /* SRTPCTL_H */
