//===- Npy.cpp - NumPy .npy files (uint8 and int32) -----------------------===//
#include "runtime/data/Npy.h"

#include <cstring>
#include <fstream>
#include <iterator>
#include <regex>

namespace trm {

int64_t NpyArray::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

NpyArray makeU8(std::vector<int64_t> shape, const std::vector<uint8_t> &data) {
  return {"|u1", std::move(shape), data};
}

template <typename T>
static NpyArray makeArray(const char *descr, std::vector<int64_t> shape,
                          const std::vector<T> &data) {
  NpyArray array{descr, std::move(shape), {}};
  array.bytes.resize(data.size() * sizeof(T));
  std::memcpy(array.bytes.data(), data.data(), array.bytes.size());
  return array;
}

NpyArray makeI32(std::vector<int64_t> shape, const std::vector<int32_t> &data) {
  return makeArray("<i4", std::move(shape), data);
}

NpyArray makeF32(std::vector<int64_t> shape, const std::vector<float> &data) {
  return makeArray("<f4", std::move(shape), data);
}

NpyArray makeF64(std::vector<int64_t> shape, const std::vector<double> &data) {
  return makeArray("<f8", std::move(shape), data);
}

static constexpr char kMagic[] = "\x93NUMPY";

std::string writeNpy(const std::string &path, const NpyArray &array) {
  // Python tuple syntax: (N,) for one dimension, (A, B) otherwise.
  std::string shape = "(";
  for (size_t i = 0; i < array.shape.size(); ++i)
    shape += (i ? ", " : "") + std::to_string(array.shape[i]);
  shape += array.shape.size() == 1 ? ",)" : ")";
  std::string header = "{'descr': '" + array.descr +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  size_t unpadded = 6 + 2 + 2 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  std::ofstream out(path, std::ios::binary);
  out.write(kMagic, 6);
  out.put(1).put(0);
  out.put(static_cast<char>(header.size() & 0xff))
      .put(static_cast<char>(header.size() >> 8));
  out << header;
  out.write(reinterpret_cast<const char *>(array.bytes.data()),
            static_cast<std::streamsize>(array.bytes.size()));
  out.close();
  if (!out)
    return "cannot write " + path;
  return "";
}

NpyArray readNpy(const std::string &path, std::string &error) {
  NpyArray array;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot open (missing file?)";
    return array;
  }
  std::vector<uint8_t> data((std::istreambuf_iterator<char>(in)),
                            std::istreambuf_iterator<char>());
  if (data.size() < 10 || std::memcmp(data.data(), kMagic, 6) != 0) {
    error = path + ": not a .npy file (bad magic)";
    return array;
  }
  size_t headerLen = 0, offset = 0;
  if (data[6] == 1) {
    headerLen = data[8] | (data[9] << 8);
    offset = 10;
  } else if (data[6] == 2 || data[6] == 3) {
    if (data.size() < 12) {
      error = path + ": truncated header";
      return array;
    }
    headerLen = data[8] | (data[9] << 8) | (data[10] << 16) |
                (static_cast<size_t>(data[11]) << 24);
    offset = 12;
  } else {
    error = path + ": unsupported .npy version " + std::to_string(data[6]);
    return array;
  }
  if (offset + headerLen > data.size()) {
    error = path + ": truncated header";
    return array;
  }
  std::string header(data.begin() + offset, data.begin() + offset + headerLen);
  std::smatch descr, order, shape;
  if (!std::regex_search(header, descr, std::regex("'descr':\\s*'([^']*)'")) ||
      !std::regex_search(header, order,
                         std::regex("'fortran_order':\\s*(True|False)")) ||
      !std::regex_search(header, shape,
                         std::regex("'shape':\\s*\\(([^)]*)\\)"))) {
    error = path + ": malformed header: " + header;
    return array;
  }
  array.descr = descr[1];
  size_t itemSize = array.descr == "|u1"   ? 1
                    : array.descr == "<i4" ? 4
                    : array.descr == "<f4" ? 4
                    : array.descr == "<f8" ? 8
                                           : 0;
  if (itemSize == 0) {
    error = path + ": dtype " + array.descr +
            ", expected uint8, int32, float32 or float64";
    return array;
  }
  if (order[1] == "True") {
    error = path + ": Fortran-ordered arrays are not supported";
    return array;
  }
  std::string dims = shape[1];
  std::regex number("\\d+");
  for (auto it = std::sregex_iterator(dims.begin(), dims.end(), number);
       it != std::sregex_iterator(); ++it)
    array.shape.push_back(std::stoll(it->str()));
  size_t expected = static_cast<size_t>(array.numElements()) * itemSize;
  size_t payload = data.size() - offset - headerLen;
  if (payload != expected) {
    error = path + ": holds " + std::to_string(payload) +
            " data bytes, but its shape needs " + std::to_string(expected) +
            " (truncated or corrupt)";
    return array;
  }
  array.bytes.assign(data.begin() + offset + headerLen, data.end());
  return array;
}

} // namespace trm
