#!/usr/bin/env bash
# Creates (once) a Python venv with the pinned jax/jaxlib used to validate
# the emitted HLO/StableHLO on XLA:CPU, and TensorBoard to read the event
# files trm-run writes. Usage: xla-venv.sh VENV_DIR
set -euo pipefail
venv=$1
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import jax, numpy, tensorboard" 2>/dev/null; then
  exit 0
fi
/usr/bin/python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check \
  jax==0.10.2 jaxlib==0.10.2 numpy tensorboard==2.18.0
