//===- ConfigLoader.h - YAML files + overrides -> Config --------*- C++ -*-===//
#ifndef TRM_FRONTEND_CONFIG_CONFIGLOADER_H
#define TRM_FRONTEND_CONFIG_CONFIGLOADER_H

#include "frontend/config/Config.h"

#include <optional>
#include <string>
#include <vector>

namespace trm {

struct LoadResult {
  std::optional<Config> config; // set when there are no errors
  /// "file:line:col: error: key: what is wrong; the fix", one per problem.
  std::vector<std::string> errors;
};

/// Loads `path` (following `base:` / `defaults:` inheritance, later files
/// overriding earlier ones), applies `dotted.key=value` overrides, checks
/// types, ranges and cross-key consistency. Never throws.
LoadResult loadConfig(const std::string &path,
                      const std::vector<std::string> &overrides = {});

/// Like loadConfig, from YAML text (e.g. an artifact's resolved config);
/// `name` stands in for the file name in messages.
LoadResult loadConfigText(const std::string &text, const std::string &name);

/// The closest of `candidates` to `word` by edit distance, or "" when none is
/// close enough to be a plausible typo.
std::string nearestName(const std::string &word,
                        const std::vector<std::string> &candidates);

} // namespace trm

#endif // TRM_FRONTEND_CONFIG_CONFIGLOADER_H
