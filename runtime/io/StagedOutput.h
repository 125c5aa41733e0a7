//===- StagedOutput.h - build a directory, then move it in place -*- C++
//-*-===//
#ifndef TRM_RUNTIME_IO_STAGEDOUTPUT_H
#define TRM_RUNTIME_IO_STAGEDOUTPUT_H

#include <string>

namespace trm {

/// Everything is written under a temporary sibling of the target; commit()
/// renames it into place. If the process fails or the object dies without
/// commit(), the temporary is removed and the target is untouched, so
/// nothing half-written is left behind.
class StagedOutput {
public:
  /// Fails (error set) when `target` exists and `replace` is false.
  StagedOutput(std::string target, bool replace, std::string &error);
  ~StagedOutput();
  StagedOutput(const StagedOutput &) = delete;
  StagedOutput &operator=(const StagedOutput &) = delete;

  const std::string &dir() const { return staging; }
  /// Moves the staged directory to the target; returns an error or "".
  std::string commit();

private:
  std::string target, staging;
  bool committed = false;
};

} // namespace trm

#endif // TRM_RUNTIME_IO_STAGEDOUTPUT_H
