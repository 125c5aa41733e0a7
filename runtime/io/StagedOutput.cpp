//===- StagedOutput.cpp - build a directory, then move it in place --------===//
#include "runtime/io/StagedOutput.h"

#include <filesystem>
#include <unistd.h>

namespace trm {
namespace fs = std::filesystem;

StagedOutput::StagedOutput(std::string targetDir, bool replace,
                           std::string &error)
    : target(std::move(targetDir)) {
  std::error_code ec;
  fs::path path = fs::path(target).lexically_normal();
  if (path.filename().empty())
    path = path.parent_path();
  target = path.string();
  if (fs::exists(path, ec) && !replace) {
    error = target + " already exists; choose another output directory or "
                     "pass --force to replace it";
    return;
  }
  staging = target + ".partial-" + std::to_string(::getpid());
  fs::remove_all(staging, ec);
  if (!fs::create_directories(staging, ec))
    error = "cannot create " + staging + ": " + ec.message();
}

StagedOutput::~StagedOutput() {
  std::error_code ec;
  if (!committed && !staging.empty())
    fs::remove_all(staging, ec);
}

std::string StagedOutput::commit() {
  std::error_code ec;
  std::string old;
  if (fs::exists(target, ec)) {
    old = target + ".old-" + std::to_string(::getpid());
    fs::rename(target, old, ec);
    if (ec)
      return "cannot move the old " + target + " aside: " + ec.message();
  }
  fs::rename(staging, target, ec);
  if (ec) {
    if (!old.empty())
      fs::rename(old, target, ec); // put the old data back
    return "cannot move " + staging + " to " + target;
  }
  committed = true;
  if (!old.empty())
    fs::remove_all(old, ec);
  return "";
}

} // namespace trm
