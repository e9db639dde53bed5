# ksrtp top-level Makefile.
#
#   make [all]        build the module (./ksrtp.ko) and the tools
#   make module       the module only: make -C $(KDIR) M=$(CURDIR) modules
#                     (W=1, C=1, V=1, KSRTP_SELFTEST=1 ... are passed on)
#   make tools        tools/ (libksrtp, srtpctl)
#   make selftests-tools   selftests/tools/ (rtp-peer)
#   make check        install deps and the chroots (and sid's libsrtp2 2.8
#                     binary packages in the trixie chroot for 31-cryptex's
#                     peer, selftests/bench/libsrtp-openssl.sh --cryptex),
#                     build everything for the test kernel
#                     (W=1, warnings are errors, KSRTP_SELFTEST=1) and run
#                     selftests/run.sh in a QEMU VM; last line of output:
#                     "N passed, N failed[, N skipped]"; host checks once,
#                     the build matrix, the VM suite on Debian's 6.1
#                     and 7.3 kernels and a subset on 6.12
#                     (selftests/check.sh; KVER=... runs one kernel)
#                     TESTS='10-foo 2*' runs only those tests
#   make build-matrix the module (KSRTP_SELFTEST=1 W=1, warnings fail) for
#                     every kernel line from 5.10 to 7.3, on the host and
#                     in cached bullseye/trixie chroots (made on first use,
#                     selftests/vm/chroots.sh), and the tools in trixie;
#                     one "ok - build-KVER" line each (make check runs it)
#   make check-debug  the same suite (no host checks) on the debug kernel:
#                     KASAN, UBSAN, lockdep, kmemleak; builds it on first
#                     use (selftests/vm/debug-kernel.sh, cached under
#                     /var/cache/ksrtp) and fails on any report or taint;
#                     the netlink fuzzer sends 100,000 requests there
#   make check-harness  the harness's own tests: guests broken on purpose
#                     mid-lane are ended, their test fails by name and the
#                     rest run in a fresh boot (selftests/harness-test.sh)
#   make demo         the same build (without KSRTP_SELFTEST), then
#                     selftests/demo.sh in the VM
#   make bench        the same build, libsrtp2 on OpenSSL under build/
#                     (selftests/bench/libsrtp-openssl.sh, built once),
#                     rtpengine's kernel module for the test kernel
#                     (selftests/bench/rtpengine.sh, from Debian 12's
#                     packages, cached under build/rtpengine),
#                     then selftests/bench/run.sh in one VM
#                     boot (BENCH_MEM MB, default 6144); prints the table and
#                     writes benchmark/results-KVER.json (and the table to
#                     benchmark/table-MAJOR.MINOR.txt, shown in performance.rst)
#   make bench-profile  the same build; perf samples the send path in one VM
#                     boot (selftests/bench/profile.sh; installs linux-perf)
#                     and writes benchmark/profile-MAJOR.MINOR.txt
#   make vm-run CMD='...'   build, boot the VM, insmod ./ksrtp.ko (unless
#                     NOLOAD=1) and run CMD in the repo top dir, with
#                     srtpctl and rtp-peer in PATH
#   make sparse       the module with sparse (C=2)
#   make lint         shellcheck the harness and the tests
#   make nlfuzz       make check TESTS=52-netlink-fuzz with 100,000 requests
#   make install      modules_install + depmod, and tools install
#   make dkms-install register the module source with DKMS (/usr/src/
#                     ksrtp-VERSION) and build + install it for DKMS_KVERS
#                     (default: every kernel with /lib/modules/KVER/build)
#   make dkms-uninstall   dkms remove --all and delete /usr/src/ksrtp-VERSION
#   make dkms-src     install the DKMS source tree under $(DESTDIR)/usr/src
#   make package-check    build the Debian packages (debian/), install them
#                     here, let DKMS build the module for the test kernels
#                     and run 90-packaged-module in the VM of each
#   make clean
#
# Variables: KDIR (kernel build dir; default: the running kernel's, or the
# test kernel's if the running kernel has no headers), KVER (test kernel
# release, default: selftests/vm/kver.sh), TIMEOUT (VM command timeout, s),
# VM_MEM (MB), VM_ARGS (extra run-vm.sh options).

