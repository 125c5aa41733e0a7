//===- GemmShape.cpp - a benchmark GEMM's shape, as written on a command line
//=//
#include "bench/GemmShape.h"

#include <cstdlib>
#include <sstream>
#include <vector>

namespace trm::bench {

std::string GemmCase::describe() const {
  std::ostringstream os;
  if (batch)
    os << batch << "x";
  os << m << "x" << k << "x" << n << (transposeA ? " A^T" : "")
     << (glu ? " GLU" : "") << (squaresProduct() ? "+P" : "")
     << (roundsToBf16 ? " ->bf16" : "") << " " << dtype;
  if (vectorBits)
    os << " (" << vectorBits << "-bit tiles)";
  if (!amx)
    os << " (no AMX)";
  return os.str();
}

std::vector<std::string> defaultGemmShapes() {
  return {"1552x512x3072", "1552x1536x512",  "8192x97x1024",
          "8192x512x97",   "512x1552x3072t", "1536x1552x512t",
          "6208x256x1536", "6208x768x256",   "256x6208x1536t"};
}

bool parseGemmShape(std::string text, GemmCase &gemm) {
  while (!text.empty()) {
    char flag = text.back();
    bool *set = flag == 't'   ? &gemm.transposeA
                : flag == 'g' ? &gemm.glu
                : flag == 'r' ? &gemm.roundsToBf16
                : flag == 'p' ? &gemm.keepProduct
                              : nullptr;
    if (!set)
      break;
    *set = true;
    text.pop_back();
  }
  std::vector<int64_t> dims;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('x', start);
    std::string part = text.substr(start, end - start);
    char *rest = nullptr;
    long long value = std::strtoll(part.c_str(), &rest, 10);
    if (part.empty() || *rest || value <= 0)
      return false;
    dims.push_back(value);
    if (end == std::string::npos)
      break;
    start = end + 1;
  }
  if (dims.size() == 4)
    gemm.batch = dims[0];
  else if (dims.size() != 3)
    return false;
  size_t o = dims.size() - 3;
  gemm.m = dims[o];
  gemm.k = dims[o + 1];
  gemm.n = dims[o + 2];
  if ((gemm.glu && gemm.roundsToBf16) || (gemm.keepProduct && !gemm.glu))
    return false;
  return !gemm.glu || (!gemm.batch && gemm.n % 2 == 0);
}

} // namespace trm::bench
