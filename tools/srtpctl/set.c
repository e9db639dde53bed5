// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * srtpctl set id ID [roc N [seq N]] [srtcp-index N]
 */
#include "srtpctl.h"

int set_main(int argc, char **argv)
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
