#!/bin/bash
# shellcheck disable=SC2034 # BAD_KMSG is for the scripts sourcing this
# Kernel log lines that mean the kernel is unhappy (an extended regex),
# for run.sh, which fails a test on any of them, and vm/guest-init.sh,
# which looks for them before the command starts.
# (lockdep's reports start with "WARNING:" or "BUG:", and say so again in
# their body; "lockdep is turned off" follows one that scrolled out.)
BAD_KMSG='BUG:|WARNING:|Oops|general protection|UBSAN:|KASAN:|kernel BUG|refcount_t:|list_(add|del) corruption|INFO: task .* blocked|rcu: INFO:|unreferenced object|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|lockdep is turned off|kmemleak: .*(disabled|failed|empty)|Kernel panic'
