//===- Commands.cpp - helpers shared by the trm-data subcommands ----------===//
#include "tools/trm-data/Commands.h"

#include <algorithm>
#include <filesystem>
#include <iomanip>
#include <iostream>

namespace trm {

std::string writeDataset(const std::string &dir, const SplitData &train,
                         const SplitData &test, DatasetMetadata meta) {
  namespace fs = std::filesystem;
  for (auto [name, split] : {std::pair{"train", &train}, {"test", &test}}) {
    meta.total_groups = split->numGroups();
    if (std::string error =
            writeSplit((fs::path(dir) / name).string(), *split, meta);
        !error.empty())
      return error;
  }
  return writeIdentifiers(dir, {"<blank>"});
}

int reportErrors(const std::string &command,
                 const std::vector<std::string> &errors) {
  for (const std::string &error : errors)
    std::cerr << "trm-data " << command << ": error: " << error << "\n";
  return 1;
}

void reportRate(const std::string &label, int64_t count, const char *what,
                double seconds, int threads) {
  std::cerr << label << ": " << count << " " << what << " in " << std::fixed
            << std::setprecision(2) << seconds << " s (" << std::setprecision(1)
            << static_cast<double>(count) / std::max(seconds, 1e-9) << " "
            << what << "/s on " << threads << " threads)\n";
}

std::string ratingSummary(std::vector<int32_t> ratings) {
  if (ratings.empty())
    return "-";
  std::sort(ratings.begin(), ratings.end());
  return std::to_string(ratings.front()) + " / " +
         std::to_string(ratings[ratings.size() / 2]) + " / " +
         std::to_string(ratings.back());
}

} // namespace trm
