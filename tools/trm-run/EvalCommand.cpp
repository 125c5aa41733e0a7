//===- EvalCommand.cpp - `trm-run eval`: a checkpoint on the test split ---===//
#include "runtime/comm/Ranks.h"
#include "tools/trm-run/Commands.h"

#include "runtime/io/Safetensors.h"
#include "tools/trm-run/Checkpoints.h"
#include "tools/trm-run/Evaluation.h"

#include <cstring>
#include <iostream>

namespace trm {

int runEval(const std::vector<std::string> &argv) {
  Args args(argv, {{"checkpoint", true}, {"data", true}});
  std::string checkpoint = args.requiredText("checkpoint");
  std::string data = args.requiredText("data");
  if (!commandArgsOk("eval", args,
                     "ARTIFACT --checkpoint CK.safetensors --data DIR"))
    return 2;
  const std::string &artifact = args.positional[0];
  std::string error;
  std::unique_ptr<Session> session = Session::open(artifact, error);
  if (!session) {
    std::cerr << "trm-run eval: " << error << "\n";
    return 1;
  }
  SplitData test;
  std::vector<std::string> errors =
      readDataset(data, "test", session->config().model, test);
  TensorMap weights;
  std::map<std::string, std::string> metadata;
  if (std::string e = readSafetensors(checkpoint, weights, metadata);
      !e.empty())
    errors.push_back(e);
  else if (std::string e = checkCheckpointFormat(checkpoint, metadata, false);
           !e.empty())
    errors.push_back(e);
  for (const std::string &e : errors)
    std::cerr << "trm-run eval: " << e << "\n";
  if (!errors.empty())
    return 1;

  // A full checkpoint holds ema/* next to params/*; the EMA export holds
  // the EMA weights as params/*. Evaluation prefers the EMA weights.
  auto source = [&](const std::string &name) {
    auto it = name.rfind("params/", 0) == 0
                  ? weights.find("ema/" + name.substr(7))
                  : weights.end();
    return it != weights.end() ? it : weights.find(name);
  };
  Program &eval = session->program("eval_step");
  for (const artifact::TensorSpec &spec : eval.entry().arguments()) {
    const std::string &name = spec.name();
    bool weight = name.rfind("params/", 0) == 0 || name == "puzzle_emb" ||
                  name == "H_init" || name == "L_init";
    auto it = source(name);
    HostTensor &target = eval.input(name);
    if (weight && (it == weights.end() || it->second.shape != target.shape() ||
                   it->second.dtype != target.dtype())) {
      std::cerr << "trm-run eval: " << checkpoint << " has no '" << name
                << "' of the artifact's shape; it belongs to another model\n";
      return 1;
    }
  }
  StateInit init(session->config(), 0);
  init.shareOf(ranks().rank, ranks().size);
  EvalMetrics m = evaluate(
      *session, test, init,
      [&](Program &program) {
        for (const artifact::TensorSpec &spec : program.entry().arguments()) {
          const std::string &name = spec.name();
          if (name.rfind("params/", 0) == 0 || name == "puzzle_emb" ||
              name == "H_init" || name == "L_init") {
            HostTensor &target = program.input(name);
            std::memcpy(target.data(), source(name)->second.bytes.data(),
                        target.byteSize());
          }
        }
      },
      error);
  std::cout << "eval of " << checkpoint << ": " << m.summary() << "\n";
  return 0;
}

} // namespace trm
