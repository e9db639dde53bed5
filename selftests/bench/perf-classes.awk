# SPDX-License-Identifier: GPL-2.0
#
# perf-classes.awk: perf report's "percent dso symbol" lines (perf report
# -q --stdio --sort dso,sym) summed by class, one "class percent" line
# each, for selftests/bench/profile.sh and run.sh's profiled forwarding:
#   idle    the CPU idle
#   user    userspace (the sender, a relay, libc)
#   fpu     saving and restoring the FPU state that the SIMD code needs
#   crypto  AES, GHASH, SHA-1, HMAC and the crypto API around them, in
#           any module (rtpengine's AES and HMAC calls included)
#   ksrtp   the rest of the ksrtp module
#   rtpengine  the rest of rtpengine's module (xt_RTPENGINE)
#   stack   the rest of the kernel
# Module symbols perf may file under [kernel.kallsyms]: from the running
# kernel's /proc/kallsyms (module name in brackets in the fourth field).
BEGIN {
	while ((getline l < "/proc/kallsyms") > 0) {
		n = split(l, f, " ")
		if (n >= 4 && f[4] ~ /^\[/) {
			gsub(/[][]/, "", f[4])
			mod[f[3]] = f[4]
		}
	}
	close("/proc/kallsyms")
}
$1 ~ /%$/ {
	pct = $1
	sub(/%/, "", pct)
	dso = $2
	sym = $NF
	if (sym ~ /(idle|halt|mwait|cpuidle|do_idle|poll_idle)/)
		c = "idle"
	else if (dso !~ /^\[/)
		c = "user"
	else if (sym ~ /(fpu|fpregs|xsave|xrstor)/)
		c = "fpu"
	else if (sym ~ /(aes|gcm|ghash|gf128|clmul|sha1|sha_|hmac|crypto|skcipher|aead|scatterwalk)/)
		c = "crypto"
	# Local labels of the AES-NI, GCM and SHA-1 assembly (6.1's
	# arch/x86/crypto), which perf names instead of their function.
	else if (sym ~ /^_(loop[0-9]*|begin|encrypt_by_|initial_num_blocks|multiple_of_16|get_AAD|esb_loop|T_[0-9]|partial_block|less_than_16|zero_cipher|eight_cipher|after_reduction|small_initial|large_enough)/)
		c = "crypto"
	else if (dso == "[ksrtp]" || mod[sym] == "ksrtp" || sym ~ /^ksrtp_/)
		c = "ksrtp"
	else if (dso == "[xt_RTPENGINE]" || mod[sym] == "xt_RTPENGINE")
		c = "rtpengine"
	else
		c = "stack"
	s[c] += pct
}
END {
	for (c in s)
		printf "%s %.2f\n", c, s[c]
}
