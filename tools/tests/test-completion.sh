#!/bin/bash
# The bash completion of srtpctl, with the two bash-completion helpers it
# uses stubbed (bash-completion itself need not be installed).
set -u
cd "$(dirname "$0")/.." || exit 1
fail() { echo "test-completion: FAIL: $*"; exit 1; }

_init_completion() {
	words=("${COMP_WORDS[@]}")
	cword=$COMP_CWORD
	cur=${words[cword]}
	prev=${words[cword - 1]}
}
_filedir() { COMPREPLY=(FILES); }
# shellcheck source=../srtpctl/srtpctl.bash-completion
. srtpctl/srtpctl.bash-completion

# complete WORDS...: the completions of the last word.
complete_words() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	_srtpctl
	echo "${COMPREPLY[*]}"
}
expect() {
	local want=$1 got
	shift
	got=$(complete_words "$@")
	[[ $got == "$want" ]] || fail "'$*': got '$got', expected '$want'"
}

expect "add" srtpctl a
expect "del" srtpctl -j d
expect "--json" srtpctl --j
expect "in out" srtpctl add ""
expect "AEAD_AES_128_GCM AEAD_AES_256_GCM" srtpctl add in suite AEAD
expect "key-file" srtpctl add in local 1.2.3.4:5 key-
expect "FILES" srtpctl add in key-file ""
expect "FILES" srtpctl -b ""
expect "required" srtpctl add in template policy r
expect "activate" srtpctl key ac
expect "id port net" srtpctl show ""
expect "net" srtpctl show n
expect "optional" srtpctl add in ssrc 1 policy o
expect "local" srtpctl del in lo
expect "" srtpctl del id ""
expect "client" srtpctl add out dtls-role c
expect "cryptex" srtpctl add out local 1.2.3.4:5 cr
expect "unencrypted-srtp unencrypted-srtcp" srtpctl add out local 1.2.3.4:5 unen
expect "unauthenticated-srtp" srtpctl add in template una
expect "enc-ext-ids" srtpctl add out local 1.2.3.4:5 enc
expect "" srtpctl add out enc-ext-ids ""
expect "flush forward" srtpctl f
expect "add del show output" srtpctl forward ""
expect "plain pt" srtpctl forward add local 1.2.3.4:5 p
expect "plain" srtpctl forward add local 1.2.3.4:5 pl
expect "" srtpctl forward add local ""
expect "id" srtpctl forward show ""
expect "add del set" srtpctl -j forward output ""
expect "ctx" srtpctl forward output add id 3 c
expect "ssrc seq-offset" srtpctl forward output add id 3 s
expect "" srtpctl forward output add id 3 ctx ""
expect "output" srtpctl forward output del id 3 o
expect "" srtpctl forward output del id 3 output ""
expect "id output seq-offset ts-offset" srtpctl forward output set id 3 output 1 seq-offset 1 ""
echo "test-completion: ok"
