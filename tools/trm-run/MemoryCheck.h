//===- MemoryCheck.h - refusing a step the machine cannot hold --*- C++ -*-===//
#ifndef TRM_TOOLS_TRMRUN_MEMORYCHECK_H
#define TRM_TOOLS_TRMRUN_MEMORYCHECK_H

#include "runtime/artifact/Artifact.h"

#include <cstdint>
#include <string>

namespace trm {

/// What running an artifact holds in memory: every entry point's argument
/// and result buffers (trm-run allocates them all), and the largest of the
/// entry points' temporary peaks (trm-cpu-plan-memory's estimate).
struct MemoryNeed {
  uint64_t buffers = 0, temporaries = 0;
  uint64_t total() const { return buffers + temporaries; }
};
MemoryNeed memoryNeed(const artifact::Manifest &manifest);

/// The machine's memory as /proc/meminfo gives it (bytes; 0: unknown).
struct MachineMemory {
  uint64_t total = 0, available = 0;
};
MachineMemory machineMemory(const std::string &meminfoPath = "/proc/meminfo");

/// "" when `ranksOnHost` processes of `need` each fit in `machine`'s
/// memory; else why they cannot run and what to change. Above what is
/// available but within the total, a warning goes to stderr instead (other
/// processes may yet free theirs).
std::string checkMemory(const std::string &artifactDir, const MemoryNeed &need,
                        const MachineMemory &machine, int ranksOnHost = 1);

} // namespace trm

#endif // TRM_TOOLS_TRMRUN_MEMORYCHECK_H
