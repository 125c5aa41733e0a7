//===- AtomicFile.cpp - replace a file only once it is fully written ------===//
#include "runtime/io/AtomicFile.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace trm {
namespace {

/// Waits until `path` (a file or a directory) is on the disk, so that a
/// power cut after the rename cannot leave an empty file in its place.
bool syncToDisk(const std::string &path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  return synced;
}

} // namespace

std::string
writeFileAtomically(const std::string &path,
                    const std::function<void(std::ostream &)> &write) {
  std::string temporary = path + ".tmp";
  auto fail = [&](const std::string &what) {
    std::string reason = std::strerror(errno);
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    return "cannot " + what + " " + temporary + ": " + reason;
  };
  {
    errno = 0;
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (out)
      write(out);
    out.close();
    if (!out)
      return fail("write");
  }
  if (!syncToDisk(temporary))
    return fail("flush to disk");
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec)
    return "cannot rename " + temporary + " to " + path + ": " + ec.message();
  std::string dir = std::filesystem::path(path).parent_path().string();
  syncToDisk(dir.empty() ? "." : dir); // the rename itself; best effort
  return "";
}

} // namespace trm
