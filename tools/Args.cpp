//===- Args.cpp - command-line options of trm-data and trm-run ------------===//
#include "tools/Args.h"

#include "frontend/config/ConfigLoader.h"

#include <algorithm>
#include <charconv>

namespace trm {

Args::Args(const std::vector<std::string> &argv,
           const std::vector<OptionSpec> &known) {
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string &word = argv[i];
    if (word.rfind("--", 0) != 0) {
      positional.push_back(word);
      continue;
    }
    std::string name = word.substr(2), value;
    size_t eq = name.find('=');
    bool inlineValue = eq != std::string::npos;
    if (inlineValue) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    auto spec =
        std::find_if(known.begin(), known.end(),
                     [&](const OptionSpec &s) { return s.name == name; });
    if (spec == known.end()) {
      std::vector<std::string> names;
      for (const OptionSpec &s : known)
        names.push_back(s.name);
      std::string hint = nearestName(name, names);
      errors.push_back("unknown option --" + name +
                       (hint.empty() ? "" : "; did you mean --" + hint + "?"));
      continue;
    }
    if (spec->takesValue && !inlineValue) {
      if (i + 1 >= argv.size()) {
        errors.push_back("--" + name + " needs a value");
        continue;
      }
      value = argv[++i];
    } else if (!spec->takesValue && inlineValue) {
      errors.push_back("--" + name + " takes no value");
      continue;
    }
    values[name] = value;
  }
}

std::string Args::text(const std::string &name, const std::string &fallback) {
  auto it = values.find(name);
  return it == values.end() ? fallback : it->second;
}

std::string Args::requiredText(const std::string &name) {
  if (!has(name))
    errors.push_back("--" + name + " is required");
  return text(name);
}

int64_t Args::integer(const std::string &name, int64_t fallback, int64_t min,
                      int64_t max) {
  auto it = values.find(name);
  if (it == values.end())
    return fallback;
  int64_t value = 0;
  const std::string &s = it->second;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size()) {
    errors.push_back("--" + name + " expects an integer, got '" + s + "'");
    return fallback;
  }
  if (value < min || value > max) {
    errors.push_back("--" + name + " must be in [" + std::to_string(min) +
                     ", " + std::to_string(max) + "], got " + s);
    return fallback;
  }
  return value;
}

int64_t Args::required(const std::string &name, int64_t min, int64_t max) {
  if (!has(name))
    errors.push_back("--" + name + " is required");
  return integer(name, 0, min, max);
}

} // namespace trm
