//===- Safetensors.cpp - checkpoints in the safetensors format ------------===//
#include "runtime/io/Safetensors.h"
#include "runtime/io/AtomicFile.h"

#include "runtime/artifact/Hash.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string_view>

namespace trm {
namespace {

struct Dtype {
  const char *ours, *theirs;
  size_t width; // bytes per element
};
constexpr Dtype kDtypes[] = {{"f32", "F32", 4},
                             {"bf16", "BF16", 2},
                             {"f64", "F64", 8},
                             {"i32", "I32", 4},
                             {"i1", "BOOL", 1}};

const Dtype *byOurName(const std::string &name) {
  for (const Dtype &d : kDtypes)
    if (name == d.ours)
      return &d;
  return nullptr;
}

const Dtype *byTheirName(const std::string &name) {
  for (const Dtype &d : kDtypes)
    if (name == d.theirs)
      return &d;
  return nullptr;
}

/// The checksum's start: FNV-1a 64 of `metadata` but the checksum itself;
/// the bytes after the header continue it.
uint64_t metadataHash(const std::map<std::string, std::string> &metadata) {
  uint64_t hash = fnv1a("");
  for (const auto &[key, value] : metadata)
    if (key != kSafetensorsChecksumKey) { // each with its terminating NUL
      hash = fnv1a(std::string_view(key.c_str(), key.size() + 1), hash);
      hash = fnv1a(std::string_view(value.c_str(), value.size() + 1), hash);
    }
  return hash;
}

std::string_view bytesOf(const StoredTensor &t) {
  return {reinterpret_cast<const char *>(t.bytes.data()), t.bytes.size()};
}

/// `entry` as a tensor stored in `data` (the bytes after the header), or
/// what is wrong with it.
std::string parseEntry(const nlohmann::json &entry, std::string_view data,
                       StoredTensor &t) {
  if (!entry.is_object())
    return "is not described by an object";
  auto dtype = entry.find("dtype");
  const Dtype *type = dtype != entry.end() && dtype->is_string()
                          ? byTheirName(dtype->get<std::string>())
                          : nullptr;
  if (!type)
    return "has unsupported dtype " +
           (dtype != entry.end() ? dtype->dump() : std::string("(none)")) +
           " (F32, BF16, F64, I32, BOOL)";
  t.dtype = type->ours;
  auto shape = entry.find("shape");
  if (shape == entry.end() || !shape->is_array())
    return "has no shape";
  uint64_t elements = 1;
  for (const nlohmann::json &size : *shape) {
    if (!size.is_number_unsigned())
      return "has a shape entry " + size.dump() + " that is not a size";
    t.shape.push_back(size.get<int64_t>());
    if (__builtin_mul_overflow(elements, size.get<uint64_t>(), &elements))
      return "has a shape of more elements than any file holds";
  }
  auto offsets = entry.find("data_offsets");
  if (offsets == entry.end() || !offsets->is_array() || offsets->size() != 2 ||
      !(*offsets)[0].is_number_unsigned() ||
      !(*offsets)[1].is_number_unsigned())
    return "has no data_offsets [begin, end]";
  uint64_t begin = (*offsets)[0], end = (*offsets)[1];
  if (begin > end || end > data.size())
    return "lies outside the file (truncated?)";
  uint64_t bytes = 0;
  if (__builtin_mul_overflow(elements, type->width, &bytes) ||
      bytes != end - begin)
    return "has " + std::to_string(end - begin) + " bytes, but its shape and " +
           "dtype need " + std::to_string(elements) + " x " +
           std::to_string(type->width);
  t.bytes.assign(data.begin() + begin, data.begin() + end);
  return "";
}

} // namespace

std::string
writeSafetensors(const std::string &path, const TensorMap &tensors,
                 const std::map<std::string, std::string> &metadata) {
  nlohmann::ordered_json header;
  uint64_t hash = metadataHash(metadata);
  for (const auto &[name, t] : tensors)
    hash = fnv1a(bytesOf(t), hash);
  std::map<std::string, std::string> sealed = metadata;
  sealed[kSafetensorsChecksumKey] = hex64(hash);
  header["__metadata__"] = sealed;
  uint64_t offset = 0;
  for (const auto &[name, t] : tensors) {
    header[name] = {{"dtype", byOurName(t.dtype)->theirs},
                    {"shape", t.shape},
                    {"data_offsets", {offset, offset + t.bytes.size()}}};
    offset += t.bytes.size();
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' '); // keep the data 8-aligned
  return writeFileAtomically(path, [&](std::ostream &out) {
    uint64_t length = text.size();
    for (int i = 0; i < 8; ++i)
      out.put(static_cast<char>((length >> (8 * i)) & 0xff));
    out << text;
    for (const auto &[name, t] : tensors)
      out << bytesOf(t);
  });
}

std::string readSafetensors(const std::string &path, TensorMap &tensors,
                            std::map<std::string, std::string> &metadata) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return path + " is a directory; pass a checkpoint file "
                  "(RUNDIR/checkpoints/step-N.safetensors or .ema.safetensors)";
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return path + ": cannot open the checkpoint";
  std::ostringstream os;
  os << in.rdbuf();
  std::string bytes = os.str();
  if (bytes.size() < 8)
    return path + ": truncated (no header)";
  uint64_t length = 0;
  for (int i = 7; i >= 0; --i)
    length = (length << 8) | static_cast<unsigned char>(bytes[i]);
  if (length > bytes.size() - 8)
    return path + ": truncated header";
  nlohmann::json header =
      nlohmann::json::parse(bytes.substr(8, length), nullptr, false);
  if (header.is_discarded() || !header.is_object())
    return path + ": the header is not JSON; not a safetensors file";
  std::string_view data = std::string_view(bytes).substr(8 + length);
  for (auto &[name, entry] : header.items()) {
    if (name == "__metadata__") {
      if (!entry.is_object())
        return path + ": __metadata__ is not an object; the file is damaged";
      for (auto &[key, value] : entry.items()) {
        if (!value.is_string())
          return path + ": __metadata__ '" + key +
                 "' is not a string; the file is damaged";
        metadata[key] = value.get<std::string>();
      }
      continue;
    }
    StoredTensor t;
    if (std::string e = parseEntry(entry, data, t); !e.empty())
      return path + ": tensor '" + name + "' " + e;
    tensors[name] = std::move(t);
  }
  // Files from elsewhere have no checksum; trm-run's all do (callers that
  // need one check that it is there).
  auto sealed = metadata.find(kSafetensorsChecksumKey);
  if (sealed != metadata.end() &&
      sealed->second != hex64(fnv1a(data, metadataHash(metadata))))
    return path + ": its metadata and bytes do not match the checksum in "
                  "its header (the file was damaged or altered); use "
                  "another checkpoint";
  return "";
}

} // namespace trm
