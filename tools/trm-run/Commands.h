//===- Commands.h - the subcommands of trm-run ------------------*- C++ -*-===//
#ifndef TRM_TOOLS_TRMRUN_COMMANDS_H
#define TRM_TOOLS_TRMRUN_COMMANDS_H

#include <string>
#include <vector>

namespace trm {

class Program;
class StateInit;
struct Config;

int runStep(const std::vector<std::string> &args);
int runTrain(const std::vector<std::string> &args);

/// Fills the arguments of `program` from `init`: all of them, or only those
/// whose names start with one of `prefixes`. False and `error` for an
/// unknown name.
bool initialise(Program &program, StateInit &init, std::string &error,
                const std::vector<std::string> &prefixes = {});
/// The scheduled LRs of step `step` (from 1) into schedule/*.
void setLearningRates(Program &train, const Config &config, int64_t step);

} // namespace trm

#endif // TRM_TOOLS_TRMRUN_COMMANDS_H
