//===- Init.cpp - initial values of the model's tensors -------------------===//
#include "runtime/train/Init.h"

#include "runtime/data/Random.h"

#include <cmath>
#include <numbers>

namespace trm {

static constexpr uint64_t kInitStream = 0x1417;

double truncatedNormalStd() {
  // Var of N(0,1) cut at +-a: 1 - 2 a phi(a) / (2 Phi(a) - 1).
  double a = 2, phi = std::exp(-a * a / 2) / std::sqrt(2 * std::numbers::pi);
  double mass = std::erf(a / std::sqrt(2.0));
  return std::sqrt(1 - 2 * a * phi / mass);
}

std::vector<float> initialValue(const ParamSpec &spec, uint64_t seed,
                                uint64_t index) {
  std::vector<float> values(static_cast<size_t>(numElements(spec)), 0.0f);
  switch (spec.init) {
  case ParamInit::Zeros:
    break;
  case ParamInit::Constant:
    std::fill(values.begin(), values.end(), static_cast<float>(spec.value));
    break;
  case ParamInit::TruncatedNormal: {
    Random rng(seed, kInitStream, index);
    double scale = spec.value / truncatedNormalStd();
    for (float &v : values) {
      double z;
      do { // Box-Muller, rejecting draws outside +-2
        double u = 1 - rng.unit(), w = rng.unit();
        z = std::sqrt(-2 * std::log(u)) * std::cos(2 * std::numbers::pi * w);
      } while (std::abs(z) > 2);
      v = static_cast<float>(z * scale);
    }
    break;
  }
  }
  return values;
}

} // namespace trm
