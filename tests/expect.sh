# Shared by the end-to-end case scripts (tests/cli/cases.sh, tests/mpi/cases.sh),
# sourced: a fresh working folder removed on exit, and the checks.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_exit CODE CMD...: runs CMD with stdout/stderr to out/err files.
expect_exit() {
  local want=$1; shift
  "$@" >out 2>err
  local got=$?
  if [[ $got -ne $want ]]; then
    echo "--- stdout"; cat out; echo "--- stderr"; cat err
    fail "'$*' exited $got, expected $want"
  fi
}
expect_in() { grep -qF -- "$2" "$1" || { cat "$1"; fail "'$2' not in $1"; }; }
