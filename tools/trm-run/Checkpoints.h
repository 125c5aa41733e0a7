//===- Checkpoints.h - saving and resuming training -------------*- C++ -*-===//
#ifndef TRM_TOOLS_TRMRUN_CHECKPOINTS_H
#define TRM_TOOLS_TRMRUN_CHECKPOINTS_H

#include "runtime/train/StateInit.h"
#include "tools/trm-run/Session.h"

#include <map>
#include <string>

namespace trm {

/// Where training stands: enough, with the state, to continue bit for bit.
struct Position {
  int64_t step = 0;      // optimiser steps done
  int64_t nextChunk = 0; // evaluation chunk to start with
};

/// RUN/checkpoints/step-NNNNNNNN.safetensors: every train_step input but the
/// per-step batch, draws and LRs (params, optimiser, EMA, puzzle table,
/// carry), plus the position and the draw counters as metadata; and
/// step-NNNNNNNN.ema.safetensors with the EMA weights named params/* plus
/// puzzle_emb, H_init and L_init (all evaluation and export need). Each file is
/// written atomically; only the newest `keep` checkpoints stay. Returns an
/// error, empty on success.
std::string saveCheckpoint(const std::string &runDir, Program &train,
                           const Position &position, const StateInit &init,
                           int64_t keep);

/// What is wrong with the "format" metadata of a checkpoint that
/// readSafetensors read (verifying its checksum if it had one), if
/// anything: trm-run's checkpoints carry that checksum from format 2 on,
/// format 1 ones (before checksums) are read as they are, and a file from
/// elsewhere, with no format, is refused only when `ours` (resuming).
std::string
checkCheckpointFormat(const std::string &path,
                      const std::map<std::string, std::string> &metadata,
                      bool ours);

/// Loads the newest checkpoint of RUN into `train` (and `position`, `init`);
/// `found` is false when there is none. The error says which tensor does not
/// fit the artifact.
std::string resumeCheckpoint(const std::string &runDir, Program &train,
                             Position &position, StateInit &init, bool &found);

} // namespace trm

#endif // TRM_TOOLS_TRMRUN_CHECKPOINTS_H
