//===- Kernels.h - the compiled kernels of an artifact ----------*- C++ -*-===//
#ifndef TRM_RUNTIME_EXEC_KERNELS_H
#define TRM_RUNTIME_EXEC_KERNELS_H

#include <string>

namespace trm {

/// kernels.so of an artifact, opened with dlopen.
class Kernels {
public:
  using Entry = void (*)(void **args);

  /// Opens DIR/kernels.so; on failure returns false and sets `error`.
  bool open(const std::string &dir, std::string &error);
  /// trm_entry_<name>: args[i] points at the i-th descriptor (inputs, then
  /// outputs). Null if the library lacks it.
  Entry entry(const std::string &name) const;
  /// The address of the library's symbol `name`, or null.
  const void *symbol(const std::string &name) const;
  ~Kernels();

private:
  void *handle = nullptr;
};

} // namespace trm

#endif // TRM_RUNTIME_EXEC_KERNELS_H
