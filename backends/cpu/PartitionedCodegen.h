//===- PartitionedCodegen.h - object code from module parts -----*- C++ -*-===//
//
// LLVM's optimiser and code generator are most of `trmc compile
// --target=cpu` and use one core, so the module is split into parts that
// are compiled to objects side by side, each in an LLVM context of its own.
//
//===----------------------------------------------------------------------===//
#ifndef TRM_BACKENDS_CPU_PARTITIONEDCODEGEN_H
#define TRM_BACKENDS_CPU_PARTITIONEDCODEGEN_H

#include "llvm/IR/Module.h"

#include <functional>
#include <string>
#include <vector>

namespace trm::cpu {

/// Compiles one part into the object file at a path; returns an error
/// message, empty on success. Called from several threads at once, each
/// with a module in a context of its own.
using PartCompiler =
    std::function<std::string(llvm::Module &part, const std::string &object)>;

/// Splits `module` into `objects.size()` parts of similar size (its local
/// symbols become hidden globals, so the parts link into one library), moves
/// each to a context of its own through bitcode, and compiles part i into
/// objects[i] on up to that many threads. The parts depend only on the
/// module, not on the threads, so the objects are the same on every machine.
/// Returns the first part's error, empty on success.
std::string compileInParts(llvm::Module &module,
                           const std::vector<std::string> &objects,
                           const PartCompiler &compile);

} // namespace trm::cpu

#endif // TRM_BACKENDS_CPU_PARTITIONEDCODEGEN_H
