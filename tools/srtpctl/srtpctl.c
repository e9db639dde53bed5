// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * srtpctl: install, remove, rekey and list ksrtp SRTP contexts, and
 * follow their events.
 */
#include <errno.h>
#include <string.h>

#include "srtpctl.h"

#ifndef VERSION
#define VERSION "unknown"
#endif

static void help(FILE *f)
{
	int i;

	fputs("Usage: srtpctl [-h|--help] [-V|--version] [-j|--json|-t|--tsv] COMMAND\n"
	      "       srtpctl [-force] -b FILE    (commands from FILE, one a line; '-' = stdin)\n"
	      "\n"
	      "  srtpctl add {in|out} local ADDR:PORT [remote ADDR:PORT] ssrc SSRC suite SUITE KEYSPEC\n"
	      "              [roc N] [window N] [mki HEX] [policy required|optional]\n"
	      "  srtpctl add in local ADDR:PORT [remote ADDR:PORT] template [policy required|optional]\n"
	      "              [learn-limit N] suite SUITE KEYSPEC [roc N] [window N] [mki HEX]\n"
	      "      KEYSPEC := key HEX salt HEX            (visible to other users in the process list!)\n"
	      "               | inline BASE64               (idem)\n"
	      "               | key-file FILE               (FILE '-' = standard input)\n"
	      "      key-file contents: one line, either 'inline:BASE64[|LIFETIME][|MKI:LENGTH]' (SDES),\n"
	      "      or HEX of key||salt, or 'HEXKEY HEXSALT'; surrounding whitespace ignored;\n"
	      "      or an SDES attribute as in the SDP, 'a=crypto:TAG SUITE inline:...[;inline:...]'\n"
	      "      (RFC 4568): it names the suite ('suite' may be left out), the first key is active.\n"
	      "      add ... key-file FILE dtls-role {client|server}: FILE holds DTLS-SRTP keying\n"
	      "      material in hex (RFC 5764 4.2), split by direction and the local role.\n"
	      "  srtpctl del id ID\n"
	      "  srtpctl del {in|out} local ADDR:PORT [remote ADDR:PORT] ssrc SSRC\n"
	      "  srtpctl show [id ID] [port PORT]\n"
	      "  srtpctl show net                  (drops of the namespace's protected ports)\n"
	      "  srtpctl set id ID [roc N [seq N]] [srtcp-index N]\n"
	      "  srtpctl key add id ID KEYSPEC [mki HEX [active]] [from-index N] [from-srtcp-index N]\n"
	      "  srtpctl key del id ID {mki HEX | from-index N}\n"
	      "  srtpctl key activate id ID mki HEX\n"
	      "  srtpctl monitor [ready-file FILE]\n"
	      "  srtpctl flush\n"
	      "\n"
	      "  ADDR:PORT is A.B.C.D:PORT or [IPV6]:PORT. SSRC is decimal or 0x-hex.\n"
	      "  remote may be left out only for 'in' (matches any source).\n"
	      "  roc: initial rollover counter (default 0); window: replay window in\n"
	      "  packets, 64..32767 (default 128). mki: Master Key Identifier, 1 to 4\n"
	      "  bytes in hex (0x01, 0x0001: the digits give the length). A template\n"
	      "  learns the SSRCs of its session; learn-limit 0..1024 (default 16).\n"
	      "  policy (in only): required (the default) protects the local port: what\n"
	      "  no context or template authenticates is dropped, except STUN, ZRTP,\n"
	      "  DTLS and TURN; optional protects only the context's own SSRC.\n"
	      "  from-index: SRTP index ROC*65536+SEQ. Keywords may be abbreviated.\n"
	      "  SUITE:", f);
	for (i = 1; i <= KSRTP_SUITE_MAX; i++)
		if (ksrtp_suite_name(i))
			fprintf(f, "%s%s", i % 3 == 1 ? "\n    " : " ", ksrtp_suite_name(i));
	fputs("\n\n"
	      "Exit status: 0 success, 1 usage or key input error, 2 refused by the\n"
	      "kernel or the system, 3 ksrtp module not loaded.\n", f);
}

static int cmd_flush(int argc, char **argv)
{
	struct ksrtp_handle *h;
	int ret;

	if (argc)
		return usage_error("flush: unexpected \"%s\"", argv[0]);
	ret = open_handle(&h);
	if (ret)
		return ret;
	ret = ksrtp_flush(h);
	if (ret)
		ret = kernel_error(h, ret, "flush");
	ksrtp_close(h);
	return ret;
}

