//===- TensorBoardEvents.cpp - scalar summaries TensorBoard reads ---------===//
#include "runtime/io/TensorBoardEvents.h"

#include <array>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <unistd.h>

namespace trm {
namespace {

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), as TFRecord uses.
uint32_t crc32c(const std::string &bytes) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k)
        c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char b : bytes)
    crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

/// TFRecord stores rotated, offset CRCs (so CRCs of CRCs stay useful).
uint32_t masked(uint32_t crc) {
  return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
}

template <typename T> std::string littleEndian(T value) {
  std::string bytes(sizeof(T), '\0');
  std::memcpy(bytes.data(), &value, sizeof(T)); // x86-64 and arm64: LE
  return bytes;
}

// Protobuf wire format: the few field kinds an Event needs.
std::string varint(uint64_t v) {
  std::string bytes;
  for (; v >= 0x80; v >>= 7)
    bytes.push_back(static_cast<char>((v & 0x7F) | 0x80));
  bytes.push_back(static_cast<char>(v));
  return bytes;
}
std::string lengthDelimited(int field, const std::string &bytes) {
  return varint(static_cast<uint64_t>(field) << 3 | 2) + varint(bytes.size()) +
         bytes;
}

// tensorflow.Event: wall_time = 1 (double), step = 2 (int64),
// file_version = 3 (string), summary = 5 (Summary).
// Summary: value = 1 (Value). Value: tag = 1 (string), simple_value = 2.
std::string event(int64_t step, const std::string &body) {
  double now = std::chrono::duration<double>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
  return varint(1 << 3 | 1) + littleEndian(now) + varint(2 << 3 | 0) +
         varint(static_cast<uint64_t>(step)) + body;
}

} // namespace

bool TensorBoardEvents::open(const std::string &dir, std::string &error) {
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
  std::filesystem::path path =
      std::filesystem::path(dir) /
      ("events.out.tfevents." + std::to_string(seconds) + ".trm-run." +
       std::to_string(getpid()));
  out.open(path, std::ios::binary | std::ios::app);
  if (!out) {
    error = "cannot create the TensorBoard event file " + path.string();
    return false;
  }
  writeRecord(event(0, lengthDelimited(3, "brain.Event:2")));
  return true;
}

void TensorBoardEvents::write(
    int64_t step, const std::vector<std::pair<std::string, double>> &scalars) {
  std::string summary;
  for (const auto &[tag, value] : scalars)
    summary += lengthDelimited(1, lengthDelimited(1, tag) + varint(2 << 3 | 5) +
                                      littleEndian(static_cast<float>(value)));
  writeRecord(event(step, lengthDelimited(5, summary)));
}

void TensorBoardEvents::writeRecord(const std::string &payload) {
  std::string length = littleEndian<uint64_t>(payload.size());
  out << length << littleEndian(masked(crc32c(length))) << payload
      << littleEndian(masked(crc32c(payload)));
  out.flush();
}

} // namespace trm
