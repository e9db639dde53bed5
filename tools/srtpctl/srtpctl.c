// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * srtpctl: install, remove and list ksrtp SRTP contexts.
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

	fputs("Usage: srtpctl [-h|--help] [-V|--version] COMMAND\n"
	      "\n"
	      "  srtpctl add {in|out} local ADDR:PORT [remote ADDR:PORT] ssrc SSRC suite SUITE KEYSPEC [roc N] [window N]\n"
	      "      KEYSPEC := key HEX salt HEX            (visible to other users in the process list!)\n"
	      "               | inline BASE64               (idem)\n"
	      "               | key-file FILE               (FILE '-' = standard input)\n"
	      "      key-file contents: one line, either 'inline:BASE64' (SDES), or HEX of key||salt,\n"
	      "      or 'HEXKEY HEXSALT'; surrounding whitespace ignored.\n"
	      "  srtpctl del id ID\n"
	      "  srtpctl del {in|out} local ADDR:PORT [remote ADDR:PORT] ssrc SSRC\n"
	      "  srtpctl show [id ID] [port PORT]\n"
	      "  srtpctl flush\n"
	      "\n"
	      "  ADDR:PORT is A.B.C.D:PORT or [IPV6]:PORT. SSRC is decimal or 0x-hex.\n"
	      "  remote may be left out only for 'in' (matches any source).\n"
	      "  roc: initial rollover counter (default 0); window: replay window in\n"
	      "  packets, 64..32767 (default 128). Keywords may be abbreviated.\n"
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

int main(int argc, char **argv)
{
	static const char *const commands[] = {
		"add", "del", "show", "flush", "help", NULL
	};
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
		usage_error("unknown option \"%s\"", argv[0]);
		fputs("Try 'srtpctl --help'.\n", stderr);
		return EXIT_USAGE;
	}
	if (argc < 1) {
		help(stderr);
		return EXIT_USAGE;
	}

	switch (match_keyword(argv[0], commands)) {
	case 0:
		ret = cmd_add(argc - 1, argv + 1);
		break;
	case 1:
		ret = cmd_del(argc - 1, argv + 1);
		break;
	case 2:
		ret = cmd_show(argc - 1, argv + 1);
		break;
	case 3:
		ret = cmd_flush(argc - 1, argv + 1);
		break;
	case 4:
		help(stdout);
		return EXIT_OK;
	default:
		usage_error("unknown command \"%s\"", argv[0]);
		fputs("Try 'srtpctl --help'.\n", stderr);
		return EXIT_USAGE;
	}
	if ((fflush(stdout) || ferror(stdout)) && !ret) {
		fprintf(stderr, "srtpctl: writing the output: %s\n", strerror(errno));
		ret = EXIT_REFUSED;
	}
	return ret;
}
