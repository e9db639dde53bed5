// SPDX-License-Identifier: GPL-2.0
/*
 * ksrtp: SRTP and SRTCP (RFC 3711) for the UDP sockets of a media server.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/genetlink.h>
#include <uapi/linux/ksrtp.h>

#include "context.h"
#include "floor.h"
#include "seal.h"
#include "master_keys.h"
#include "netlink.h"
#include "netns.h"
#include "selftest.h"

/**
 * ksrtp_init() - load the module
 *
 * Crypto, keys and contexts first, then the self-tests of a test build,
 * then the per-namespace state, and last the netlink family, from which
 * requests may come at once. No namespace has hooks until its first
 * context.
 *
 * Return: 0, or a negative errno, everything undone.
 */
static int __init ksrtp_init(void)
{
	int err;

	err = ksrtp_crypto_init();
	if (err)
		return err;
	err = ksrtp_keys_module_init();
	if (err)
		goto err_crypto;
	err = ksrtp_ctx_init();
	if (err)
		goto err_keys;
	err = ksrtp_selftest_run();
	if (err)
		goto err_ctx;
	err = ksrtp_netns_init();
	if (err)
		goto err_ctx;
	err = ksrtp_genl_init();
	if (err)
		goto err_netns;
	ksrtp_floor_init();
	pr_info("loaded\n");
	return 0;

err_netns:
	ksrtp_netns_exit();
err_ctx:
	ksrtp_ctx_exit();
err_keys:
	ksrtp_keys_module_exit();
err_crypto:
	ksrtp_crypto_exit();
	return err;
}

/**
 * ksrtp_exit() - unload the module
 *
 * The reverse of ksrtp_init(): no more requests, then every namespace's
 * hooks and contexts go, then what the contexts' deferred frees use.
 */
static void __exit ksrtp_exit(void)
{
	ksrtp_floor_exit();
	ksrtp_genl_exit();
	ksrtp_netns_exit();
	ksrtp_ctx_exit();
	ksrtp_keys_module_exit();
	ksrtp_crypto_exit();
}

module_init(ksrtp_init);
module_exit(ksrtp_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("SRTP and SRTCP for UDP sockets");
MODULE_ALIAS_GENL_FAMILY(KSRTP_GENL_NAME);
MODULE_SOFTDEP("pre: nf_defrag_ipv6");
