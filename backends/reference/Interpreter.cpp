//===- Interpreter.cpp - the reference backend ----------------------------===//
#include "backends/reference/Interpreter.h"

#include "backends/reference/Kernels.h"
#include "ir/TrmOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::trm;

namespace trm::reference {
namespace k = kernels;

std::optional<DType> Interpreter::dtypeOf(Type type) {
  if (type.isF32())
    return DType::F32;
  if (type.isBF16())
    return DType::BF16;
  if (type.isF64())
    return DType::F64;
  if (type.isInteger(32))
    return DType::I32;
  if (type.isInteger(1))
    return DType::I1;
  return std::nullopt;
}

static DType dtypeOfValue(Value v) {
  return *Interpreter::dtypeOf(
      cast<RankedTensorType>(v.getType()).getElementType());
}

static std::string typeString(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

LogicalResult Interpreter::fail(Operation *op, const std::string &why) {
  std::string where;
  llvm::raw_string_ostream os(where);
  os << op->getName() << " at " << op->getLoc();
  message = os.str() + ": " + why;
  return failure();
}

static Tensor constantTensor(ElementsAttr attr) {
  auto type = cast<RankedTensorType>(attr.getType());
  DType dtype = *Interpreter::dtypeOf(type.getElementType());
  Tensor t(dtype, std::vector<int64_t>(type.getShape()));
  auto dense = cast<DenseElementsAttr>(attr);
  int64_t i = 0;
  if (isFloat(dtype))
    for (const APFloat &v : dense.getValues<APFloat>())
      t.data[i++] = v.convertToDouble();
  else if (dtype == DType::I1)
    for (bool v : dense.getValues<bool>())
      t.data[i++] = v;
  else
    for (const APInt &v : dense.getValues<APInt>())
      t.data[i++] = static_cast<double>(v.getSExtValue());
  return t;
}

static double nanAware(double a, double b, bool wantMax) {
  if (std::isnan(a) || std::isnan(b))
    return std::numeric_limits<double>::quiet_NaN();
  return wantMax ? std::max(a, b) : std::min(a, b);
}

static double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

static bool compare(CompareDirection direction, double a, double b) {
  switch (direction) {
  case CompareDirection::eq:
    return a == b;
  case CompareDirection::ne:
    return a != b;
  case CompareDirection::lt:
    return a < b;
  case CompareDirection::le:
    return a <= b;
  case CompareDirection::gt:
    return a > b;
  case CompareDirection::ge:
    return a >= b;
  }
  return false;
}

LogicalResult Interpreter::evaluate(Operation *op, Env &env) {
  auto in = [&](unsigned i) -> const Tensor & {
    return env.find(op->getOperand(i))->second;
  };
  auto out = [&](Tensor t) {
    env[op->getResult(0)] = std::move(t);
    return success();
  };
  DType outType =
      op->getNumResults() ? dtypeOfValue(op->getResult(0)) : DType::F32;
  auto unary = [&](double (*f)(double)) {
    return out(k::map(in(0), outType, precision, f));
  };
  auto binary = [&](double (*f)(double, double)) {
    return out(k::zip(in(0), in(1), outType, precision, f));
  };
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case<ConstantOp>(
          [&](ConstantOp c) { return out(constantTensor(c.getValue())); })
      .Case<AddOp>([&](auto) {
        return binary([](double a, double b) { return a + b; });
      })
      .Case<SubOp>([&](auto) {
        return binary([](double a, double b) { return a - b; });
      })
      .Case<MulOp>([&](auto) {
        return binary([](double a, double b) { return a * b; });
      })
      .Case<DivOp>([&](auto) {
        return binary([](double a, double b) { return a / b; });
      })
      .Case<MaxOp>([&](auto) {
        return binary([](double a, double b) { return nanAware(a, b, true); });
      })
      .Case<MinOp>([&](auto) {
        return binary([](double a, double b) { return nanAware(a, b, false); });
      })
      .Case<Atan2Op>([&](auto) {
        return binary([](double a, double b) { return std::atan2(a, b); });
      })
      .Case<NegOp>([&](auto) { return unary([](double a) { return -a; }); })
      .Case<ExpOp>(
          [&](auto) { return unary([](double a) { return std::exp(a); }); })
      .Case<LogOp>(
          [&](auto) { return unary([](double a) { return std::log(a); }); })
      .Case<SqrtOp>(
          [&](auto) { return unary([](double a) { return std::sqrt(a); }); })
      .Case<RsqrtOp>([&](auto) {
        return unary([](double a) { return 1 / std::sqrt(a); });
      })
      .Case<SigmoidOp>([&](auto) { return unary(sigmoid); })
      .Case<SiluOp>(
          [&](auto) { return unary([](double a) { return a * sigmoid(a); }); })
      .Case<SignOp>([&](auto) {
        return unary([](double a) {
          return std::isnan(a) ? a : (a > 0) - (a < 0) + 0.0;
        });
      })
      .Case<StopGradientOp>([&](auto) { return out(in(0)); })
      .Case<ConvertOp>([&](auto) { return unary([](double a) { return a; }); })
      .Case<CompareOp>([&](CompareOp c) {
        CompareDirection direction = c.getDirection();
        return out(k::zip(in(0), in(1), DType::I1, precision,
                          [direction](double a, double b) -> double {
                            return compare(direction, a, b);
                          }));
      })
      .Case<SelectOp>([&](auto) {
        Tensor r = in(1);
        for (int64_t i = 0; i < r.size(); ++i)
          if (in(0).data[i] == 0)
            r.data[i] = in(2).data[i];
        return out(std::move(r));
      })
      .Case<DotGeneralOp>([&](DotGeneralOp d) {
        return out(k::dotGeneral(in(0), in(1), d.getLhsBatchDims(),
                                 d.getRhsBatchDims(), d.getLhsContractingDims(),
                                 d.getRhsContractingDims(), outType,
                                 precision));
      })
      .Case<ReduceSumOp>([&](ReduceSumOp r) {
        return out(
            k::reduce(in(0), r.getDims(), k::ReduceKind::Sum, precision));
      })
      .Case<ReduceMaxOp>([&](ReduceMaxOp r) {
        return out(
            k::reduce(in(0), r.getDims(), k::ReduceKind::Max, precision));
      })
      .Case<ArgmaxOp>([&](ArgmaxOp a) {
        return out(k::argmax(in(0), a.getDimAttr().getInt()));
      })
      .Case<ReshapeOp>([&](ReshapeOp r) {
        return out(k::reshape(in(0), r.getType().getShape()));
      })
      .Case<TransposeOp>([&](TransposeOp t) {
        return out(k::transpose(in(0), t.getPermutation()));
      })
      .Case<BroadcastInDimOp>([&](BroadcastInDimOp b) {
        return out(
            k::broadcastInDim(in(0), b.getType().getShape(), b.getDims()));
      })
      .Case<ConcatOp>([&](ConcatOp c) {
        std::vector<const Tensor *> inputs;
        for (unsigned i = 0; i < op->getNumOperands(); ++i)
          inputs.push_back(&in(i));
        return out(k::concat(inputs, c.getDimAttr().getInt()));
      })
      .Case<SliceOp>([&](SliceOp s) {
        return out(k::slice(in(0), s.getStart(), s.getLimit(), s.getStrides()));
      })
      .Case<PadOp>([&](PadOp p) {
        return out(k::pad(in(0), in(1).data[0], p.getLow(), p.getHigh()));
      })
      .Case<GatherOp>([&](auto) { return out(k::gather(in(0), in(1))); })
      .Case<ScatterAddOp>([&](auto) {
        return out(k::scatterAdd(in(0), in(1), in(2), precision));
      })
      .Case<AllReduceOp, AllGatherOp, ReduceScatterOp>([&](Operation *c) {
        if (c->getAttrOfType<IntegerAttr>("shards").getInt() != 1)
          return fail(op, "the reference backend runs one shard; collectives "
                          "over several shards are simulated by running the "
                          "unsharded program");
        return out(in(0));
      })
      .Case<func::CallOp>([&](func::CallOp call) -> LogicalResult {
        auto callee = module.lookupSymbol<func::FuncOp>(call.getCallee());
        if (!callee || callee.isExternal())
          return fail(op, "calls @" + call.getCallee().str() +
                              ", which has no body in this module");
        std::vector<Tensor> args;
        for (Value v : call.getOperands())
          args.push_back(env.find(v)->second);
        auto results = runBlock(callee.getBody().front(), args, nullptr);
        if (!results)
          return failure();
        for (auto [value, t] : llvm::zip(call.getResults(), *results))
          env[value] = std::move(t);
        return success();
      })
      .Case<RepeatOp>([&](RepeatOp repeat) -> LogicalResult {
        std::vector<Tensor> carried;
        for (Value v : repeat.getInits())
          carried.push_back(env.find(v)->second);
        for (int64_t i = 0; i < repeat.getCountAttr().getInt(); ++i) {
          auto next = runBlock(repeat.getBodyBlock(), carried, &env);
          if (!next)
            return failure();
          carried = std::move(*next);
        }
        for (auto [value, t] : llvm::zip(repeat.getResults(), carried))
          env[value] = std::move(t);
        return success();
      })
      .Default([&](Operation *) {
        return fail(op, "is not supported by the reference backend");
      });
}

std::optional<std::vector<Tensor>>
Interpreter::runBlock(Block &block, const std::vector<Tensor> &args,
                      const Env *outer) {
  Env env = outer ? *outer : Env();
  for (auto [arg, t] : llvm::zip(block.getArguments(), args))
    env[arg] = t;
  for (Operation &op : block) {
    if (op.hasTrait<mlir::OpTrait::IsTerminator>()) {
      std::vector<Tensor> results;
      for (Value v : op.getOperands())
        results.push_back(env.find(v)->second);
      return results;
    }
    if (failed(evaluate(&op, env)))
      return std::nullopt;
  }
  message = "block without terminator";
  return std::nullopt;
}

std::optional<std::vector<Tensor>>
Interpreter::run(llvm::StringRef function, const std::vector<Tensor> &args) {
  auto func = module.lookupSymbol<func::FuncOp>(function);
  if (!func || func.isExternal()) {
    message = "no function @" + function.str() + " with a body in the module";
    return std::nullopt;
  }
  FunctionType type = func.getFunctionType();
  if (args.size() != type.getNumInputs()) {
    message = "@" + function.str() + " takes " +
              std::to_string(type.getNumInputs()) + " arguments, got " +
              std::to_string(args.size());
    return std::nullopt;
  }
  for (auto [i, input] : llvm::enumerate(type.getInputs())) {
    auto expected = cast<RankedTensorType>(input);
    if (std::vector<int64_t>(expected.getShape()) != args[i].shape ||
        dtypeOf(expected.getElementType()) != args[i].dtype) {
      auto name = func.getArgAttrOfType<StringAttr>(i, "trm.name");
      message = "argument #" + std::to_string(i) +
                (name ? " (" + name.str() + ")" : "") + " of @" +
                function.str() + ": expected " + typeString(expected) +
                ", got " + args[i].typeString();
      return std::nullopt;
    }
  }
  return runBlock(func.getBody().front(), args, nullptr);
}

} // namespace trm::reference
