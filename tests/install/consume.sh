#!/usr/bin/env bash
# Installs asor from BUILD_DIR into a temporary prefix, then configures,
# builds and runs examples/downstream against it, as a user would.
#   bash consume.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$work/prefix" > "$work/install.log" \
  || { cat "$work/install.log"; fail "cmake --install failed"; }
for f in bin/asor include/asor/solve.hpp lib/cmake/asor/asorConfig.cmake \
         lib/cmake/asor/asorConfigVersion.cmake lib/cmake/asor/asorTargets.cmake; do
  [[ -e $work/prefix/$f ]] || fail "$f not installed"
done
ls "$work"/prefix/lib*/libasor.* > /dev/null 2>&1 || fail "libasor not installed"
"$work/prefix/bin/asor" --version | grep -q "^asor " || fail "installed asor does not run"

cmake -S "$src/examples/downstream" -B "$work/downstream" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" > "$work/configure.log" 2>&1 \
  || { cat "$work/configure.log"; fail "the example does not configure against the package"; }
cmake --build "$work/downstream" > "$work/build.log" 2>&1 \
  || { cat "$work/build.log"; fail "the example does not build"; }
"$work/downstream/downstream" > "$work/out.txt" \
  || { cat "$work/out.txt"; fail "the example failed"; }
grep -q "^provisional: " "$work/out.txt" || fail "no provisional residuals printed"
grep -q "^stopped: observer_stop" "$work/out.txt" || { cat "$work/out.txt"; fail "not stopped by its observer"; }
# An incompatible version is refused by asorConfigVersion.cmake.
mkdir -p "$work/wrong"
cat > "$work/wrong/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.20)
project(wrong LANGUAGES CXX)
find_package(asor 9.0 REQUIRED)
CMAKE
if cmake -S "$work/wrong" -B "$work/wrong/build" -DCMAKE_PREFIX_PATH="$work/prefix" \
     > "$work/wrong.log" 2>&1; then
  fail "find_package(asor 9.0) accepted version 0.x"
fi
echo "PASS: installed, consumed, ran"
