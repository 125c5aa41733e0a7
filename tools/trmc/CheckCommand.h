//===- CheckCommand.h - `trmc check` ----------------------------*- C++ -*-===//
#ifndef TRM_TOOLS_TRMC_CHECKCOMMAND_H
#define TRM_TOOLS_TRMC_CHECKCOMMAND_H

#include "frontend/config/Config.h"

#include <ostream>

namespace trm {

/// Prints the resolved config (with where each value came from), what
/// follows from it, and warnings about self-defeating plans.
void printCheckReport(const Config &config, std::ostream &os);

} // namespace trm

#endif // TRM_TOOLS_TRMC_CHECKCOMMAND_H