SHELL := /bin/bash
TOP := $(CURDIR)

HOST_KDIR := /lib/modules/$(shell uname -r)/build
KDIR ?= $(if $(wildcard $(HOST_KDIR)/Makefile),$(HOST_KDIR),/lib/modules/$(shell $(TOP)/selftests/vm/kver.sh 2>/dev/null)/build)
KVER ?=
TIMEOUT ?= 3600
VM_MEM ?= 2048
VM_ARGS ?=
TESTS ?=
NOLOAD ?=
CMD ?=

# Forwarded to Kbuild explicitly (command-line variables also travel in
# MAKEFLAGS, this just makes it obvious).
KBUILD_VARS := $(foreach v,KSRTP_SELFTEST W C V,$(if $($(v)),$(v)=$($(v))))

SUBMAKE := $(MAKE) --no-print-directory
RUN_VM := $(TOP)/selftests/vm/run-vm.sh --timeout $(TIMEOUT) --mem $(VM_MEM) $(VM_ARGS)

# Kbuild products of the module (not of tools/ or selftests/tools/).
define clean_module_objs
	find $(TOP) \( -path $(TOP)/.git -o -path $(TOP)/tools -o -path $(TOP)/selftests \
		-o -path $(TOP)/build \) -prune -o -type f \( -name '*.o' -o -name '*.ko' \
		-o -name '*.mod' -o -name '*.mod.c' -o -name '.*.cmd' -o -name '.*.d' \
		-o -name 'modules.order' -o -name 'Module.symvers' \) -print0 | xargs -0 rm -f
endef

.PHONY: all module tools selftests-tools check build-matrix check-harness check-debug demo bench bench-profile vm-run vm-build install \
	clean sparse lint nlfuzz dkms-src dkms-install dkms-uninstall package-check

all: module tools

module:
	$(MAKE) -C $(KDIR) M=$(TOP) $(KBUILD_VARS) modules

sparse:
	$(MAKE) -C $(KDIR) M=$(TOP) $(KBUILD_VARS) C=2 modules

tools:
	$(MAKE) -C tools

selftests-tools:
	$(MAKE) -C selftests/tools

# Internal: build module + tools for kernel $(KVER) (its build dir is
# VM_KDIR, default /lib/modules/$(KVER)/build; a kernel of the trixie
# chroot, selftests/vm/kver.sh --root, is built inside the chroot by
# selftests/vm/chroot-module.sh) the way the VM needs them.
# VM_SELFTEST=1 adds KSRTP_SELFTEST=1, W=1, a clean module rebuild and
# fails on any compiler/modpost warning.
VM_SELFTEST ?=
VM_KDIR ?=
vm-build:
	@test -n "$(KVER)" || { echo "vm-build: KVER not set" >&2; exit 2; }
	@mkdir -p $(TOP)/build
	@$(if $(VM_SELFTEST),$(clean_module_objs))
	@echo "  MODULE  ksrtp.ko for $(KVER)$(if $(VM_SELFTEST), (KSRTP_SELFTEST=1 W=1))"
	@set -o pipefail; root=$$($(TOP)/selftests/vm/kver.sh --root $(KVER) 2>/dev/null || echo /); \
	if [ -z "$(VM_KDIR)" ] && [ "$$root" != / ]; then \
		rm -f $(TOP)/ksrtp.ko; \
		$(TOP)/selftests/vm/chroot-module.sh "$$root" $(KVER) \
			$(if $(VM_SELFTEST),KSRTP_SELFTEST=1 W=1) $(filter-out W=% KSRTP_SELFTEST=%,$(KBUILD_VARS)); \
	else \
		$(SUBMAKE) -C $(or $(VM_KDIR),/lib/modules/$(KVER)/build) M=$(TOP) \
			$(if $(VM_SELFTEST),KSRTP_SELFTEST=1 W=1) $(filter-out W=% KSRTP_SELFTEST=%,$(KBUILD_VARS)) \
			modules; \
	fi 2>&1 | tee $(TOP)/build/module-build.log
	@if grep -qi 'warning:' $(TOP)/build/module-build.log; then \
		echo "error: the module build printed warnings (see build/module-build.log):" >&2; \
		grep -i 'warning:' $(TOP)/build/module-build.log >&2; \
		$(if $(VM_SELFTEST),exit 1,true); \
	fi
	@test -f $(TOP)/ksrtp.ko || { echo "error: the module build did not produce ksrtp.ko" >&2; exit 1; }
	@set -o pipefail; $(SUBMAKE) -C $(TOP)/tools 2>&1 | sed '/Nothing to be done/d'
	@set -o pipefail; $(SUBMAKE) -C $(TOP)/selftests/tools 2>&1 | sed '/Nothing to be done/d'
	@set -o pipefail; if $(TOP)/selftests/bench/libsrtp-openssl.sh --cryptex --check; then \
		$(SUBMAKE) -C $(TOP)/selftests/tools rtp-peer-cx 2>&1 | sed '/Nothing to be done/d'; \
	else \
		rm -f $(TOP)/selftests/tools/rtp-peer-cx $(TOP)/selftests/tools/rtp-peer-cx.bin; \
		echo "  NOTE    no libsrtp2 2.8 (sid's, in the trixie chroot), so no rtp-peer-cx: 31-cryptex will fail" \
			"($$(cat $(TOP)/build/libsrtp-cryptex/error 2>/dev/null || echo 'selftests/bench/libsrtp-openssl.sh --cryptex builds it'))" >&2; \
	fi

