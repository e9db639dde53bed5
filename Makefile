# ksrtp top-level Makefile.
#
#   make [all]        build the module (./ksrtp.ko) and the tools
#   make module       the module only: make -C $(KDIR) M=$(CURDIR) modules
#                     (W=1, C=1, V=1, KSRTP_SELFTEST=1 ... are passed on)
#   make tools        tools/ (libksrtp, srtpctl)
#   make selftests-tools   selftests/tools/ (rtp-peer)
#   make check        install deps, build everything for the test kernel
#                     (W=1, warnings are errors, KSRTP_SELFTEST=1) and run
#                     selftests/run.sh in a QEMU VM; last line of output:
#                     "N passed, N failed[, N skipped]"
#                     TESTS='10-foo 2*' runs only those tests
#   make demo         the same build (without KSRTP_SELFTEST), then
#                     selftests/demo.sh in the VM
#   make bench        the same build, then selftests/bench/run.sh in one VM
#                     boot (BENCH_MEM MB, default 6144); prints the table and
#                     writes benchmark/results-KVER.json (and the table to
#                     benchmark/last-table.txt, shown in performance.rst)
#   make vm-run CMD='...'   build, boot the VM, insmod ./ksrtp.ko (unless
#                     NOLOAD=1) and run CMD in the repo top dir, with
#                     srtpctl and rtp-peer in PATH
#   make sparse       the module with sparse (C=2)
#   make lint         shellcheck the harness and the tests
#   make install      modules_install + depmod, and tools install
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

.PHONY: all module tools selftests-tools check demo bench vm-run vm-build install clean sparse lint

all: module tools

module:
	$(MAKE) -C $(KDIR) M=$(TOP) $(KBUILD_VARS) modules

sparse:
	$(MAKE) -C $(KDIR) M=$(TOP) $(KBUILD_VARS) C=2 modules

tools:
	$(MAKE) -C tools

selftests-tools:
	$(MAKE) -C selftests/tools

# Internal: build module + tools for kernel $(KVER) the way the VM needs
# them. VM_SELFTEST=1 adds KSRTP_SELFTEST=1, W=1, a clean module rebuild and
# fails on any compiler/modpost warning.
VM_SELFTEST ?=
vm-build:
	@test -n "$(KVER)" || { echo "vm-build: KVER not set" >&2; exit 2; }
	@mkdir -p $(TOP)/build
	@$(if $(VM_SELFTEST),$(clean_module_objs))
	@echo "  MODULE  ksrtp.ko for $(KVER)$(if $(VM_SELFTEST), (KSRTP_SELFTEST=1 W=1))"
	@set -o pipefail; $(SUBMAKE) -C /lib/modules/$(KVER)/build M=$(TOP) \
		$(if $(VM_SELFTEST),KSRTP_SELFTEST=1 W=1) $(filter-out W=% KSRTP_SELFTEST=%,$(KBUILD_VARS)) \
		modules 2>&1 | tee $(TOP)/build/module-build.log
	@if grep -qi 'warning:' $(TOP)/build/module-build.log; then \
		echo "error: the module build printed warnings (see build/module-build.log):" >&2; \
		grep -i 'warning:' $(TOP)/build/module-build.log >&2; \
		$(if $(VM_SELFTEST),exit 1,true); \
	fi
	@test -f $(TOP)/ksrtp.ko || { echo "error: the module build did not produce ksrtp.ko" >&2; exit 1; }
	@set -o pipefail; $(SUBMAKE) -C $(TOP)/tools 2>&1 | sed '/Nothing to be done/d'
	@set -o pipefail; $(SUBMAKE) -C $(TOP)/selftests/tools 2>&1 | sed '/Nothing to be done/d'

check:
	@$(TOP)/selftests/install-deps.sh
	@kver=$${KVER:-$$($(TOP)/selftests/vm/kver.sh)} && \
	$(SUBMAKE) vm-build KVER=$$kver VM_SELFTEST=1 && \
	echo "  HOST    tools unit tests, libsrtp2 oracle, checkpatch, sparse, shellcheck" && \
	KVER=$$kver $(TOP)/selftests/host-tests.sh $(TOP)/build/host-results && \
	$(RUN_VM) --kver $$kver --env KSRTP_HOST_RESULTS=$(TOP)/build/host-results \
		-- selftests/run.sh $(TESTS)

demo:
	@$(TOP)/selftests/install-deps.sh
	@kver=$${KVER:-$$($(TOP)/selftests/vm/kver.sh)} && \
	$(SUBMAKE) vm-build KVER=$$kver && \
	$(RUN_VM) --kver $$kver -- selftests/demo.sh

# The benchmark (Documentation/performance.rst): figures from one VM boot,
# copied out of the VM's results share into benchmark/.
BENCH_MEM ?= 6144
bench:
	@$(TOP)/selftests/install-deps.sh
	@kver=$${KVER:-$$($(TOP)/selftests/vm/kver.sh)} && \
	$(SUBMAKE) vm-build KVER=$$kver && \
	$(SUBMAKE) -C $(TOP)/selftests/bench && \
	$(TOP)/selftests/vm/run-vm.sh --timeout $(TIMEOUT) --mem $(BENCH_MEM) $(VM_ARGS) --kver $$kver \
		--env KSRTP_BENCH_COMMIT=$$(git -C $(TOP) rev-parse --short HEAD 2>/dev/null || echo unknown) \
		-- 'selftests/load-module.sh && selftests/bench/run.sh "$$KSRTP_VM_RESULTS/bench.json"' && \
	mkdir -p $(TOP)/benchmark && \
	cp $(TOP)/build/vm/last/bench.json $(TOP)/benchmark/results-$$kver.json && \
	cp $(TOP)/build/vm/last/bench.txt $(TOP)/benchmark/last-table.txt && \
	echo "bench: wrote benchmark/results-$$kver.json and benchmark/last-table.txt"

# CMD reaches the shell through the environment, so any quoting in it works.
vm-run: export KSRTP_VM_CMD := $(value CMD)
vm-run:
	@test -n "$$KSRTP_VM_CMD" || { echo "usage: make vm-run CMD='command' [NOLOAD=1]" >&2; exit 2; }
	@$(TOP)/selftests/install-deps.sh
	@kver=$${KVER:-$$($(TOP)/selftests/vm/kver.sh)} && \
	$(SUBMAKE) vm-build KVER=$$kver && \
	$(RUN_VM) --kver $$kver -- \
		"export PATH=$(TOP)/tools/srtpctl:$(TOP)/selftests/tools:\$$PATH;$(if $(filter 1,$(NOLOAD)),, selftests/load-module.sh || exit 125;)"$$'\n'"$$KSRTP_VM_CMD"

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

clean:
	$(clean_module_objs)
	rm -rf $(TOP)/build $(TOP)/.tmp_versions
	-$(MAKE) -C tools clean
	-$(MAKE) -C selftests/tools clean
	-$(MAKE) -C selftests/bench clean
