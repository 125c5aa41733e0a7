//===- AmxTiles.h - permission to use AMX tiles -----------------*- C++ -*-===//
//
// Linux gives a process the AMX tile registers (8 KiB of state per thread)
// only once it asks (arch_prctl ARCH_REQ_XCOMP_PERM, since 5.16); until
// then a tile instruction faults. Kernels libraries with AMX kernels define
// kAmxTilesSymbol, and the runtime asks before running them.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_RUNTIME_EXEC_AMXTILES_H
#define TRM_RUNTIME_EXEC_AMXTILES_H

#include <string>

namespace trm {

constexpr const char *kAmxTilesSymbol = "trm_needs_amx_tiles";

/// Asks Linux for the AMX tile state for this process (all its threads);
/// false with `error` saying why when refused.
bool requestAmxTiles(std::string &error);

} // namespace trm

#endif // TRM_RUNTIME_EXEC_AMXTILES_H
