// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * srtpctl: install, remove, rekey and list ksrtp SRTP contexts, follow
 * their events, and forward media in the kernel.
 */
#include <errno.h>
#include <string.h>

#include "srtpctl.h"

#ifndef VERSION
#define VERSION "unknown"
#endif

/*
 * The commands, in the order of the help. Each is a file of its own with
 * its main (and a batch request, if it has one); a new command is a line
 * here and its file, after the older ones (OLD_COMMANDS): an abbreviation
 * keeps meaning the older command it meant ("f" is flush, "fo" forward).
 */
static int help_main(int argc, char **argv);

#define OLD_COMMANDS	8

static const struct command commands[] = {
	{ "add", add_main,
	  "{in|out} local ADDR:PORT [remote ADDR:PORT] ssrc SSRC suite SUITE KEYSPEC\n"
	  "            [roc N] [window N] [mki HEX] [policy required|optional] [cryptex]\n"
	  "            [unencrypted-srtp] [unencrypted-srtcp] [unauthenticated-srtp]\n"
	  "            [enc-ext-ids ID[,ID...]]\n"
	  "in local ADDR:PORT [remote ADDR:PORT] template [policy required|optional]\n"
	  "            [learn-limit N] suite SUITE KEYSPEC [roc N] [window N] [mki HEX]\n"
	  "            [cryptex] [unencrypted-srtp] [unencrypted-srtcp] [enc-ext-ids ID[,ID...]]\n"
	  "    KEYSPEC := key HEX salt HEX            (visible to other users in the process list!)\n"
	  "             | inline BASE64               (idem)\n"
	  "             | key-file FILE               (FILE '-' = standard input)\n"
	  "    key-file contents: one line, either 'inline:BASE64[|LIFETIME][|MKI:LENGTH]' (SDES),\n"
	  "    or HEX of key||salt, or 'HEXKEY HEXSALT'; surrounding whitespace ignored;\n"
	  "    or an SDES attribute as in the SDP, 'a=crypto:TAG SUITE inline:...[;inline:...]'\n"
	  "    (RFC 4568): it names the suite ('suite' may be left out), the first key is active;\n"
	  "    with it, 'a=cryptex' on a line of its own (RFC 9335) is as the word 'cryptex'.\n"
	  "    cryptex: encrypt CSRCs and header extensions too (RFC 9335; not the NULL suites).\n"
	  "    unencrypted-srtp, unencrypted-srtcp, unauthenticated-srtp: RFC 4568's session\n"
	  "    parameters, as the a=crypto line's UNENCRYPTED_SRTP ... say (not the GCM suites).\n"
	  "    enc-ext-ids: encrypt the elements of these header extension IDs (1..255, RFC 6904;\n"
	  "    not the NULL suites, not with unencrypted-srtp); in a key file, the lines\n"
	  "    'a=extmap:ID[/DIR] urn:ietf:params:rtp-hdrext:encrypt URI' say the same.\n"
	  "    add ... key-file FILE dtls-role {client|server}: FILE holds DTLS-SRTP keying\n"
	  "    material in hex (RFC 5764 4.2), split by direction and the local role.\n",
	  add_request },
	{ "del", del_main,
	  "id ID\n"
	  "{in|out} local ADDR:PORT [remote ADDR:PORT] ssrc SSRC\n",
	  del_request },
	{ "show", show_main,
	  "[id ID] [port PORT]\n"
	  "net                  (drops of the namespace's protected ports)\n", NULL },
	{ "set", set_main, "id ID [roc N [seq N]] [srtcp-index N]\n", NULL },
	{ "key", key_main,
	  "add id ID KEYSPEC [mki HEX [active]] [from-index N] [from-srtcp-index N]\n"
	  "del id ID {mki HEX | from-index N}\n"
	  "activate id ID mki HEX\n", NULL },
	{ "monitor", monitor_main, "[ready-file FILE]\n", NULL },
	{ "flush", flush_main, "", NULL },
	{ "help", help_main, NULL, NULL },
	{ "forward", forward_main,
	  "add local ADDR:PORT [remote ADDR:PORT] [ssrc SSRC] [plain] [deliver]\n"
	  "del id ID\n"
	  "show [id ID]\n"
	  "output add id ID {ctx CTXID | local ADDR:PORT remote ADDR:PORT [ssrc SSRC]}\n"
	  "            [seq-offset N] [ts-offset N]\n"
	  "output del id ID output N\n"
	  "output set id ID output N [seq-offset N] [ts-offset N]\n", NULL },
};

