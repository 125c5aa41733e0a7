//===- Artifact.cpp - loading and checking a trmc artifact ----------------===//
#include "runtime/artifact/Artifact.h"

#include "runtime/artifact/Hash.h"
#include "runtime/exec/HostTensor.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace trm {
namespace {

bool readFile(const std::string &path, std::string &bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return false;
  std::ostringstream os;
  os << in.rdbuf();
  bytes = os.str();
  return true;
}

/// CPU flags from /proc/cpuinfo, in LLVM's spelling for the vector and
/// bit-manipulation features kernels depend on.
std::set<std::string> hostFeatures() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  std::set<std::string> flags;
  while (std::getline(in, line))
    if (line.rfind("flags", 0) == 0) {
      std::istringstream words(line.substr(line.find(':') + 1));
      for (std::string w; words >> w;) {
        std::string dotted = w, joined;
        for (char &c : dotted)
          if (c == '_')
            c = '.'; // sse4_1 -> sse4.1
        for (char c : w)
          if (c != '_')
            joined += c; // avx512_bf16 -> avx512bf16
        flags.insert(dotted);
        flags.insert(joined);
        if (w == "bmi1")
          flags.insert("bmi"); // LLVM's name
      }
      break;
    }
  return flags;
}

/// The features whose absence would make the kernels fault.
bool matters(const std::string &feature) {
  static const std::set<std::string> checked = {
      "avx",      "avx2",       "fma",        "f16c",       "bmi",
      "bmi2",     "avx512f",    "avx512bw",   "avx512dq",   "avx512vl",
      "avx512cd", "avx512bf16", "avx512vnni", "avx512fp16", "sse4.1",
      "sse4.2",   "ssse3"};
  return checked.count(feature) > 0;
}

/// What makes an entry point's argument or result unusable here, if
/// anything: a dtype HostTensor cannot hold, or a negative dimension.
std::string checkTensorSpecs(const artifact::Manifest &manifest) {
  for (const artifact::EntryPoint &entry : manifest.entry_points()) {
    auto check = [&](const artifact::TensorSpec &spec,
                     const char *kind) -> std::string {
      std::string what = entry.name() + " " + kind + " '" + spec.name() + "'";
      if (HostTensor::width(spec.dtype()) == 0)
        return what + " has dtype '" + spec.dtype() +
               "', which this trm-run does not know (f32, bf16, f64, i32, i1)";
      // Bytes at 8 per element at most: beyond 2^48 (256 TiB) no host holds
      // the tensor, and the product of sizes would soon overflow.
      constexpr int64_t kMostElements = int64_t(1) << 45;
      int64_t elements = 1;
      for (int64_t size : spec.shape()) {
        if (size < 0)
          return what + " has a negative dimension (" + std::to_string(size) +
                 ")";
        if (size > 0 && elements > kMostElements / size) {
          std::string shape;
          for (int64_t each : spec.shape())
            shape += (shape.empty() ? "" : "x") + std::to_string(each);
          return what + " has more than 2^45 elements (shape " + shape + ")";
        }
        elements *= size;
      }
      return "";
    };
    for (const artifact::TensorSpec &spec : entry.arguments())
      if (std::string error = check(spec, "argument"); !error.empty())
        return error;
    for (const artifact::TensorSpec &spec : entry.results())
      if (std::string error = check(spec, "result"); !error.empty())
        return error;
  }
  return "";
}

} // namespace

uint64_t contentHash(const artifact::Manifest &manifest) {
  uint64_t content = fnv1a("");
  for (const artifact::File &file : manifest.files()) {
    content = fnv1a(file.path(), content);
    content = fnv1a(std::to_string(file.hash()), content);
  }
  return content;
}

uint64_t manifestHash(const artifact::Manifest &manifest) {
  artifact::Manifest unsealed = manifest;
  unsealed.clear_manifest_hash();
  // No map fields: the serialization is canonical (fields in number order,
  // unknown ones kept), so a parse of altered bytes serializes differently.
  return fnv1a(unsealed.SerializeAsString());
}

const artifact::EntryPoint *findEntry(const artifact::Manifest &manifest,
                                      const std::string &name) {
  for (const artifact::EntryPoint &entry : manifest.entry_points())
    if (entry.name() == name)
      return &entry;
  return nullptr;
}

std::string loadArtifact(const std::string &dir, LoadedArtifact &out) {
  namespace fs = std::filesystem;
  out.dir = dir;
  std::string bytes;
  std::string manifestPath = (fs::path(dir) / "manifest.pb").string();
  if (!fs::is_directory(dir))
    return dir + " is not a directory; pass the artifact directory written by "
                 "`trmc compile --target=cpu -o DIR`";
  if (!readFile(manifestPath, bytes))
    return manifestPath + " is missing: " + dir + " is not a trmc artifact";
  if (!out.manifest.ParseFromString(bytes) ||
      out.manifest.format_version() == 0)
    return manifestPath + " is corrupt (not a trmc manifest); recompile";
  if (out.manifest.format_version() != kManifestFormatVersion)
    return manifestPath + " has format version " +
           std::to_string(out.manifest.format_version()) +
           "; this trm-run reads version " +
           std::to_string(kManifestFormatVersion) +
           ": recompile the artifact with this trmc";
  // Bytes that parse leniently (a varint's ignored high bits) but are not
  // what trmc wrote are altered too.
  if (manifestHash(out.manifest) != out.manifest.manifest_hash() ||
      out.manifest.SerializeAsString() != bytes)
    return manifestPath + " does not match its own hash (truncated or "
                          "altered); recompile the artifact";
  for (const artifact::File &file : out.manifest.files()) {
    std::string path = (fs::path(dir) / file.path()).string();
    if (!readFile(path, bytes))
      return path + " is listed in the manifest but missing; recompile";
    if (fnv1a(bytes) != file.hash())
      return path + " does not match its hash in the manifest (truncated or "
                    "altered); recompile the artifact";
  }
  if (contentHash(out.manifest) != out.manifest.content_hash())
    return manifestPath + ": the content hash does not match the files; "
                          "recompile the artifact";
  if (std::string error = checkTensorSpecs(out.manifest); !error.empty())
    return manifestPath + ": " + error +
           "; the manifest was altered or written by another trmc: "
           "recompile the artifact";
  std::set<std::string> host = hostFeatures();
  std::string cpu = kernelsCpu(out.manifest);
  for (const std::string &feature : out.manifest.cpu_features()) {
    if (feature.rfind(kCpuNamePrefix, 0) == 0)
      continue;
    std::string name = feature.substr(1);
    if (feature[0] == '+' && matters(name) && !host.count(name))
      return dir + " was compiled for " + cpu + " and its kernels need " +
             name +
             ", which this CPU lacks; recompile it here with "
             "--target-cpu=native";
  }
  return "";
}

std::string kernelsCpu(const artifact::Manifest &manifest) {
  std::string prefix = kCpuNamePrefix;
  for (const std::string &feature : manifest.cpu_features())
    if (feature.rfind(prefix, 0) == 0)
      return feature.substr(prefix.size());
  return "";
}

} // namespace trm
