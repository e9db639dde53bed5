// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * The kernel's part: one outbound and one inbound context, installed with
 * libksrtp from the DTLS-SRTP keying material. The local role decides
 * which half is which: a DTLS client sends with the client key and salt
 * and receives with the server's, a DTLS server the other way round.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "keyd.h"

static int add(struct kernel_ctxs *kc, struct ksrtp_ctx_params *p,
	       const char *what, uint32_t *id)
{
	int r = ksrtp_ctx_add(kc->h, p, id);

	if (r < 0)
		fprintf(stderr, "dtls-keyd: adding the %s context: %s%s%s\n", what,
			strerror(-r), *ksrtp_errmsg(kc->h) ? ": " : "",
			ksrtp_errmsg(kc->h));
	return r;
}

/*
 * @remote: where media is sent (the outbound context's remote).
 * @remote_src: where the peer sends from (the inbound context's remote);
 * the address its DTLS records came from.
 * Without @has_peer_ssrc the inbound side is a template that learns the
 * peer's SSRCs, as a daemon does when the SDP names none.
 */
int kernel_install(struct kernel_ctxs *kc, const struct srtp_keys *k,
		   bool client, const union ksrtp_sockaddr *local,
		   const union ksrtp_sockaddr *remote,
		   const union ksrtp_sockaddr *remote_src, uint32_t ssrc,
		   bool has_peer_ssrc, uint32_t peer_ssrc)
{
	struct ksrtp_ctx_params p;
	int r;

	memset(kc, 0, sizeof(*kc));
	kc->h = ksrtp_open();
	if (!kc->h) {
		fprintf(stderr, "dtls-keyd: ksrtp: %s%s\n", strerror(errno),
			errno == ENOENT ? " (is the module loaded?)" : "");
		return -1;
	}

	memset(&p, 0, sizeof(p));
	p.suite = k->suite;
	p.key_len = k->key_len;
	p.salt_len = k->salt_len;
	p.tuple.direction = KSRTP_DIR_OUTBOUND;
	p.tuple.local = *local;
	p.tuple.remote = *remote;
	p.tuple.ssrc = ssrc;
	memcpy(p.key, client ? k->client_key : k->server_key, k->key_len);
	memcpy(p.salt, client ? k->client_salt : k->server_salt, k->salt_len);
	r = add(kc, &p, "outbound", &kc->out_id);
	if (r == 0) {
		p.tuple.direction = KSRTP_DIR_INBOUND;
		p.tuple.remote = *remote_src;
		p.tuple.ssrc = peer_ssrc;
		p.is_template = !has_peer_ssrc;
		memcpy(p.key, client ? k->server_key : k->client_key, k->key_len);
		memcpy(p.salt, client ? k->server_salt : k->client_salt, k->salt_len);
		r = add(kc, &p, "inbound", &kc->in_id);
		if (r < 0) {
			ksrtp_ctx_del_id(kc->h, kc->out_id);
			kc->out_id = 0;
		}
	}
	explicit_bzero(&p, sizeof(p));
	return r < 0 ? -1 : 0;
}

/* At the end of the call: the contexts go, and with them the keys. */
void kernel_remove(struct kernel_ctxs *kc)
{
	if (kc->in_id)
		ksrtp_ctx_del_id(kc->h, kc->in_id);
	if (kc->out_id)
		ksrtp_ctx_del_id(kc->h, kc->out_id);
	ksrtp_close(kc->h);
	memset(kc, 0, sizeof(*kc));
}
