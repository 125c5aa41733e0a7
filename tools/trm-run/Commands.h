//===- Commands.h - the subcommands of trm-run ------------------*- C++ -*-===//
#ifndef TRM_TOOLS_TRMRUN_COMMANDS_H
#define TRM_TOOLS_TRMRUN_COMMANDS_H

#include <string>
#include <vector>

namespace trm {

int runStep(const std::vector<std::string> &args);
int runTrain(const std::vector<std::string> &args);
int runEval(const std::vector<std::string> &args);

} // namespace trm

#endif // TRM_TOOLS_TRMRUN_COMMANDS_H
