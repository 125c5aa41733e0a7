//===- AmxTiles.cpp - permission to use AMX tiles -------------------------===//
#include "runtime/exec/AmxTiles.h"

#include <cerrno>
#include <cstring>
#include <sys/syscall.h>
#include <unistd.h>

namespace trm {
namespace {
// From the kernel's uapi (asm/prctl.h), absent from older glibc headers.
constexpr long kArchReqXcompPerm = 0x1023;
constexpr long kXfeatureXtiledata = 18;
} // namespace

bool requestAmxTiles(std::string &error) {
  if (syscall(SYS_arch_prctl, kArchReqXcompPerm, kXfeatureXtiledata) == 0)
    return true;
  error = std::string("Linux refused the AMX tile state "
                      "(arch_prctl ARCH_REQ_XCOMP_PERM: ") +
          std::strerror(errno) +
          "); AMX needs Linux 5.16 or later on a CPU with amx-tile. Compile "
          "the artifact for a CPU without AMX, e.g. `trmc compile CONFIG "
          "--target-cpu=icelake-server`";
  return false;
}

} // namespace trm
