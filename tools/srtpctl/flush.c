// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * srtpctl flush
 */
#include "srtpctl.h"

int flush_main(int argc, char **argv)
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
