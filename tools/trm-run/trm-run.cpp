//===- trm-run.cpp - runs trmc artifacts (links no MLIR) ------------------===//
#include "runtime/comm/Ranks.h"
#include "tools/Subcommands.h"
#include "tools/trm-run/Commands.h"
#include "tools/trm-run/Threads.h"

#include <cstdio>
#include <iostream>
#include <malloc.h>
#include <new>

namespace {

constexpr const char *kUsage = R"(trm-run: run a trmc artifact

usage:
  trm-run step ARTIFACT [--steps N] [--seed S] [--profile]
      Load and verify ARTIFACT (from `trmc compile CONFIG --target=cpu -o
      DIR`), run train_step N times (default 10) on seeded synthetic
      batches, print the losses and the throughput. --profile adds the
      kernels' time per step from step 2 on, by call site: each matmul
      shape (M x K x N, A^T / B^T: read transposed) with its GFLOP/s, each other
      kernel with its element ops and largest operand.

  trm-run train ARTIFACT --data DIR [--out RUNDIR] [--max-steps N] [--seed S]
                [--resume]
      Train on DIR (from trm-data) as TRM_SPEC.md sec. 5 samples it, and
      evaluate the test split with the EMA weights after every eval_interval
      epochs; metrics also go to RUNDIR/metrics.jsonl and TensorBoard event
      files, the resolved config to RUNDIR/config.yaml, checkpoints
      (safetensors: full state + EMA weights) to RUNDIR/checkpoints every
      training.checkpoint_every_evals evaluations. --resume continues from
      the newest checkpoint, bit for bit as if never stopped. A step that
      yields NaN/inf stops the run (exit 3) and names the tensor.

  trm-run eval ARTIFACT --checkpoint CK.safetensors --data DIR
      Evaluate a checkpoint (full or .ema.safetensors; EMA weights preferred)
      on DIR's test split: every example runs halt_max_steps steps.

Every command takes --threads N: the threads the kernels' matmuls use
(default: OMP_NUM_THREADS, else all cores). Results do not depend on it.

Data parallel: compile with parallelism.num_shards=W and launch W ranks,
  mpirun -np W trm-run train ARTIFACT --data DIR --out RUNDIR
Each rank takes its rows of every global batch; gradients are summed by MPI
allreduce (ring algorithm unless OMPI_MCA_coll_tuned_* say otherwise);
rank 0 prints and writes (checkpoints gather every rank's ACT carry, so
--resume works with the same rank count); a failing rank stops all.
)";

} // namespace

int main(int argc, char **argv) {
  // A step allocates and frees the same large activation buffers every
  // time; glibc would mmap each one and munmap it on free, so the kernel
  // zeroes every page again next step (40 % of a D=512 step). Serve them
  // all from the heap (no mmap; M_MMAP_THRESHOLD cannot exceed 32 MiB) and
  // never trim it.
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, -1);
  // Whole lines to stderr in one write: under mpirun the ranks share it,
  // and an unbuffered "trm-run train: " << reason came out split by
  // another rank's lines or mpirun's abort banner. std::cerr writes
  // through to stderr, but its unitbuf flag flushed every << on its own.
  std::setvbuf(stderr, nullptr, _IOLBF, BUFSIZ);
  std::cerr.unsetf(std::ios::unitbuf);
  if (!trm::takeThreadsOption(argc, argv))
    return 2;
  trm::startRanks(argc, argv);
  int code = 1;
  try {
    code = trm::dispatch(argc, argv, kUsage,
                         {{"step", trm::plain(trm::runStep)},
                          {"train", trm::plain(trm::runTrain)},
                          {"eval", trm::plain(trm::runEval)}});
  } catch (const std::bad_alloc &) {
    std::fprintf(stderr,
                 "trm-run: out of memory: the artifact's state and "
                 "activations do not fit in this machine's memory; compile "
                 "a smaller model or batch (or run fewer ranks per host)\n");
  }
  return trm::finishRanks(code);
}
