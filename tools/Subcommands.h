//===- Subcommands.h - `tool COMMAND args...` dispatch ----------*- C++ -*-===//
#ifndef TRM_TOOLS_SUBCOMMANDS_H
#define TRM_TOOLS_SUBCOMMANDS_H

#include <cstdio>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace trm {

/// A subcommand gets the words after its name, and argc/argv starting at
/// its name (for option parsers that want them).
using Subcommand =
    std::function<int(const std::vector<std::string> &, int, char **)>;

/// A subcommand that needs only its words, not argc/argv.
inline Subcommand plain(int (*run)(const std::vector<std::string> &)) {
  return [run](const std::vector<std::string> &args, int, char **) {
    return run(args);
  };
}

/// Runs argv[1] from `commands`. --help/-h first (or anywhere, with
/// `helpAnywhere`, for tools whose commands have no help of their own)
/// prints `usage` (exit 0); no command prints it (exit 2); an unknown one
/// says so (exit 2).
inline int dispatch(int argc, char **argv, const char *usage,
                    const std::map<std::string, Subcommand> &commands,
                    bool helpAnywhere = true) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0); // progress lines appear at once
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cout << usage;
    return 2;
  }
  for (size_t i = 0; i < (helpAnywhere ? args.size() : 1); ++i)
    if (args[i] == "--help" || args[i] == "-h") {
      std::cout << usage;
      return 0;
    }
  auto command = commands.find(args[0]);
  if (command == commands.end()) {
    std::string names;
    for (const auto &[name, run] : commands)
      names += (names.empty() ? "" : ", ") + name;
    std::cerr << argv[0] << ": unknown command '" << args[0] << "' (" << names
              << ")\n";
    return 2;
  }
  return command->second(std::vector<std::string>(args.begin() + 1, args.end()),
                         argc - 1, argv + 1);
}

} // namespace trm

#endif // TRM_TOOLS_SUBCOMMANDS_H
