//===- ConfigLoader.cpp - YAML files + overrides -> Config ----------------===//
//
// yaml-cpp reports problems by exceptions; they are caught here and turned
// into located messages, so no exception crosses this file's API.
//
//===----------------------------------------------------------------------===//
#include "frontend/config/ConfigLoader.h"

#include "frontend/config/ConfigChecks.h"
#include "frontend/config/ConfigSchema.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>
#include <yaml-cpp/yaml.h>

namespace trm {
namespace fs = std::filesystem;

std::string nearestName(const std::string &word,
                        const std::vector<std::string> &candidates) {
  auto distance = [](const std::string &a, const std::string &b) {
    std::vector<size_t> row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
      row[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
      size_t diagonal = row[0];
      row[0] = i;
      for (size_t j = 1; j <= b.size(); ++j) {
        size_t next = std::min(
            {row[j] + 1, row[j - 1] + 1,
             diagonal + (std::tolower(a[i - 1]) != std::tolower(b[j - 1]))});
        diagonal = row[j];
        row[j] = next;
      }
    }
    return row[b.size()];
  };
  std::string best;
  size_t bestDistance = std::max<size_t>(3, word.size() / 3) + 1;
  for (const std::string &candidate : candidates) {
    size_t d = distance(word, candidate);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best;
}

namespace {

/// A value as written, before it is typed.
struct RawValue {
  YAML::Node node;
  std::string where; // "file:line:col" or "command line (key=value)"
};

std::string locate(const std::string &file, const YAML::Mark &mark) {
  if (mark.is_null())
    return file;
  return file + ":" + std::to_string(mark.line + 1) + ":" +
         std::to_string(mark.column + 1);
}

std::vector<std::string> allKeyPaths() {
  std::vector<std::string> paths;
  for (const KeySpec &spec : configSchema())
    paths.emplace_back(spec.path);
  return paths;
}

/// The key the user most likely meant by `path`: the same key name in another
/// section (model.global_batch_size -> training.global_batch_size), else the
/// nearest dotted path.
std::string suggestKey(const std::string &path) {
  std::string leaf = path.substr(path.find('.') + 1);
  for (const KeySpec &spec : configSchema())
    if (spec.path.substr(spec.path.find('.') + 1) == leaf)
      return std::string(spec.path);
  return nearestName(path, allKeyPaths());
}

std::string unknownKeyMessage(const std::string &path) {
  std::string hint = suggestKey(path);
  return "unknown key '" + path + "'" +
         (hint.empty() ? "" : "; did you mean '" + hint + "'?");
}

class Loader {
public:
  std::map<std::string, RawValue> values;
  std::vector<std::string> errors;

  void loadFile(const std::string &path, std::vector<std::string> &chain);
  void loadRoot(const YAML::Node &root, const std::string &path,
                std::vector<std::string> &chain);
  void applyOverride(const std::string &text);
  std::optional<Config> resolve(const std::string &file);

private:
  void error(const std::string &where, const std::string &message) {
    errors.push_back(where + ": error: " + message);
  }
  void loadBases(const YAML::Node &node, const std::string &path,
                 std::vector<std::string> &chain);
  void loadSection(const std::string &section, const YAML::Node &node,
                   const std::string &file);
  void unknownTopLevel(const std::string &name, const std::string &where);
  bool assign(const KeySpec &spec, const YAML::Node &node,
              const std::string &where, Config &config);
};

void Loader::loadFile(const std::string &path,
                      std::vector<std::string> &chain) {
  std::error_code ec;
  std::string canonical = fs::weakly_canonical(path, ec).string();
  if (std::find(chain.begin(), chain.end(), canonical) != chain.end()) {
    std::string cycle;
    for (const std::string &file : chain)
      cycle += file + " -> ";
    error(path, "inheritance cycle: " + cycle + canonical +
                    "; remove one of the base: entries");
    return;
  }
  if (!fs::is_regular_file(path, ec)) {
    error(path, fs::exists(path, ec)
                    ? "not a config file (a directory or device); pass a "
                      "YAML file"
                    : "cannot read the config file (no such file); check "
                      "the path");
    return;
  }
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::ParserException &e) {
    error(locate(path, e.mark), "YAML syntax: " + e.msg);
    return;
  } catch (const YAML::Exception &e) {
    error(path, std::string("cannot read the config file: ") + e.what());
    return;
  }
  if (root.IsNull()) {
    error(path, "the config file is empty; expected sections model:, "
                "training:, data:, parallelism:");
    return;
  }
  if (!root.IsMap()) {
    error(locate(path, root.Mark()),
          "a config file is a mapping of sections (model:, training:, ...)");
    return;
  }
  chain.push_back(canonical);
  loadRoot(root, path, chain);
  chain.pop_back();
}

void Loader::loadRoot(const YAML::Node &root, const std::string &path,
                      std::vector<std::string> &chain) {
  loadBases(root, path, chain);
  // YAML keeps both entries of a key given twice in one mapping, and the
  // later would silently win: say so instead.
  std::map<std::string, std::string> seen; // section or key -> where
  auto once = [&](const std::string &name, const YAML::Mark &mark) {
    std::string where = locate(path, mark);
    auto [first, fresh] = seen.emplace(name, where);
    if (!fresh)
      error(where, name + " is given twice in this file (first at " +
                       first->second + "); keep one");
    return fresh;
  };
  for (const auto &entry : root) {
    std::string name = entry.first.Scalar();
    if (!once(name, entry.first.Mark()) || name == "base" || name == "defaults")
      continue;
    std::vector<std::string_view> sections = configSections();
    if (std::find(sections.begin(), sections.end(), name) == sections.end())
      unknownTopLevel(name, locate(path, entry.first.Mark()));
    else {
      if (entry.second.IsMap())
        for (const auto &key : entry.second)
          once(name + "." + key.first.Scalar(), key.first.Mark());
      loadSection(name, entry.second, path);
    }
  }
}

void Loader::loadBases(const YAML::Node &root, const std::string &path,
                       std::vector<std::string> &chain) {
  for (const char *key : {"base", "defaults"}) {
    YAML::Node bases = root[key];
    if (!bases)
      continue;
    std::vector<YAML::Node> list;
    if (bases.IsScalar())
      list.push_back(bases);
    else if (bases.IsSequence())
      for (const YAML::Node &item : bases)
        list.push_back(item);
    for (const YAML::Node &base : list) {
      if (!base.IsScalar()) {
        error(locate(path, base.Mark()),
              std::string(key) + ": expected a file name or a list of them");
        continue;
      }
      fs::path file = fs::path(path).parent_path() / base.Scalar();
      loadFile(file.string(), chain);
    }
    if (list.empty())
      error(locate(path, bases.Mark()),
            std::string(key) + ": expected a file name or a list of them");
  }
}

void Loader::unknownTopLevel(const std::string &name,
                             const std::string &where) {
  std::vector<std::string> candidates;
  for (std::string_view s : configSections())
    candidates.emplace_back(s);
  std::string hint = nearestName(name, candidates);
  // A key written outside its section: `hidden_size:` at the top level.
  for (const KeySpec &spec : configSchema())
    if (spec.path.substr(spec.path.find('.') + 1) == name)
      hint = std::string(spec.path);
  error(where, "unknown section '" + name + "'" +
                   (hint.empty() ? "; sections are model, training, data, "
                                   "parallelism"
                                 : "; did you mean '" + hint + "'?"));
}

void Loader::loadSection(const std::string &section, const YAML::Node &node,
                         const std::string &file) {
  if (!node.IsMap()) {
    error(locate(file, node.Mark()),
          section + ": expected a mapping of keys, e.g. '" + section +
              ":\\n  key: value'");
    return;
  }
  for (const auto &entry : node) {
    std::string path = section + "." + entry.first.Scalar();
    if (findKey(path)) {
      values[path] = {entry.second, locate(file, entry.first.Mark())};
      continue;
    }
    error(locate(file, entry.first.Mark()), unknownKeyMessage(path));
  }
}

void Loader::applyOverride(const std::string &text) {
  std::string where = "command line (" + text + ")";
  size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    error(where, "overrides are written dotted.key=value, e.g. "
                 "model.hidden_size=256");
    return;
  }
  std::string path = text.substr(0, eq);
  if (!findKey(path)) {
    error(where, unknownKeyMessage(path));
    return;
  }
  try {
    values[path] = {YAML::Load(text.substr(eq + 1)), where};
  } catch (const YAML::Exception &e) {
    error(where, path + ": the value is not valid YAML: " + e.msg);
  }
}

template <typename T> bool parseNumber(const std::string &text, T &out) {
  const char *end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end;
}

bool Loader::assign(const KeySpec &spec, const YAML::Node &node,
                    const std::string &where, Config &config) {
  std::string key(spec.path);
  if (!node.IsScalar()) {
    error(where, key + ": expected " + describeType(spec) + ", got " +
                     (node.IsNull() ? "no value" : "a list or mapping"));
    return false;
  }
  const std::string &text = node.Scalar();
  auto bad = [&](const std::string &why) {
    error(where, key + ": " + why);
    return false;
  };
  auto inRange = [&](double value) {
    if (value >= spec.min && value <= spec.max)
      return true;
    std::ostringstream os;
    os << text << " is out of range [" << spec.min << ", " << spec.max << "] ("
       << spec.help << ")";
    return bad(os.str());
  };
  if (auto field = std::get_if<IntField>(&spec.field)) {
    int64_t value;
    if (!parseNumber(text, value))
      return bad("expected an integer, got '" + text + "'");
    if (!inRange(static_cast<double>(value)))
      return false;
    (*field)(config) = value;
  } else if (auto field = std::get_if<FloatField>(&spec.field)) {
    double value;
    if (!parseNumber(text, value) || !std::isfinite(value))
      return bad("expected a finite number, got '" + text + "'");
    if (!inRange(value))
      return false;
    (*field)(config) = value;
  } else if (auto field = std::get_if<BoolField>(&spec.field)) {
    if (text != "true" && text != "false")
      return bad("expected true or false, got '" + text + "'");
    (*field)(config) = text == "true";
  } else {
    auto stringField = std::get<StringField>(spec.field);
    if (!spec.choices.empty() &&
        std::find(spec.choices.begin(), spec.choices.end(), text) ==
            spec.choices.end()) {
      std::vector<std::string> choices(spec.choices.begin(),
                                       spec.choices.end());
      std::string hint = nearestName(text, choices);
      return bad("'" + text + "' is not " + describeType(spec) +
                 (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    }
    stringField(config) = text;
  }
  return true;
}

std::optional<Config> Loader::resolve(const std::string &file) {
  Config config;
  config.file = file;
  for (const KeySpec &spec : configSchema()) {
    std::string path(spec.path);
    auto it = values.find(path);
    if (it != values.end()) {
      assign(spec, it->second.node, it->second.where, config);
      config.sources[path] = {it->second.where, true};
    } else {
      assign(spec, YAML::Load(std::string(spec.defaultValue)), "default",
             config);
      config.sources[path] = {"default", false};
    }
  }
  if (!errors.empty())
    return std::nullopt;
  for (const std::string &problem : checkConsistency(config))
    errors.push_back(problem);
  if (!errors.empty())
    return std::nullopt;
  return config;
}

} // namespace

LoadResult loadConfigText(const std::string &text, const std::string &name) {
  Loader loader;
  std::vector<std::string> chain;
  try {
    YAML::Node root = YAML::Load(text);
    if (!root.IsMap())
      loader.errors.push_back(name + ": error: the config is not a mapping");
    else
      loader.loadRoot(root, name, chain);
  } catch (const YAML::Exception &e) {
    loader.errors.push_back(name + ": error: YAML syntax: " + e.msg);
  }
  LoadResult result;
  result.config = loader.resolve(name);
  result.errors = std::move(loader.errors);
  return result;
}

LoadResult loadConfig(const std::string &path,
                      const std::vector<std::string> &overrides) {
  Loader loader;
  std::vector<std::string> chain;
  loader.loadFile(path, chain);
  for (const std::string &text : overrides)
    loader.applyOverride(text);
  LoadResult result;
  // Typed even after structural errors, so one run reports every problem.
  result.config = loader.resolve(path);
  result.errors = std::move(loader.errors);
  return result;
}

} // namespace trm
