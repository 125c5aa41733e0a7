//===- ConfigSchema.h - every configuration key, typed ----------*- C++ -*-===//
#ifndef TRM_FRONTEND_CONFIG_CONFIGSCHEMA_H
#define TRM_FRONTEND_CONFIG_CONFIGSCHEMA_H

#include "frontend/config/Config.h"

#include <span>
#include <string_view>
#include <variant>
#include <vector>

namespace trm {

using IntField = int64_t &(*)(Config &);
using FloatField = double &(*)(Config &);
using BoolField = bool &(*)(Config &);
using StringField = std::string &(*)(Config &);

/// One YAML key: where it lives in Config, its default (YAML text), its valid
/// range or choices, and what it means.
struct KeySpec {
  std::string_view path; // dotted: "model.hidden_size"
  std::variant<IntField, FloatField, BoolField, StringField> field;
  std::string_view defaultValue;
  double min;
  double max;
  std::vector<std::string_view> choices; // non-empty for enumerations
  std::string_view help;
};

/// All keys, in the order `trmc check` prints them.
std::span<const KeySpec> configSchema();

/// The spec of `path`, or null.
const KeySpec *findKey(std::string_view path);

/// The section names ("model", "training", ...).
std::vector<std::string_view> configSections();

/// A type name for messages: "integer", "number", "boolean", "string" or
/// "one of none|rope|learned".
std::string describeType(const KeySpec &spec);

/// The value of `spec` in `config` as YAML text ("512", "true", "rope").
std::string valueText(const KeySpec &spec, const Config &config);

/// The whole resolved config as YAML that loadConfig() reads back.
std::string resolvedConfigYaml(const Config &config);

} // namespace trm

#endif // TRM_FRONTEND_CONFIG_CONFIGSCHEMA_H
