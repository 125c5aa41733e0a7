//===- KernelProfile.h - time spent per kernel call site --------*- C++ -*-===//
//
// The CPU lowering brackets every kernel call of an entry point with
// trm_profile_enter(site) / trm_profile_exit(site) (trm-cpu-profile-calls)
// and names the sites in the library. The hooks, defined here, record the
// time of each site while recording is on and return at once otherwise.
// The entry points call kernels one after another on the calling thread
// (each kernel spreads its loops over the OpenMP threads), so one clock
// suffices.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_RUNTIME_EXEC_KERNELPROFILE_H
#define TRM_RUNTIME_EXEC_KERNELPROFILE_H

#include <cstdint>
#include <string>
#include <vector>

namespace trm {

class Kernels;

/// Starts recording (again, from nothing).
void startKernelProfile();

/// The calls recorded at the sites that share a name (a matmul shape, a
/// kernel on an operand shape).
struct KernelProfileLine {
  std::string name;
  int64_t calls = 0;
  double seconds = 0;
  double flops = 0; // 0: not a matmul
};

/// What was recorded, merged by site name, the most time first; empty with
/// `error` set when the library has no site table (compiled before the
/// hooks existed).
std::vector<KernelProfileLine> kernelProfile(const Kernels &kernels,
                                             std::string &error);

} // namespace trm

#endif // TRM_RUNTIME_EXEC_KERNELPROFILE_H
