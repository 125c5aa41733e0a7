#!/usr/bin/env bash
# Fails (and lists the files) when a C++ source is not clang-formatted
# (LLVM style, .clang-format). Usage: check-format.sh [SOURCE_ROOT]
set -euo pipefail
root=${1:-$(dirname "$0")/..}
cd "$root"
format=$(command -v clang-format-19 || command -v clang-format)
mapfile -t files < <(find frontend ir passes backends runtime tools test bench \
  -type f \( -name '*.cpp' -o -name '*.h' \) 2>/dev/null | sort)
bad=()
for f in "${files[@]}"; do
  "$format" --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -ne 0 ]; then
  echo "Not clang-formatted (fix with: $format -i FILE):"
  printf '  %s\n' "${bad[@]}"
  exit 1
fi
echo "clang-format: ${#files[@]} files OK"
