//===- Safetensors.cpp - checkpoints in the safetensors format ------------===//
#include "runtime/io/Safetensors.h"
#include "runtime/io/AtomicFile.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace trm {
namespace {

const std::map<std::string, std::string> kToSafetensors = {{"f32", "F32"},
                                                           {"bf16", "BF16"},
                                                           {"f64", "F64"},
                                                           {"i32", "I32"},
                                                           {"i1", "BOOL"}};

} // namespace

std::string
writeSafetensors(const std::string &path, const TensorMap &tensors,
                 const std::map<std::string, std::string> &metadata) {
  nlohmann::ordered_json header;
  header["__metadata__"] = metadata;
  uint64_t offset = 0;
  for (const auto &[name, t] : tensors) {
    header[name] = {{"dtype", kToSafetensors.at(t.dtype)},
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
      out.write(reinterpret_cast<const char *>(t.bytes.data()),
                static_cast<std::streamsize>(t.bytes.size()));
  });
}

std::string readSafetensors(const std::string &path, TensorMap &tensors,
                            std::map<std::string, std::string> &metadata) {
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
  if (8 + length > bytes.size())
    return path + ": truncated header";
  nlohmann::json header =
      nlohmann::json::parse(bytes.substr(8, length), nullptr, false);
  if (header.is_discarded() || !header.is_object())
    return path + ": the header is not JSON; not a safetensors file";
  size_t base = 8 + length;
  for (auto &[name, entry] : header.items()) {
    if (name == "__metadata__") {
      for (auto &[k, v] : entry.items())
        metadata[k] = v.get<std::string>();
      continue;
    }
    StoredTensor t;
    std::string dtype = entry.value("dtype", "");
    for (const auto &[ours, theirs] : kToSafetensors)
      if (theirs == dtype)
        t.dtype = ours;
    if (t.dtype.empty())
      return path + ": tensor '" + name + "' has unsupported dtype " + dtype;
    t.shape = entry.value("shape", std::vector<int64_t>{});
    auto offsets = entry.value("data_offsets", std::vector<uint64_t>{});
    if (offsets.size() != 2 || offsets[0] > offsets[1] ||
        base + offsets[1] > bytes.size())
      return path + ": tensor '" + name +
             "' lies outside the file (truncated?)";
    t.bytes.assign(bytes.begin() + base + offsets[0],
                   bytes.begin() + base + offsets[1]);
    tensors[name] = std::move(t);
  }
  return "";
}

} // namespace trm
