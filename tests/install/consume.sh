#!/usr/bin/env bash
# Installs asor from BUILD_DIR into a temporary prefix, then configures and
# builds examples/ (examples/downstream and every examples/*.cpp) against it,
# as a user would, and runs every example program: each must exit 0.
# examples/CMakeLists.txt sets no C++ standard, so building it shows that the
# package carries C++20 itself (target_compile_features on asor::asor): a
# consumer that asks for no standard compiles <asor/asor.hpp>.
# With PYTHON (the interpreter the Python module was built for), the
# installed package must import from <prefix>/lib/python3/dist-packages.
#   bash consume.sh BUILD_DIR SOURCE_DIR [PYTHON]
set -euo pipefail
build=$1
src=$2
python=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$work/prefix" > "$work/install.log" \
  || { cat "$work/install.log"; fail "cmake --install failed"; }
for f in bin/asor include/asor/asor.hpp include/asor/detail/sweep.hpp \
         lib/cmake/asor/asorConfig.cmake \
         lib/cmake/asor/asorConfigVersion.cmake lib/cmake/asor/asorTargets.cmake; do
  [[ -e $work/prefix/$f ]] || fail "$f not installed"
done
ls "$work"/prefix/lib*/libasor.* > /dev/null 2>&1 || fail "libasor not installed"
"$work/prefix/bin/asor" --version | grep -q "^asor " || fail "installed asor does not run"
if [[ -n $python ]]; then
  site=$work/prefix/lib/python3/dist-packages
  ls "$site"/asor/_asor*.so "$site"/asor/__init__.py "$site"/asor/__init__.pyi > /dev/null \
    || fail "the Python package is not installed in lib/python3/dist-packages"
  if "$python" -c "import numpy, scipy" 2> /dev/null; then
    version=$(cd "$work" && PYTHONPATH=$site "$python" -c "import asor; print(asor.__version__)") \
      || fail "the installed Python package does not import"
    "$work/prefix/bin/asor" --version | grep -qF "$version" \
      || fail "asor.__version__ $version is not the binary's"
  fi
fi

grep -q 'CMAKE_CXX_STANDARD\|CXX_STANDARD' "$src/examples/CMakeLists.txt" \
  && fail "examples/CMakeLists.txt sets a C++ standard; the package must carry it"
cmake -S "$src/examples" -B "$work/examples" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" > "$work/configure.log" 2>&1 \
  || { cat "$work/configure.log"; fail "the examples do not configure against the package"; }
cmake --build "$work/examples" -j 2 > "$work/build.log" 2>&1 \
  || { cat "$work/build.log"; fail "the examples do not build"; }
ran=0
while read -r name; do
  [[ -n $name ]] || continue
  (cd "$work" && timeout 120 "$work/examples/$name") > "$work/$name.out" 2>&1 \
    || { cat "$work/$name.out"; fail "example $name failed"; }
  ran=$((ran + 1))
done < "$work/examples/examples.txt"
(( ran >= 2 )) || fail "only $ran example(s) ran"
grep -q "^provisional: " "$work/downstream.out" || fail "no provisional residuals printed"
grep -q "^stopped: observer_stop" "$work/downstream.out" \
  || { cat "$work/downstream.out"; fail "not stopped by its observer"; }
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
echo "PASS: installed, consumed, ran $ran examples"
