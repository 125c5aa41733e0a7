//===- AtomicFile.cpp - replace a file only once it is fully written ------===//
#include "runtime/io/AtomicFile.h"

#include <filesystem>
#include <fstream>

namespace trm {

std::string
writeFileAtomically(const std::string &path,
                    const std::function<void(std::ostream &)> &write) {
  std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (out)
      write(out);
    out.flush();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      return "cannot write " + temporary;
    }
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  return ec ? "cannot rename " + temporary + " to " + path + ": " + ec.message()
            : "";
}

} // namespace trm