/* set id ID [roc N [seq N]] [srtcp-index N] */
static int cmd_set(int argc, char **argv)
{
	static const char *const keywords[] = {
		"id", "roc", "seq", "srtcp-index", NULL
	};
	struct ksrtp_stream_state st = { 0 };
	struct ksrtp_handle *h;
	uint32_t id = 0, v;
	bool has_id = false;
	int kw, ret;

	for (; argc > 0; argc -= 2, argv += 2) {
		kw = match_keyword(argv[0], keywords);
		if (kw < 0)
			return usage_error("set: unknown keyword \"%s\"", argv[0]);
		if (argc < 2)
			return usage_error("set: %s needs a value", keywords[kw]);
		if (!parse_u32(argv[1], &v))
			return usage_error("set: %s: bad number \"%s\"",
					   keywords[kw], argv[1]);
		switch (kw) {
		case 0:
			id = v;
			has_id = true;
			break;
		case 1:
			st.has_roc = true;
			st.roc = v;
			break;
		case 2:
			if (v > 0xffff)
				return usage_error("set: seq: \"%s\" is above 65535",
						   argv[1]);
			st.has_seq = true;
			st.seq = v;
			break;
		default:
			if (v > 0x7fffffff)
				return usage_error("set: srtcp-index: \"%s\" is above 2^31-1",
						   argv[1]);
			st.has_srtcp_index = true;
			st.srtcp_index = v;
		}
	}
	if (!has_id)
		return usage_error("set: id ID is required");
	if (st.has_seq && !st.has_roc)
		return usage_error("set: seq needs roc");
	if (!st.has_roc && !st.has_srtcp_index)
		return usage_error("set: nothing to set (roc, srtcp-index)");
	ret = open_handle(&h);
	if (ret)
		return ret;
	ret = ksrtp_ctx_set_id(h, id, &st);
	if (ret)
		ret = kernel_error(h, ret, "set id %u", id);
	ksrtp_close(h);
	return ret;
}

static const char *const commands[] = {
	[CMD_ADD] = "add", [CMD_DEL] = "del", [CMD_SHOW] = "show",
	[CMD_FLUSH] = "flush", [CMD_HELP] = "help", [CMD_SET] = "set",
	[CMD_KEY] = "key", [CMD_MONITOR] = "monitor", NULL
};

int find_command(const char *word)
{
	return match_keyword(word, commands);
}

int run_command(int argc, char **argv)
{
	switch (find_command(argv[0])) {
	case CMD_ADD:
		return add_main(argc - 1, argv + 1);
	case CMD_DEL:
		return del_main(argc - 1, argv + 1);
	case CMD_SHOW:
		return cmd_show(argc - 1, argv + 1);
	case CMD_FLUSH:
		return cmd_flush(argc - 1, argv + 1);
	case CMD_HELP:
		help(stdout);
		return EXIT_OK;
	case CMD_SET:
		return cmd_set(argc - 1, argv + 1);
	case CMD_KEY:
		return key_main(argc - 1, argv + 1);
	case CMD_MONITOR:
		return cmd_monitor(argc - 1, argv + 1);
	default:
		usage_error("unknown command \"%s\"", argv[0]);
		fputs("Try 'srtpctl --help'.\n", stderr);
		return EXIT_USAGE;
	}
}

int main(int argc, char **argv)
{
	const char *batch = NULL;
	bool force = false;
	int ret;

	argc--;
	argv++;
	for (; argc > 0 && argv[0][0] == '-'; argc--, argv++) {
		if (!strcmp(argv[0], "-h") || !strcmp(argv[0], "--help")) {
			help(stdout);
			return EXIT_OK;
		}
		if (!strcmp(argv[0], "-V") || !strcmp(argv[0], "--version")) {
			printf("srtpctl %s\n", VERSION);
			return EXIT_OK;
		}
		if (!strcmp(argv[0], "-b") || !strcmp(argv[0], "-batch") ||
		    !strcmp(argv[0], "--batch")) {
			if (argc < 2)
				return usage_error("%s needs a FILE ('-' for standard input)",
						   argv[0]);
			batch = argv[1];
			argc--;
			argv++;
			continue;
		}
		if (!strcmp(argv[0], "-j") || !strcmp(argv[0], "--json") ||
		    !strcmp(argv[0], "-json")) {
			output_format = OUTPUT_JSON;
			continue;
		}
		if (!strcmp(argv[0], "-t") || !strcmp(argv[0], "--tsv") ||
		    !strcmp(argv[0], "-tsv")) {
			output_format = OUTPUT_TSV;
			continue;
		}
		if (!strcmp(argv[0], "-f") || !strcmp(argv[0], "-force") ||
		    !strcmp(argv[0], "--force")) {
			force = true;
			continue;
		}
		usage_error("unknown option \"%s\"", argv[0]);
		fputs("Try 'srtpctl --help'.\n", stderr);
		return EXIT_USAGE;
	}
	if (batch && argc > 0)
		return usage_error("-b FILE takes its commands from FILE, not from \"%s\"",
				   argv[0]);
	if (force && !batch)
		return usage_error("-force applies to -b FILE only");
	if (batch) {
		ret = run_batch(batch, force);
	} else if (argc < 1) {
		help(stderr);
		return EXIT_USAGE;
	} else {
		ret = run_command(argc, argv);
	}
	if ((fflush(stdout) || ferror(stdout)) && !ret) {
		fprintf(stderr, "srtpctl: writing the output: %s\n", strerror(errno));
		ret = EXIT_REFUSED;
	}
	return ret;
}
