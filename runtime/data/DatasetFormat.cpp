//===- DatasetFormat.cpp - the reference on-disk dataset format -----------===//
#include "runtime/data/DatasetFormat.h"

#include "runtime/data/Npy.h"

#include "runtime/artifact/Hash.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace trm {
namespace fs = std::filesystem;

static std::string arrayPath(const std::string &dir, const std::string &name) {
  return (fs::path(dir) / ("all__" + name + ".npy")).string();
}

/// FNV-1a 64 of what an array holds (dtype, shape, bytes), as 16 hex
/// digits: dataset.json's "trm_checksums" lists one per array, so that
/// a flipped bit in a token is found when the split is read (.npy has no
/// checksum of its own; the reference loaders ignore the key).
static std::string checksum(const NpyArray &array) {
  uint64_t hash = fnv1a(array.descr);
  for (int64_t size : array.shape)
    hash = fnv1a(std::to_string(size) + ",", hash);
  hash =
      fnv1a(std::string_view(reinterpret_cast<const char *>(array.bytes.data()),
                             array.bytes.size()),
            hash);
  return hex64(hash);
}

static std::string writeJson(const std::string &path,
                             const nlohmann::json &json) {
  std::ofstream out(path);
  out << json.dump(2) << "\n";
  out.close();
  return out ? "" : "cannot write " + path;
}

std::string writeSplit(const std::string &splitDir, const SplitData &data,
                       const DatasetMetadata &meta) {
  std::error_code ec;
  fs::create_directories(splitDir, ec);
  if (ec)
    return "cannot create " + splitDir + ": " + ec.message();
  int64_t examples = static_cast<int64_t>(data.inputs.size()) / meta.seq_len;
  std::vector<std::pair<std::string, NpyArray>> arrays = {
      {"inputs", makeU8({examples, meta.seq_len}, data.inputs)},
      {"labels", makeU8({examples, meta.seq_len}, data.labels)},
      {"puzzle_identifiers",
       makeI32({data.numPuzzles()}, data.puzzleIdentifiers)},
      {"puzzle_indices", makeI32({data.numPuzzles() + 1}, data.puzzleIndices)},
      {"group_indices", makeI32({data.numGroups() + 1}, data.groupIndices)},
  };
  if (!data.ratings.empty())
    arrays.push_back({"ratings", makeI32({data.numPuzzles()}, data.ratings)});
  nlohmann::json checksums = nlohmann::json::object();
  for (const auto &[name, array] : arrays) {
    if (std::string error = writeNpy(arrayPath(splitDir, name), array);
        !error.empty())
      return error;
    checksums[name] = checksum(array);
  }
  nlohmann::json json = {
      {"seq_len", meta.seq_len},
      {"vocab_size", meta.vocab_size},
      {"pad_id", meta.pad_id},
      {"ignore_label_id", meta.ignore_label_id},
      {"blank_identifier_id", meta.blank_identifier_id},
      {"num_puzzle_identifiers", meta.num_puzzle_identifiers},
      {"total_groups", meta.total_groups},
      {"mean_puzzle_examples", meta.mean_puzzle_examples},
      {"sets", meta.sets},
      {"trm_checksums", checksums},
  };
  return writeJson((fs::path(splitDir) / "dataset.json").string(), json);
}

std::string writeIdentifiers(const std::string &dir,
                             const std::vector<std::string> &names) {
  return writeJson((fs::path(dir) / "identifiers.json").string(), names);
}

namespace {

/// Reads dataset.json into `meta`; appends problems to `errors`.
void readMetadata(const std::string &path, DatasetMetadata &meta,
                  std::vector<std::string> &errors) {
  std::ifstream in(path);
  if (!in) {
    errors.push_back(path + ": missing");
    return;
  }
  nlohmann::json json = nlohmann::json::parse(in, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    errors.push_back(path + ": not a JSON object");
    return;
  }
  auto integer = [&](const char *key, int64_t &out) {
    if (!json.contains(key) || !json[key].is_number_integer())
      errors.push_back(path + ": key '" + key + "' missing or not an integer");
    else
      out = json[key].get<int64_t>();
  };
  integer("seq_len", meta.seq_len);
  integer("vocab_size", meta.vocab_size);
  integer("pad_id", meta.pad_id);
  integer("ignore_label_id", meta.ignore_label_id);
  integer("blank_identifier_id", meta.blank_identifier_id);
  integer("num_puzzle_identifiers", meta.num_puzzle_identifiers);
  integer("total_groups", meta.total_groups);
  if (json.contains("trm_checksums")) {
    const nlohmann::json &sums = json["trm_checksums"];
    if (!sums.is_object())
      errors.push_back(path + ": 'trm_checksums' is not an object");
    else
      for (auto &[name, value] : sums.items()) {
        if (!value.is_string()) {
          errors.push_back(path + ": trm_checksums '" + name +
                           "' is not a string");
          continue;
        }
        meta.checksums[name] = value.get<std::string>();
      }
  }
  if (!json.contains("mean_puzzle_examples") ||
      !json["mean_puzzle_examples"].is_number())
    errors.push_back(path + ": key 'mean_puzzle_examples' missing");
  else
    meta.mean_puzzle_examples = json["mean_puzzle_examples"].get<double>();
}

/// Checks that `indices` start at 0, never decrease and end at `end`.
void checkOffsets(const std::string &what, const std::vector<int32_t> &indices,
                  int64_t end, std::vector<std::string> &errors) {
  if (indices.empty() || indices.front() != 0 || indices.back() != end) {
    errors.push_back(what + " must run from 0 to " + std::to_string(end));
    return;
  }
  for (size_t i = 1; i < indices.size(); ++i)
    if (indices[i] < indices[i - 1]) {
      errors.push_back(what + " decreases at position " + std::to_string(i));
      return;
    }
}

} // namespace

