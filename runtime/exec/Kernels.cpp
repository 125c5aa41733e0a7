//===- Kernels.cpp - the compiled kernels of an artifact ------------------===//
#include "runtime/exec/Kernels.h"
#include "runtime/exec/AmxTiles.h"
#include "runtime/exec/KernelRuntime.h"

#include <dlfcn.h>
#include <filesystem>

namespace trm {

bool Kernels::open(const std::string &dir, std::string &error) {
  keepKernelRuntime();
  std::string path = (std::filesystem::path(dir) / "kernels.so").string();
  if (!std::filesystem::exists(path)) {
    error = dir + " has no CPU kernels (kernels.so); compile it with "
                  "`trmc compile CONFIG --target=cpu -o DIR`";
    return false;
  }
  handle =
      dlopen(std::filesystem::absolute(path).c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    error = std::string("cannot load ") + path + ": " + dlerror();
    return false;
  }
  if (dlsym(handle, kAmxTilesSymbol) && !requestAmxTiles(error)) {
    error = path + " has AMX kernels, but " + error;
    dlclose(handle);
    handle = nullptr;
    return false;
  }
  return true;
}

Kernels::Entry Kernels::entry(const std::string &name) const {
  return reinterpret_cast<Entry>(dlsym(handle, ("trm_entry_" + name).c_str()));
}

const void *Kernels::symbol(const std::string &name) const {
  return dlsym(handle, name.c_str());
}

Kernels::~Kernels() {
  if (handle)
    dlclose(handle);
}

} // namespace trm
