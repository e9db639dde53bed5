/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _KSRTP_NETLINK_H
#define _KSRTP_NETLINK_H

int ksrtp_genl_init(void);
void ksrtp_genl_exit(void);

#endif /* _KSRTP_NETLINK_H */
