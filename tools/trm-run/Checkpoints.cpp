//===- Checkpoints.cpp - saving and resuming training ---------------------===//
#include "tools/trm-run/Checkpoints.h"

#include "runtime/comm/Ranks.h"
#include "runtime/io/Safetensors.h"
#include "tools/trm-run/ParseNumber.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace trm {
namespace fs = std::filesystem;

// Checkpoints carry readSafetensors' checksum from format 2 on.
static constexpr const char *kCheckpointFormat = "trmc-checkpoint-2";
static constexpr const char *kUncheckedCheckpointFormat = "trmc-checkpoint-1";

static bool isState(const std::string &name) {
  for (const char *transient : {"batch/", "rng/", "schedule/"})
    if (name.rfind(transient, 0) == 0)
      return false;
  return true;
}

static StoredTensor stored(const HostTensor &t) {
  return {t.dtype(), t.shape(),
          std::vector<uint8_t>(t.data(), t.data() + t.byteSize())};
}

/// The ACT carry holds one row per batch slot: each rank holds its rows.
static bool isBatchSharded(const std::string &name) {
  return name.rfind("carry/", 0) == 0;
}

/// A batch-sharded tensor with every rank's rows (on rank 0).
static StoredTensor gathered(const HostTensor &t) {
  std::vector<int64_t> shape = t.shape();
  shape[0] *= ranks().size;
  return {t.dtype(), shape, gatherToRoot(t.data(), t.byteSize())};
}

/// Full checkpoints, oldest first.
static std::vector<fs::path> checkpoints(const fs::path &dir) {
  std::vector<fs::path> found;
  std::error_code ec;
  for (const auto &entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind("step-", 0) == 0 && name.size() == 5 + 8 + 12 &&
        name.substr(13) == ".safetensors")
      found.push_back(entry.path());
  }
  std::sort(found.begin(), found.end());
  return found;
}

std::string saveCheckpoint(const std::string &runDir, Program &train,
                           const Position &position, const StateInit &init,
                           int64_t keep) {
  // Every rank takes part (the carry is gathered); rank 0 writes.
  TensorMap state, ema;
  for (const artifact::TensorSpec &spec : train.entry().arguments())
    if (isState(spec.name())) {
      const HostTensor &t = train.input(spec.name());
      state[spec.name()] =
          isBatchSharded(spec.name()) ? gathered(t) : stored(t);
      if (spec.name().rfind("ema/", 0) == 0)
        ema["params/" + spec.name().substr(4)] = state[spec.name()];
      if (spec.name() == "puzzle_emb" || spec.name() == "H_init" ||
          spec.name() == "L_init") // what inference needs besides weights
        ema[spec.name()] = state[spec.name()];
    }
  if (ranks().rank != 0)
    return "";
  fs::path dir = fs::path(runDir) / "checkpoints";
  fs::create_directories(dir);
  auto [batchDraws, rngDraws] = init.counters();
  std::map<std::string, std::string> metadata = {
      {"format", kCheckpointFormat},
      {"step", std::to_string(position.step)},
      {"next_chunk", std::to_string(position.nextChunk)},
      {"batch_draws", std::to_string(batchDraws)},
      {"rng_draws", std::to_string(rngDraws)}};
  char stem[32];
  std::snprintf(stem, sizeof stem, "step-%08lld",
                static_cast<long long>(position.step));
  // The EMA export first: the full checkpoint is what marks completion.
  if (ema.size() > 3)
    if (std::string e = writeSafetensors(
            (dir / (std::string(stem) + ".ema.safetensors")).string(), ema,
            metadata);
        !e.empty())
      return e;
  if (std::string e = writeSafetensors(
          (dir / (std::string(stem) + ".safetensors")).string(), state,
          metadata);
      !e.empty())
    return e;
  std::vector<fs::path> all = checkpoints(dir);
  for (size_t i = 0; i + keep < all.size(); ++i) {
    std::error_code ec;
    fs::path emaFile = all[i];
    emaFile.replace_extension(".ema.safetensors");
    fs::remove(all[i], ec);
    fs::remove(emaFile, ec);
  }
  return "";
}

std::string
checkCheckpointFormat(const std::string &path,
                      const std::map<std::string, std::string> &metadata,
                      bool ours) {
  auto format = metadata.find("format");
  if (format == metadata.end())
    return ours ? path + " is not a trmc training checkpoint" : "";
  if (format->second == kCheckpointFormat)
    return metadata.count(kSafetensorsChecksumKey)
               ? ""
               : path + " lacks its checksum (the file was damaged or "
                        "altered); use another checkpoint";
  if (format->second == kUncheckedCheckpointFormat)
    return "";
  return path + " has checkpoint format '" + format->second +
         "', which this trm-run does not read (" + kCheckpointFormat + ")";
}

std::string resumeCheckpoint(const std::string &runDir, Program &train,
                             Position &position, StateInit &init, bool &found) {
  std::vector<fs::path> all = checkpoints(fs::path(runDir) / "checkpoints");
  found = !all.empty();
  if (!found)
    return "";
  std::string path = all.back().string();
  TensorMap state;
  std::map<std::string, std::string> metadata;
  if (std::string e = readSafetensors(path, state, metadata); !e.empty())
    return e;
  if (std::string e = checkCheckpointFormat(path, metadata, true); !e.empty())
    return e;
  for (const artifact::TensorSpec &spec : train.entry().arguments()) {
    if (!isState(spec.name()))
      continue;
    auto it = state.find(spec.name());
    HostTensor &target = train.input(spec.name());
    if (it == state.end())
      return path + " lacks '" + spec.name() +
             "', which the artifact needs; was it written for another config?";
    // The carry is stored for the global batch; a rank takes its rows.
    std::vector<int64_t> shape = target.shape();
    size_t offset = 0;
    if (isBatchSharded(spec.name())) {
      shape[0] *= ranks().size;
      offset = target.byteSize() * static_cast<size_t>(ranks().rank);
    }
    if (it->second.dtype != target.dtype() || it->second.shape != shape)
      return path + ": '" + spec.name() + "' is " + it->second.dtype +
             " of another shape than the artifact's " + target.dtype() +
             "; the checkpoint belongs to another model (or another "
             "global batch size)";
    std::memcpy(target.data(), it->second.bytes.data() + offset,
                target.byteSize());
  }
  uint64_t batchDraws = 0, rngDraws = 0;
  if (!parseInteger(metadata["step"], position.step) ||
      !parseInteger(metadata["next_chunk"], position.nextChunk) ||
      !parseInteger(metadata["batch_draws"], batchDraws) ||
      !parseInteger(metadata["rng_draws"], rngDraws))
    return path + ": the metadata lacks a valid step, next_chunk, "
                  "batch_draws or rng_draws; the checkpoint is damaged";
  init.restore({batchDraws, rngDraws});
  return "";
}

} // namespace trm