#define NCOMMANDS	(sizeof(commands) / sizeof(commands[0]))

/* Its usage: "srtpctl NAME " before each form, indented lines as they are. */
static void print_usage(FILE *f, const struct command *cmd)
{
	const char *line = cmd->usage, *end;

	do {
		end = strchrnul(line, '\n');
		if (*line == ' ')
			fprintf(f, "  %.*s\n", (int)(end - line), line);
		else
			fprintf(f, "  srtpctl %s%s%.*s\n", cmd->name,
				line == end ? "" : " ", (int)(end - line), line);
		line = *end ? end + 1 : end;
	} while (*line);
}

static void help(FILE *f)
{
	size_t i;
	int s;

	fputs("Usage: srtpctl [-h|--help] [-V|--version] [-j|--json|-t|--tsv] COMMAND\n"
	      "       srtpctl [-force] -b FILE    (commands from FILE, one a line; '-' = stdin)\n"
	      "\n", f);
	for (i = 0; i < NCOMMANDS; i++)
		if (commands[i].usage)
			print_usage(f, &commands[i]);
	fputs("\n"
	      "  ADDR:PORT is A.B.C.D:PORT or [IPV6]:PORT. SSRC is decimal or 0x-hex.\n"
	      "  remote may be left out only for 'in' (matches any source).\n"
	      "  roc: initial rollover counter (default 0); window: replay window in\n"
	      "  packets, 64..32767 (default 128). mki: Master Key Identifier, 1 to 4\n"
	      "  bytes in hex (0x01, 0x0001: the digits give the length). A template\n"
	      "  learns the SSRCs of its session; learn-limit 0..1024 (default 16).\n"
	      "  policy (in only): required (the default) protects the local port: what\n"
	      "  no context or template authenticates is dropped, except STUN, ZRTP,\n"
	      "  DTLS and TURN; optional protects only the context's own SSRC.\n"
	      "  from-index: SRTP index ROC*65536+SEQ.\n"
	      "  forward: what arrives at local ADDR:PORT (from remote, of ssrc: any if left\n"
	      "  out) goes to its outputs: SRTP once an 'in' context has decrypted it, or\n"
	      "  with 'plain' plain RTP that no context takes; 'deliver' passes it to the\n"
	      "  socket too. An output sends through an 'out' context (ctx) or plain from\n"
	      "  local to remote (with ssrc, or the packet's own); seq-offset 0..65535 and\n"
	      "  ts-offset 0..4294967295 are added to its RTP sequence numbers and timestamps.\n"
	      "  Keywords may be abbreviated.\n"
	      "  SUITE:", f);
	for (s = 1; s <= KSRTP_SUITE_MAX; s++)
		if (ksrtp_suite_name(s))
			fprintf(f, "%s%s", s % 3 == 1 ? "\n    " : " ", ksrtp_suite_name(s));
	fputs("\n\n"
	      "Exit status: 0 success, 1 usage or key input error, 2 refused by the\n"
	      "kernel or the system, 3 ksrtp module not loaded.\n", f);
}

static int help_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	help(stdout);
	return EXIT_OK;
}

/* An unknown option or command, and where to look. */
static int unknown(const char *what, const char *word)
{
	usage_error("unknown %s \"%s\"", what, word);
	fputs("Try 'srtpctl --help'.\n", stderr);
	return EXIT_USAGE;
}

const struct command *find_command(const char *word)
{
	const char *names[NCOMMANDS + 1];
	size_t i;
	int n;

	for (i = 0; i < NCOMMANDS; i++)
		names[i] = commands[i].name;
	names[i] = NULL;
	n = match_keyword_first(word, names, OLD_COMMANDS);
	return n < 0 ? NULL : &commands[n];
}

int run_command(int argc, char **argv)
{
	const struct command *cmd = find_command(argv[0]);

	return cmd ? cmd->main(argc - 1, argv + 1) : unknown("command", argv[0]);
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
		return unknown("option", argv[0]);
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
