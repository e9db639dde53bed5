/* SPDX-License-Identifier: GPL-2.0-only OR MIT */
/*
 * A small streaming JSON writer (in the manner of iproute2's json_print):
 * objects and arrays nest, members are written with their key inside an
 * object and without one (key NULL) inside an array; strings are escaped
 * (RFC 8259). Output is compact, one document per json_end().
 */
#ifndef SRTPCTL_JSON_H
#define SRTPCTL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	16

struct json {
	FILE *f;
	int depth;
	bool need_comma[JSON_MAX_DEPTH];
};

void json_begin(struct json *j, FILE *f);
/* Ends the document with a newline. */
void json_end(struct json *j);
void json_open_object(struct json *j, const char *key);
void json_close_object(struct json *j);
void json_open_array(struct json *j, const char *key);
void json_close_array(struct json *j);
void json_string(struct json *j, const char *key, const char *value);
void json_u64(struct json *j, const char *key, uint64_t value);
void json_bool(struct json *j, const char *key, bool value);
void json_null(struct json *j, const char *key);
/* Write s as a JSON string literal, quotes included. */
void json_write_string(FILE *f, const char *s);

#endif /* SRTPCTL_JSON_H */
