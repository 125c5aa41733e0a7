//===- KernelProfile.cpp - time spent per kernel call site ----------------===//
#include "runtime/exec/KernelProfile.h"
#include "runtime/exec/Kernels.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>

namespace trm {
namespace {

using Clock = std::chrono::steady_clock;

struct SiteTime {
  int64_t calls = 0;
  double seconds = 0;
};

bool recording = false;
Clock::time_point entered;
std::vector<SiteTime> sites; // by site number

} // namespace

void startKernelProfile() {
  recording = true;
  sites.clear();
}

std::vector<KernelProfileLine> kernelProfile(const Kernels &kernels,
                                             std::string &error) {
  auto *names =
      static_cast<const char *>(kernels.symbol("trm_profile_site_names"));
  auto *flops =
      static_cast<const int64_t *>(kernels.symbol("trm_profile_site_flops"));
  if (!names || !flops) {
    error = "the kernels library has no profiling hooks; recompile the "
            "artifact with this trmc";
    return {};
  }
  std::map<std::string, KernelProfileLine> byName;
  const char *name = names;
  for (size_t site = 0; site < sites.size(); ++site) {
    KernelProfileLine &line = byName[name];
    line.name = name;
    line.calls += sites[site].calls;
    line.seconds += sites[site].seconds;
    line.flops += static_cast<double>(flops[site]) * sites[site].calls;
    name += std::strlen(name) + 1;
  }
  std::vector<KernelProfileLine> lines;
  for (auto &[key, line] : byName)
    if (line.calls)
      lines.push_back(line);
  auto moreTimeFirst = [](const auto &a, const auto &b) {
    return a.seconds != b.seconds ? a.seconds > b.seconds : a.name < b.name;
  };
  std::sort(lines.begin(), lines.end(), moreTimeFirst);
  return lines;
}

} // namespace trm

using namespace trm;

extern "C" __attribute__((visibility("default"))) void
trm_profile_enter(int64_t) {
  if (recording)
    entered = Clock::now();
}

extern "C" __attribute__((visibility("default"))) void
trm_profile_exit(int64_t site) {
  if (!recording)
    return;
  std::chrono::duration<double> spent = Clock::now() - entered;
  if (static_cast<size_t>(site) >= sites.size())
    sites.resize(site + 1);
  sites[site].calls += 1;
  sites[site].seconds += spent.count();
}
