//===- MemoryCheck.cpp - refusing a step the machine cannot hold ----------===//
#include "tools/trm-run/MemoryCheck.h"

#include "runtime/exec/HostTensor.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace trm {

static uint64_t bytesOf(const artifact::TensorSpec &spec) {
  uint64_t elements = 1;
  for (int64_t dim : spec.shape())
    elements *= static_cast<uint64_t>(dim);
  return elements * HostTensor::width(spec.dtype());
}

MemoryNeed memoryNeed(const artifact::Manifest &manifest) {
  MemoryNeed need;
  for (const artifact::EntryPoint &entry : manifest.entry_points()) {
    for (const artifact::TensorSpec &spec : entry.arguments())
      need.buffers += bytesOf(spec);
    for (const artifact::TensorSpec &spec : entry.results())
      need.buffers += bytesOf(spec);
    need.temporaries = std::max(need.temporaries,
                                static_cast<uint64_t>(entry.temporary_bytes()));
  }
  return need;
}

MachineMemory machineMemory(const std::string &meminfoPath) {
  MachineMemory machine;
  std::ifstream in(meminfoPath);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string key;
    uint64_t kib = 0;
    if (!(fields >> key >> kib))
      continue;
    if (key == "MemTotal:")
      machine.total = kib * 1024;
    else if (key == "MemAvailable:")
      machine.available = kib * 1024;
  }
  return machine;
}

static std::string gib(uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f GiB",
                static_cast<double>(bytes) / (1024.0 * 1024 * 1024));
  return text;
}

std::string checkMemory(const std::string &artifactDir, const MemoryNeed &need,
                        const MachineMemory &machine, int ranksOnHost) {
  std::string what = artifactDir + " needs about " + gib(need.total()) +
                     " (state, batches and results " + gib(need.buffers) +
                     ", the step's temporaries " + gib(need.temporaries) + ")";
  uint64_t hostNeed = need.total() * static_cast<uint64_t>(ranksOnHost);
  if (ranksOnHost > 1)
    what += " per rank, " + gib(hostNeed) + " for the " +
            std::to_string(ranksOnHost) + " ranks on this machine";
  if (machine.total && hostNeed > machine.total)
    return what + " but this machine has " + gib(machine.total) +
           " in all; compile it with a smaller training.global_batch_size, " +
           (ranksOnHost > 1 ? "or run fewer ranks per machine"
                            : "or split the batch across machines "
                              "(parallelism.num_shards=W, mpirun -np W, one "
                              "rank per machine)");
  if (machine.available && hostNeed > machine.available)
    std::fprintf(stderr,
                 "trm-run: warning: %s, more than the %s available now; it "
                 "may swap or be killed if other processes keep theirs\n",
                 what.c_str(), gib(machine.available).c_str());
  return "";
}

} // namespace trm
