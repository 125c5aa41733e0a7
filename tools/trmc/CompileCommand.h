//===- CompileCommand.h - `trmc compile` ------------------------*- C++ -*-===//
#ifndef TRM_TOOLS_TRMC_COMPILECOMMAND_H
#define TRM_TOOLS_TRMC_COMPILECOMMAND_H

namespace trm {

/// `trmc compile CONFIG [overrides] [--emit=PHASE] [-o FILE]
///  [--dump-phases-to=DIR] [MLIR pass-manager flags]`; argv[0] is "compile".
int runCompile(int argc, char **argv);

} // namespace trm

#endif // TRM_TOOLS_TRMC_COMPILECOMMAND_H
