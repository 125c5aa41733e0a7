//===- Args.h - command-line options of trm-data and trm-run ----*- C++ -*-===//
#ifndef TRM_TOOLS_ARGS_H
#define TRM_TOOLS_ARGS_H

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace trm {

struct OptionSpec {
  std::string name; // without dashes
  bool takesValue;
};

/// `--name value`, `--name=value` and `--flag`, plus positional words.
/// Problems (unknown option with the nearest known one, missing value, not a
/// number) collect in `errors`.
class Args {
public:
  Args(const std::vector<std::string> &argv,
       const std::vector<OptionSpec> &known);

  bool has(const std::string &name) const { return values.count(name) > 0; }
  std::string text(const std::string &name, const std::string &fallback = "");
  /// An integer in [min, max]; `fallback` when absent.
  int64_t integer(const std::string &name, int64_t fallback, int64_t min,
                  int64_t max);
  /// Like integer(), but the option must be given.
  int64_t required(const std::string &name, int64_t min, int64_t max);
  std::string requiredText(const std::string &name);

  std::vector<std::string> positional;
  std::vector<std::string> errors;

private:
  std::map<std::string, std::string> values;
};

} // namespace trm

#endif // TRM_TOOLS_ARGS_H
