#!/usr/bin/env bash
# kill_when.sh PATTERN COMMAND...: runs COMMAND (its output discarded) and
# SIGKILLs it as soon as a file matching the glob PATTERN exists. The kill
# follows the run's progress, not the clock, so it lands at the same point
# on a loaded machine. Prints whether it killed the run or the run ended.
set -u
pattern=$1
shift
"$@" > /dev/null 2>&1 &
run=$!
# Running until it exits (a zombie, state Z, until it is waited for).
running() {
  local state
  state=$(cut -d' ' -f3 "/proc/$run/stat" 2> /dev/null) && [[ $state != Z ]]
}
while running; do
  if compgen -G "$pattern" > /dev/null; then
    kill -KILL "$run"
    wait "$run" 2> /dev/null
    echo "killed once $pattern existed"
    exit 0
  fi
  sleep 0.005
done
wait "$run"
echo "the run ended (exit $?) before $pattern existed"
