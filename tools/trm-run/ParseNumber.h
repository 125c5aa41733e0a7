//===- ParseNumber.h - whole-string integers without exceptions -*- C++ -*-===//
#ifndef TRM_TOOLS_TRMRUN_PARSENUMBER_H
#define TRM_TOOLS_TRMRUN_PARSENUMBER_H

#include <charconv>
#include <string>

namespace trm {

/// True when all of `text` is one integer that fits `T` (std::stoll would
/// throw on flags like `--steps ten` and crash the tool instead).
template <typename T> bool parseInteger(const std::string &text, T &value) {
  const char *end = text.data() + text.size();
  auto [stop, ec] = std::from_chars(text.data(), end, value);
  return !text.empty() && ec == std::errc() && stop == end;
}

} // namespace trm

#endif // TRM_TOOLS_TRMRUN_PARSENUMBER_H
