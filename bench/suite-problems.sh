# The standard benchmark suite's problems, shared by bench/run-suite and
# bench/omega-suite. Source it, then call
#
#   suite_problems QUICK CACHE ASOR
#
# which generates the missing matrices into CACHE and prints one line per
# problem: NAME|MATRIX|OMEGA|SYMMETRIC(0/1)|SOURCE. QUICK=1 uses small sizes
# and leaves out the SuiteSparse matrices; otherwise those that
# ../shared/data/suitesparse/SOURCES.md marks `bench` come last, when present.

suite_shared=../shared/data/suitesparse

# name | asor generate arguments (full size) | quick-size arguments | omega
suite_generated=(
  "poisson2d|poisson2d --size 1000 --shift 0.5|poisson2d --size 60 --shift 0.5|1.2"
  "poisson3d|poisson3d --size 100 --shift 0.5|poisson3d --size 12 --shift 0.5|1.2"
  "randspd|randspd --size 1000000 --degree 10 --shift 1|randspd --size 5000 --degree 10 --shift 1|1.2"
  "aniso2d|aniso2d --size 1000 --epsilon 0.01 --shift 0.5|aniso2d --size 60 --epsilon 0.01 --shift 0.5|1.2"
  "diagdom|diagdom --size 1000000|diagdom --size 5000|1.0"
  "varcoef3d|varcoef3d --size 100 --shift 0.5|varcoef3d --size 12 --shift 0.5|1.2"
)

suite_problems() {  # QUICK CACHE ASOR
  local quick=$1 cache=$2 asor=$3 p name full small omega args matrix symmetric
  mkdir -p "$cache"
  for p in "${suite_generated[@]}"; do
    IFS='|' read -r name full small omega <<< "$p"
    args=$full
    [[ $quick -eq 1 ]] && args=$small
    matrix=$cache/${args// /_}.mtx
    matrix=${matrix//--/}
    if [[ ! -s $matrix ]]; then
      echo "suite: generating $args" >&2
      "$asor" generate $args -o "$matrix" -q
    fi
    symmetric=1
    [[ $name == diagdom ]] && symmetric=0
    echo "$name|$matrix|$omega|$symmetric|asor generate $args"
  done
  if [[ $quick -eq 1 ]]; then
    echo "suite: --quick: SuiteSparse matrices skipped (the unit tests solve them)" >&2
  elif [[ -f $suite_shared/SOURCES.md ]]; then
    local file mark
    # Rows of the "How SOR does" table marked bench: | file | ... | mark |
    while IFS='|' read -r _ file _ _ _ mark _; do
      file=$(echo "$file" | xargs)
      omega=$(echo "$mark" | grep -oE 'omega (<= )?[0-9.]+' | grep -oE '[0-9.]+$' || true)
      symmetric=0
      head -1 "$suite_shared/$file" | grep -qi ' symmetric' && symmetric=1
      echo "${file%.mtx}|$suite_shared/$file|${omega:-1.2}|$symmetric|SuiteSparse $file"
    done < <(grep -E '^\| [^|]+\.mtx \|.*\| [^|]*bench[^|]*\|$' "$suite_shared/SOURCES.md")
  else
    echo "suite: $suite_shared absent: SuiteSparse matrices skipped" >&2
  fi
}

# median of the numbers on standard input
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
