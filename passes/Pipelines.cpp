//===- Pipelines.cpp - the named phases of trmc compile -------------------===//
#include "passes/Pipelines.h"

#include "passes/Passes.h"

#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

namespace mlir::trm {

const std::vector<Phase> &compilePhases() {
  static const std::vector<Phase> phases = {
      {"trm", "the traced program, verified", [](OpPassManager &) {}},
      {"bf16", "the bfloat16 forward_dtype policy (trm-cast-bf16)",
       [](OpPassManager &pm) {
         pm.addPass(createTrmCastBf16());
         pm.addPass(createCanonicalizerPass());
       }},
      {"grad", "gradients filled in (trm-autodiff), canonicalize + cse",
       [](OpPassManager &pm) {
         pm.addPass(createTrmAutodiff());
         pm.addPass(createCanonicalizerPass());
         pm.addPass(createCSEPass());
       }},
      {"sharded", "collectives bound to the data-parallel shards",
       [](OpPassManager &pm) { pm.addPass(createTrmShardDataParallel()); }},
      {"unrolled", "recursion fully unrolled (trm-unroll-recursion)",
       [](OpPassManager &pm) {
         pm.addPass(createTrmUnrollRecursion());
         pm.addPass(createCanonicalizerPass());
         pm.addPass(createCSEPass());
       }},
  };
  return phases;
}

bool addPhasesUpTo(OpPassManager &pm, llvm::StringRef last) {
  const std::vector<Phase> &phases = compilePhases();
  auto end = std::find_if(phases.begin(), phases.end(),
                          [&](const Phase &p) { return p.name == last; });
  if (end == phases.end())
    return false;
  for (auto it = phases.begin(); it <= end; ++it)
    it->addPasses(pm);
  return true;
}

void registerTrmPipelines() {
  const std::vector<Phase> &phases = compilePhases();
  for (size_t last = 0; last < phases.size(); ++last)
    PassPipelineRegistration<>("trm-phase-" + phases[last].name,
                               "trmc compile phases up to '" +
                                   phases[last].name +
                                   "': " + phases[last].description,
                               [last, &phases](OpPassManager &pm) {
                                 for (size_t i = 0; i <= last; ++i)
                                   phases[i].addPasses(pm);
                               });
}

} // namespace mlir::trm
