//===- HostPeak.h - what the host's arithmetic delivers right now -*- C++
//-*-===//
//
// Register-only loops (no memory traffic) of fp32 FMAs, bf16 VDPBF16PS or
// AMX's TDPBF16PS,
// run by a number of threads started together. This 2-vCPU VM shares its
// host, which does not always deliver the nominal peak (at times two
// threads of pure FMAs ran no faster than one): a benchmark measures the
// host next to its own figures.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_BENCH_HOSTPEAK_H
#define TRM_BENCH_HOSTPEAK_H

#include "runtime/exec/NominalPeak.h"

#include <functional>

namespace trm::bench {

/// The widest FMA vectors of the host: the kernels run 16-lane vectors
/// in zmm registers, or as ymm pairs without AVX-512.
enum class FmaIsa { None, Avx2, Avx512 };
FmaIsa hostFmaIsa();
const char *fmaIsaName(FmaIsa isa);
/// The rate of the host's widest FMAs against the nominal peak's
/// (NominalPeak.h), from its ISA and LLVM's name for it.
FmaRate hostFmaRate();

/// FLOPs of `steps` rounds of the fp32 FMA loop on one thread, in the
/// host's widest FMA vectors (exits with a message on a CPU without FMA).
double fmaLoop(long steps);
/// FLOPs of `steps` rounds of the VDPBF16PS loop (needs avx512_bf16).
double dotLoop(long steps);
/// Whether this CPU and Linux let the process use AMX tiles (asking for
/// them once).
bool hostAmxTiles();
/// FLOPs of `steps` rounds of the TDPBF16PS loop: 4 tiles of sums, each
/// step one product into each (needs hostAmxTiles).
double amxLoop(long steps);

/// Seconds for `threads` threads each running `work(t)` once, started
/// together; `amount` is the sum of what they return (FLOPs or bytes).
double timedTogether(int threads, const std::function<double(int)> &work,
                     double &amount);

/// The best GFLOP/s of `runs` runs of `threads` threads of `steps` rounds
/// of the loop of `m` (fp32 FMAs, VDPBF16PS or TDPBF16PS).
double hostGflops(int threads, Multiplier m, long steps, int runs);

} // namespace trm::bench

#endif // TRM_BENCH_HOSTPEAK_H