# Host checks once, then the VM suite on each test kernel (KVER= picks one).
# 31-cryptex's libsrtp2 2.8 peer (selftests/bench/libsrtp-openssl.sh
# --cryptex: sid's binary packages, into the trixie chroot, so after
# install-deps.sh --chroots): fetched once; if it cannot be, the run goes
# on and that test fails, naming the reason.
CRYPTEX_LIB = $(TOP)/selftests/bench/libsrtp-openssl.sh --cryptex || \
	echo "check: ERROR: no libsrtp2 2.8 for 31-cryptex, which will fail" >&2
check:
	@$(TOP)/selftests/install-deps.sh --chroots
	@$(CRYPTEX_LIB)
	@KVER='$(KVER)' TESTS='$(TESTS)' $(TOP)/selftests/check.sh -- $(RUN_VM)

# The harness's own tests: guests broken on purpose in the middle of a
# lane (selftests/harness-test.sh; KVER= picks one kernel).
check-harness:
	@$(TOP)/selftests/install-deps.sh --chroots
	@$(TOP)/selftests/harness-test.sh $(KVER)

# The debug kernel is several times slower than Debian's under TCG: the
# tests get KSRTP_TIMEOUT_SCALE times their time limits, the VM command
# DEBUG_TIMEOUT_SCALE times TIMEOUT.
DEBUG_TIMEOUT_SCALE ?= 4
# Every test but the packages' one: DKMS builds for Debian's kernels, and
# the debug kernel is not one (make check runs it on both of those).
DEBUG_TESTS = $(or $(TESTS),$(filter-out 90-packaged-module,\
	$(basename $(notdir $(wildcard $(TOP)/selftests/tests/*.sh)))))
check-debug:
	@$(TOP)/selftests/install-deps.sh --chroots
	@$(CRYPTEX_LIB)
	@dir=$$($(TOP)/selftests/vm/debug-kernel.sh) && kver=$$(cat $$dir/kver) && \
	$(SUBMAKE) vm-build KVER=$$kver VM_KDIR=$$dir/build VM_SELFTEST=1 && \
	$(RUN_VM) --kernel $$dir/bzImage --kver $$kver --no-initrd --modules $$dir/modules/lib/modules \
		--timeout $$(($(TIMEOUT) * $(DEBUG_TIMEOUT_SCALE))) \
		--env KSRTP_DEBUG_KERNEL=1 --env KSRTP_TIMEOUT_SCALE=$(DEBUG_TIMEOUT_SCALE) \
		--env KSRTP_NLFUZZ_COUNT=$${KSRTP_NLFUZZ_COUNT:-100000} \
		-- selftests/run.sh $(DEBUG_TESTS)

demo:
	@$(TOP)/selftests/install-deps.sh
	@kver=$${KVER:-$$($(TOP)/selftests/vm/kver.sh)} && \
	$(SUBMAKE) vm-build KVER=$$kver && \
	$(RUN_VM) --kver $$kver -- selftests/demo.sh

# The benchmark (Documentation/performance.rst): figures from one VM boot,
# copied out of the VM's results share into benchmark/. Only this target
# needs the OpenSSL build of libsrtp2 (the userspace peer's second row).
# The crypto floor needs a KSRTP_SELFTEST build (build/bench/ksrtp-floor.ko);
# every other figure is the production build's.
BENCH_MEM ?= 6144
# perf (Debian's linux-perf), for make bench-profile and the bench's
# opt-in part fwdprof.
NEED_PERF = command -v perf >/dev/null || { test "$$(id -u)" = 0 || \
	{ echo "perf is missing: apt-get install linux-perf" >&2; exit 1; }; \
	apt-get install -y -q --no-install-recommends linux-perf; }
bench:
	@$(TOP)/selftests/install-deps.sh
	@case " $$KSRTP_BENCH_PARTS " in *" fwdprof "*) $(NEED_PERF) ;; esac
	@$(TOP)/selftests/bench/libsrtp-openssl.sh
	@kver=$${KVER:-$$($(TOP)/selftests/vm/kver.sh)} && \
	$(SUBMAKE) vm-build KVER=$$kver VM_SELFTEST=1 && \
	mkdir -p $(TOP)/build/bench && cp $(TOP)/ksrtp.ko $(TOP)/build/bench/ksrtp-floor.ko && \
	$(SUBMAKE) vm-build KVER=$$kver && \
	$(SUBMAKE) -C $(TOP)/selftests/bench && \
	$(TOP)/selftests/bench/rtpengine.sh $$kver && \
	$(TOP)/selftests/vm/run-vm.sh --timeout $(TIMEOUT) --mem $(BENCH_MEM) $(VM_ARGS) --kver $$kver \
		--env KSRTP_BENCH_COMMIT=$$(git -C $(TOP) rev-parse --short HEAD 2>/dev/null || echo unknown) \
		-- 'selftests/load-module.sh && selftests/bench/run.sh "$$KSRTP_VM_RESULTS/bench.json"' && \
	mkdir -p $(TOP)/benchmark && \
	cp $(TOP)/build/vm/last/bench.json $(TOP)/benchmark/results-$$kver.json && \
	line=$$(echo $$kver | cut -d. -f1,2) && \
	cp $(TOP)/build/vm/last/bench.txt $(TOP)/benchmark/table-$$line.txt && \
	echo "bench: wrote benchmark/results-$$kver.json and benchmark/table-$$line.txt"

# Where the send path's time goes, sampled by perf in one VM boot
# (selftests/bench/profile.sh; Documentation/performance.rst): writes
# benchmark/profile-MAJOR.MINOR.txt. perf comes from Debian's linux-perf.
bench-profile:
	@$(TOP)/selftests/install-deps.sh
	@$(NEED_PERF)
	@kver=$${KVER:-$$($(TOP)/selftests/vm/kver.sh)} && \
	$(SUBMAKE) vm-build KVER=$$kver && \
	$(SUBMAKE) -C $(TOP)/selftests/bench && \
	$(TOP)/selftests/vm/run-vm.sh --timeout $(TIMEOUT) $(VM_ARGS) --kver $$kver \
		-- 'selftests/load-module.sh && selftests/bench/profile.sh "$$KSRTP_VM_RESULTS/profile.txt"' && \
	mkdir -p $(TOP)/benchmark && line=$$(echo $$kver | cut -d. -f1,2) && \
	cp $(TOP)/build/vm/last/profile.txt $(TOP)/benchmark/profile-$$line.txt && \
	echo "bench-profile: wrote benchmark/profile-$$line.txt"

# CMD reaches the shell through the environment, so any quoting in it works.
vm-run: export KSRTP_VM_CMD := $(value CMD)
vm-run:
	@test -n "$$KSRTP_VM_CMD" || { echo "usage: make vm-run CMD='command' [NOLOAD=1]" >&2; exit 2; }
	@$(TOP)/selftests/install-deps.sh
	@kver=$${KVER:-$$($(TOP)/selftests/vm/kver.sh)} && \
	$(SUBMAKE) vm-build KVER=$$kver && \
	$(RUN_VM) --kver $$kver -- \
		"export PATH=$(TOP)/tools/srtpctl:$(TOP)/selftests/tools:\$$PATH;$(if $(filter 1,$(NOLOAD)),, selftests/load-module.sh || exit 125;)"$$'\n'"$$KSRTP_VM_CMD"

# The module (KSRTP_SELFTEST=1 W=1, warnings fail) against every kernel
# line's headers, on the host and in the chroots, and the tools in the
# trixie chroot (selftests/build-matrix.sh; make check runs it too).
build-matrix:
	@$(TOP)/selftests/install-deps.sh --chroots
	@$(TOP)/selftests/build-matrix.sh

# The netlink fuzzer at full size; make check runs 20,000 requests.
nlfuzz:
	@KSRTP_NLFUZZ_COUNT=$${KSRTP_NLFUZZ_COUNT:-100000} $(SUBMAKE) check TESTS=52-netlink-fuzz

# shellcheck over the harness and tests (settings in .shellcheckrc).
lint:
	shellcheck .ci/run $$(find selftests -name '*.sh' | sort)

# The module is not signed (no key outside the distribution's build); the
# kernel release comes from the module's vermagic (Debian's headers report
# the upstream version in include/config/kernel.release).
install: module
	$(MAKE) -C $(KDIR) M=$(TOP) $(KBUILD_VARS) CONFIG_MODULE_SIG_ALL= modules_install
	depmod -a $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) $$(modinfo -F vermagic $(TOP)/ksrtp.ko | cut -d' ' -f1)
	$(MAKE) -C tools install

# DKMS: the module's source tree as DKMS builds it, one version at a time.
KSRTP_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"$$/\1/p' $(TOP)/dkms.conf)
DKMS_SRC = $(DESTDIR)/usr/src/ksrtp-$(KSRTP_VERSION)
DKMS_KVERS ?= $(notdir $(patsubst %/build,%,$(wildcard /lib/modules/*/build)))

dkms-src:
	@test -n "$(KSRTP_VERSION)" || { echo "dkms-src: no PACKAGE_VERSION in dkms.conf" >&2; exit 1; }
	rm -rf $(DKMS_SRC)
	install -d $(DKMS_SRC)/kernel $(DKMS_SRC)/uapi/linux
	install -m 0644 Kbuild dkms.conf $(DKMS_SRC)/
	install -m 0644 kernel/*.c kernel/*.h $(DKMS_SRC)/kernel/
	install -m 0644 uapi/linux/ksrtp.h $(DKMS_SRC)/uapi/linux/

# The ksrtp-dkms package owns the same directory: do not overwrite it.
dkms-install:
	@if dpkg-query -W -f='$${db:Status-Status}' ksrtp-dkms 2>/dev/null | grep -qx installed; then \
		echo "dkms-install: the ksrtp-dkms package is installed; remove it first" >&2; exit 1; fi
	@command -v dkms >/dev/null || { echo "dkms-install: dkms is not installed (apt-get install dkms)" >&2; exit 1; }
	@test -n "$(DKMS_KVERS)" || { echo "dkms-install: no kernel headers in /lib/modules/*/build" >&2; exit 1; }
	-dkms remove ksrtp/$(KSRTP_VERSION) --all >/dev/null 2>&1
	$(SUBMAKE) dkms-src DESTDIR=
	dkms add ksrtp/$(KSRTP_VERSION)
	set -e; for k in $(DKMS_KVERS); do \
		dkms build ksrtp/$(KSRTP_VERSION) -k $$k; \
		dkms install ksrtp/$(KSRTP_VERSION) -k $$k --force; \
	done
	dkms status ksrtp/$(KSRTP_VERSION)

package-check:
	@$(TOP)/selftests/install-deps.sh
	@$(SUBMAKE) selftests-tools
	@$(TOP)/selftests/package-test.sh $(KVER)

dkms-uninstall:
	-dkms remove ksrtp/$(KSRTP_VERSION) --all
	rm -rf /usr/src/ksrtp-$(KSRTP_VERSION)

clean:
	$(clean_module_objs)
	rm -rf $(TOP)/build $(TOP)/.tmp_versions
	-$(MAKE) -C tools clean
	-$(MAKE) -C selftests/tools clean
	-$(MAKE) -C selftests/bench clean
