#!/bin/bash
# shellcheck disable=SC2034 # TIMEOUT_SCALE is for the scripts sourcing this
# KSRTP_TIMEOUT_SCALE, read and checked in one place for run.sh and lib.sh
# (and so for every test): a whole number from 1 to 100, anything else is
# 1. The checked value is exported, so the programs the tests start
# (rtp-peer recv, selftests/tools/recv.c) see it as well.
TIMEOUT_SCALE=${KSRTP_TIMEOUT_SCALE:-1}
[[ "$TIMEOUT_SCALE" =~ ^([1-9][0-9]?|100)$ ]] || TIMEOUT_SCALE=1
export KSRTP_TIMEOUT_SCALE=$TIMEOUT_SCALE
