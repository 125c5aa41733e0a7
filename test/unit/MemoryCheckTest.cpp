//===- MemoryCheckTest.cpp - trm-run's memory check -----------------------===//
#include "tools/trm-run/MemoryCheck.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace trm {
namespace {

constexpr uint64_t kGiB = uint64_t(1) << 30;

artifact::Manifest twoEntries() {
  artifact::Manifest manifest;
  for (int64_t temporaries : {3 * kGiB, kGiB}) {
    artifact::EntryPoint *entry = manifest.add_entry_points();
    artifact::TensorSpec *weights = entry->add_arguments();
    weights->set_dtype("f32");
    weights->add_shape(1024);
    weights->add_shape(256); // 1 MiB
    artifact::TensorSpec *flags = entry->add_results();
    flags->set_dtype("i1");
    flags->add_shape(64); // 64 bytes
    entry->set_temporary_bytes(temporaries);
  }
  return manifest;
}

TEST(MemoryCheck, AddsEveryBufferAndTheLargestTemporaryPeak) {
  MemoryNeed need = memoryNeed(twoEntries());
  EXPECT_EQ(need.buffers, 2 * (uint64_t(1) << 20) + 2 * 64);
  EXPECT_EQ(need.temporaries, 3 * kGiB);
}

TEST(MemoryCheck, ReadsMeminfo) {
  std::string path = ::testing::TempDir() + "meminfo";
  std::ofstream(path) << "MemTotal:       24576000 kB\n"
                         "MemFree:         1000000 kB\n"
                         "MemAvailable:   20480000 kB\n";
  MachineMemory machine = machineMemory(path);
  EXPECT_EQ(machine.total, uint64_t(24576000) * 1024);
  EXPECT_EQ(machine.available, uint64_t(20480000) * 1024);
  EXPECT_EQ(machineMemory(path + ".missing").total, 0u); // unknown: no check
}

TEST(MemoryCheck, RefusesMoreThanTheMachineHasAndSaysWhatToChange) {
  MemoryNeed need{kGiB, 3 * kGiB};
  MachineMemory machine{2 * kGiB, 2 * kGiB};
  std::string error = checkMemory("art", need, machine);
  EXPECT_NE(error.find("art needs about 4.0 GiB (state, batches and results "
                       "1.0 GiB, the step's temporaries 3.0 GiB) but this "
                       "machine has 2.0 GiB in all"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("smaller training.global_batch_size"),
            std::string::npos);
  EXPECT_EQ(checkMemory("art", need, MachineMemory{8 * kGiB, 8 * kGiB}), "");
  EXPECT_EQ(checkMemory("art", need, MachineMemory{}), ""); // unknown
}

TEST(MemoryCheck, CountsEveryRankOnTheMachine) {
  MemoryNeed need{kGiB, kGiB};
  MachineMemory machine{5 * kGiB, 5 * kGiB};
  EXPECT_EQ(checkMemory("art", need, machine, 2), "");
  std::string error = checkMemory("art", need, machine, 3);
  EXPECT_NE(error.find("per rank, 6.0 GiB for the 3 ranks on this machine"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("run fewer ranks per machine"), std::string::npos);
}

TEST(MemoryCheck, OnlyWarnsAboveWhatIsAvailableNow) {
  MemoryNeed need{kGiB, 2 * kGiB};
  EXPECT_EQ(checkMemory("art", need, MachineMemory{8 * kGiB, 2 * kGiB}), "");
}

} // namespace
} // namespace trm