std::vector<std::string> readSplit(const std::string &splitDir, SplitData &data,
                                   DatasetMetadata &meta) {
  std::vector<std::string> errors;
  readMetadata((fs::path(splitDir) / "dataset.json").string(), meta, errors);
  auto load = [&](const std::string &name, const char *descr,
                  bool optional) -> NpyArray {
    std::string path = arrayPath(splitDir, name), error;
    if (optional && !fs::exists(path)) {
      if (meta.checksums.count(name))
        errors.push_back(path + ": missing, but dataset.json lists it");
      return {};
    }
    NpyArray array = readNpy(path, error);
    if (!error.empty())
      errors.push_back(error);
    else if (array.descr != descr)
      errors.push_back(path + ": dtype " + array.descr + ", expected " + descr);
    else if (auto sum = meta.checksums.find(name);
             sum != meta.checksums.end() && sum->second != checksum(array))
      errors.push_back(path + ": its contents do not match its checksum in "
                              "dataset.json (the file was damaged or "
                              "altered); copy or build the dataset again");
    return array;
  };
  NpyArray inputs = load("inputs", "|u1", false);
  NpyArray labels = load("labels", "|u1", false);
  NpyArray ids = load("puzzle_identifiers", "<i4", false);
  NpyArray puzzles = load("puzzle_indices", "<i4", false);
  NpyArray groups = load("group_indices", "<i4", false);
  NpyArray ratings = load("ratings", "<i4", true);
  if (!errors.empty())
    return errors;

  auto toI32 = [](const NpyArray &a) {
    return std::vector<int32_t>(a.i32(), a.i32() + a.numElements());
  };
  data.inputs = inputs.bytes;
  data.labels = labels.bytes;
  data.puzzleIdentifiers = toI32(ids);
  data.puzzleIndices = toI32(puzzles);
  data.groupIndices = toI32(groups);
  data.ratings =
      ratings.bytes.empty() ? std::vector<int32_t>{} : toI32(ratings);

  if (inputs.shape.size() != 2 || inputs.shape[1] != meta.seq_len)
    errors.push_back(splitDir + ": inputs must be [examples, seq_len=" +
                     std::to_string(meta.seq_len) + "]");
  if (labels.shape != inputs.shape)
    errors.push_back(splitDir + ": labels and inputs differ in shape");
  int64_t examples = inputs.shape.empty() ? 0 : inputs.shape[0];
  checkOffsets(splitDir + ": puzzle_indices", data.puzzleIndices, examples,
               errors);
  if (static_cast<int64_t>(data.puzzleIndices.size()) != data.numPuzzles() + 1)
    errors.push_back(splitDir + ": puzzle_indices must have one entry more "
                                "than puzzle_identifiers");
  checkOffsets(splitDir + ": group_indices", data.groupIndices,
               data.numPuzzles(), errors);
  if (data.numGroups() != meta.total_groups)
    errors.push_back(splitDir + ": dataset.json says total_groups " +
                     std::to_string(meta.total_groups) +
                     ", group_indices has " + std::to_string(data.numGroups()));
  for (int32_t id : data.puzzleIdentifiers)
    if (id < 0 || id >= meta.num_puzzle_identifiers) {
      errors.push_back(splitDir + ": puzzle identifier " + std::to_string(id) +
                       " outside [0, num_puzzle_identifiers)");
      break;
    }
  for (const auto *tokens : {&data.inputs, &data.labels})
    for (uint8_t token : *tokens)
      if (token >= meta.vocab_size) {
        errors.push_back(splitDir + ": token " + std::to_string(token) +
                         " outside the vocabulary of " +
                         std::to_string(meta.vocab_size));
        break;
      }
  if (!data.ratings.empty() &&
      static_cast<int64_t>(data.ratings.size()) != data.numPuzzles())
    errors.push_back(splitDir + ": ratings must have one entry per puzzle");
  return errors;
}

} // namespace trm
