//===- StableHloText.cpp - StableHLO MLIR text from trm -------------------===//
//
// Generic op syntax ("stablehlo.add"(...) : (...) -> ...), which every
// StableHLO version parses; the entry point becomes @main.
//
//===----------------------------------------------------------------------===//
#include "backends/hlo/HloEmitter.h"
#include "backends/hlo/ReductionFacts.h"
#include "backends/hlo/RowIndexing.h"

#include "ir/TrmOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/raw_ostream.h"

#include <limits>
#include <map>

using namespace mlir;
using namespace mlir::trm;

namespace trm::hlo {
namespace {

std::string str(Type type) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << type;
  return s;
}

std::string str(Attribute attr) {
  std::string s;
  llvm::raw_string_ostream os(s);
  attr.print(os);
  return s;
}

std::string list(ArrayRef<int64_t> values) {
  std::string s;
  for (size_t i = 0; i < values.size(); ++i)
    s += (i ? ", " : "") + std::to_string(values[i]);
  return s;
}

std::string i64s(ArrayRef<int64_t> values) {
  return "array<i64" + std::string(values.empty() ? "" : ": ") + list(values) +
         ">";
}

std::string types(TypeRange range) {
  std::string s;
  for (size_t i = 0; i < range.size(); ++i)
    s += (i ? ", " : "") + str(range[i]);
  return s;
}

class StableHloPrinter {
public:
  explicit StableHloPrinter(ModuleOp module) : module(module) {}
  FailureOr<std::string> run(StringRef entry);

private:
  struct Scope {
    llvm::DenseMap<Value, std::string> names;
    std::string text;
    std::string indent = "    ";
  };
  LogicalResult function(func::FuncOp func, bool isEntry);
  LogicalResult block(Block &b, Scope &s);
  LogicalResult op(Operation *op, Scope &s);
  LogicalResult whileLoop(RepeatOp repeat, Scope &s);

  std::string fresh() { return "%" + std::to_string(counter++); }
  /// Emits `%n = "stablehlo.<name>"(operands) {attrs} : (...) -> result`.
  std::string emit(Scope &s, const std::string &name,
                   ArrayRef<std::string> operands, TypeRange operandTypes,
                   Type result, const std::string &attrs = "",
                   const std::string &region = "") {
    std::string n = fresh();
    std::string args;
    for (size_t i = 0; i < operands.size(); ++i)
      args += (i ? ", " : "") + operands[i];
    s.text += s.indent + n + " = \"stablehlo." + name + "\"(" + args + ")" +
              (region.empty() ? "" : " (" + region + ")") +
              (attrs.empty() ? "" : " {" + attrs + "}") + " : (" +
              types(operandTypes) + ") -> " + str(result) + "\n";
    return n;
  }
  std::string constant(Scope &s, Attribute value) {
    std::string n = fresh();
    s.text += s.indent + n +
              " = \"stablehlo.constant\"() {value = " + str(value) +
              "} : () -> " + str(cast<TypedAttr>(value).getType()) + "\n";
    return n;
  }
  std::string scalar(Scope &s, double v, Type element) {
    auto type = RankedTensorType::get({}, element);
    Attribute a =
        isa<FloatType>(element)
            ? Attribute(FloatAttr::get(element, v))
            : Attribute(IntegerAttr::get(element, static_cast<int64_t>(v)));
    return constant(s, DenseElementsAttr::get(type, a));
  }
  /// ({ ^bb0(%a, %b): %r = <kind>(%a, %b); return %r }) for reductions.
  std::string reducer(const char *kind, Type element) {
    std::string t = str(RankedTensorType::get({}, element));
    std::string a = fresh(), b = fresh(), r = fresh();
    return "{\n    ^bb0(" + a + ": " + t + ", " + b + ": " + t + "):\n      " +
           r + " = \"stablehlo." + kind + "\"(" + a + ", " + b + ") : (" + t +
           ", " + t + ") -> " + t + "\n      \"stablehlo.return\"(" + r +
           ") : (" + t + ") -> ()\n    }";
  }

  ModuleOp module;
  int counter = 0;
  std::vector<std::string> functions;
  std::map<std::string, bool> done;
};

LogicalResult StableHloPrinter::whileLoop(RepeatOp repeat, Scope &s) {
  llvm::SetVector<Value> captured;
  getUsedValuesDefinedAbove(repeat.getBody(), captured);
  Type i32 =
      RankedTensorType::get({}, IntegerType::get(repeat.getContext(), 32));
  SmallVector<Type> state = {i32};
  SmallVector<std::string> init = {scalar(s, 0, getElementTypeOrSelf(i32))};
  for (Value v : repeat.getInits()) {
    state.push_back(v.getType());
    init.push_back(s.names[v]);
  }
  for (Value v : captured) {
    state.push_back(v.getType());
    init.push_back(s.names[v]);
  }
  auto header = [&](Scope &inner, SmallVector<std::string> &args) {
    std::string text = "^bb0(";
    for (size_t k = 0; k < state.size(); ++k) {
      args.push_back(fresh());
      text += (k ? ", " : "") + args.back() + ": " + str(state[k]);
    }
    inner.indent = s.indent + "  ";
    return text + "):\n";
  };
  Scope cond;
  SmallVector<std::string> condArgs;
  std::string condText = header(cond, condArgs);
  std::string count =
      scalar(cond, static_cast<double>(repeat.getCountAttr().getInt()),
             getElementTypeOrSelf(i32));
  Type i1 = RankedTensorType::get({}, IntegerType::get(repeat.getContext(), 1));
  std::string less =
      emit(cond, "compare", {condArgs[0], count}, {i32, i32}, i1,
           "comparison_direction = #stablehlo<comparison_direction LT>");
  cond.text += cond.indent + "\"stablehlo.return\"(" + less + ") : (" +
               str(i1) + ") -> ()\n";

  Scope body;
  body.names = s.names;
  SmallVector<std::string> bodyArgs;
  std::string bodyText = header(body, bodyArgs);
  Block &b = repeat.getBodyBlock();
  for (unsigned k = 0; k < b.getNumArguments(); ++k)
    body.names[b.getArgument(k)] = bodyArgs[1 + k];
  for (auto [k, v] : llvm::enumerate(captured))
    body.names[v] = bodyArgs[1 + b.getNumArguments() + k];
  if (failed(block(b, body)))
    return failure();
  std::string one = scalar(body, 1, getElementTypeOrSelf(i32));
  std::string next = emit(body, "add", {bodyArgs[0], one}, {i32, i32}, i32);
  std::string yields = next;
  for (Value v : repeat.getYield().getValues())
    yields += ", " + body.names[v];
  for (size_t k = 0; k < captured.size(); ++k)
    yields += ", " + bodyArgs[1 + b.getNumArguments() + k];
  body.text += body.indent + "\"stablehlo.return\"(" + yields + ") : (" +
               types(state) + ") -> ()\n";

  std::string loop = fresh();
  std::string operands;
  for (size_t k = 0; k < init.size(); ++k)
    operands += (k ? ", " : "") + init[k];
  s.text += s.indent + loop + ":" + std::to_string(state.size()) +
            " = \"stablehlo.while\"(" + operands + ") ({\n" + s.indent +
            condText + cond.text + s.indent + "}, {\n" + s.indent + bodyText +
            body.text + s.indent + "}) : (" + types(state) + ") -> (" +
            types(state) + ")\n";
  for (auto [k, result] : llvm::enumerate(repeat.getResults()))
    s.names[result] = loop + "#" + std::to_string(1 + k);
  return success();
}

LogicalResult StableHloPrinter::op(Operation *operation, Scope &s) {
  SmallVector<std::string> ins;
  for (Value v : operation->getOperands())
    ins.push_back(s.names[v]);
  TypeRange inTypes = operation->getOperandTypes();
  auto set = [&](const std::string &n) {
    s.names[operation->getResult(0)] = n;
    return success();
  };
  auto simple = [&](const char *name, const std::string &attrs = "") {
    return set(
        emit(s, name, ins, inTypes, operation->getResult(0).getType(), attrs));
  };
  auto elementOf = [](Value v) { return getElementTypeOrSelf(v.getType()); };
  return llvm::TypeSwitch<Operation *, LogicalResult>(operation)
      .Case<AddOp>([&](auto) { return simple("add"); })
      .Case<SubOp>([&](auto) { return simple("subtract"); })
      .Case<MulOp>([&](auto) { return simple("multiply"); })
      .Case<DivOp>([&](auto) { return simple("divide"); })
      .Case<MaxOp>([&](auto) { return simple("maximum"); })
      .Case<MinOp>([&](auto) { return simple("minimum"); })
      .Case<Atan2Op>([&](auto) { return simple("atan2"); })
      .Case<NegOp>([&](auto) { return simple("negate"); })
      .Case<ExpOp>([&](auto) { return simple("exponential"); })
      .Case<LogOp>([&](auto) { return simple("log"); })
      .Case<SqrtOp>([&](auto) { return simple("sqrt"); })
      .Case<RsqrtOp>([&](auto) { return simple("rsqrt"); })
      .Case<SigmoidOp>([&](auto) { return simple("logistic"); })
      .Case<SignOp>([&](auto) { return simple("sign"); })
      .Case<ConvertOp>([&](auto) { return simple("convert"); })
      .Case<ReshapeOp>([&](auto) { return simple("reshape"); })
      .Case<SelectOp>([&](auto) { return simple("select"); })
      .Case<StopGradientOp>([&](auto) { return set(ins[0]); })
      .Case<SiluOp>([&](auto) {
        Type t = operation->getResult(0).getType();
        std::string sig = emit(s, "logistic", ins, inTypes, t);
        return set(emit(s, "multiply", {ins[0], sig}, {t, t}, t));
      })
      .Case<CompareOp>([&](CompareOp c) {
        return simple(
            "compare",
            "comparison_direction = #stablehlo<comparison_direction " +
                stringifyCompareDirection(c.getDirection()).upper() + ">");
      })
      .Case<ConstantOp>(
          [&](ConstantOp c) { return set(constant(s, c.getValue())); })
      .Case<DotGeneralOp>([&](DotGeneralOp d) {
        std::string dims;
        if (!d.getLhsBatchDims().empty())
          dims += "lhs_batching_dimensions = [" + list(d.getLhsBatchDims()) +
                  "], rhs_batching_dimensions = [" + list(d.getRhsBatchDims()) +
                  "], ";
        dims += "lhs_contracting_dimensions = [" +
                list(d.getLhsContractingDims()) +
                "], rhs_contracting_dimensions = [" +
                list(d.getRhsContractingDims()) + "]";
        return simple("dot_general",
                      "dot_dimension_numbers = #stablehlo.dot<" + dims + ">");
      })
      .Case<ReduceSumOp, ReduceMaxOp>([&](Operation *r) {
        Type element = elementOf(r->getOperand(0));
        bool sum = isa<ReduceSumOp>(r);
        std::string zero = scalar(s, reductionStart(r), element);
        Type scalarType = RankedTensorType::get({}, element);
        auto dims = r->getAttrOfType<DenseI64ArrayAttr>("dims").asArrayRef();
        return set(emit(s, "reduce", {ins[0], zero}, {inTypes[0], scalarType},
                        r->getResult(0).getType(), "dimensions = " + i64s(dims),
                        reducer(sum ? "add" : "maximum", element)));
      })
      .Case<ArgmaxOp>([&](ArgmaxOp a) {
        auto type = cast<RankedTensorType>(a.getOperand().getType());
        int64_t dim = a.getDimAttr().getInt();
        Type element = type.getElementType();
        Type s32 = IntegerType::get(a.getContext(), 32);
        SmallVector<int64_t> kept = keptDims(type, dim);
        Type reducedF = a.getType().clone(element),
             scalarF = RankedTensorType::get({}, element);
        std::string low =
            scalar(s, -std::numeric_limits<double>::infinity(), element);
        std::string max =
            emit(s, "reduce", {ins[0], low}, {type, scalarF}, reducedF,
                 "dimensions = " + i64s({dim}), reducer("maximum", element));
        std::string spread = emit(s, "broadcast_in_dim", {max}, {reducedF},
                                  type, "broadcast_dimensions = " + i64s(kept));
        Type pred = type.clone(IntegerType::get(a.getContext(), 1));
        std::string hit =
            emit(s, "compare", {ins[0], spread}, {type, type}, pred,
                 "comparison_direction = #stablehlo<comparison_direction EQ>");
        Type indexType = type.clone(s32),
             scalarI = RankedTensorType::get({}, s32);
        std::string iota = fresh();
        s.text +=
            s.indent + iota +
            " = \"stablehlo.iota\"() {iota_dimension = " + std::to_string(dim) +
            " : i64} : () -> " + str(indexType) + "\n";
        std::string big = scalar(s, std::numeric_limits<int32_t>::max(), s32);
        std::string bigs =
            emit(s, "broadcast_in_dim", {big}, {scalarI}, indexType,
                 "broadcast_dimensions = " + i64s({}));
        std::string index = emit(s, "select", {hit, iota, bigs},
                                 {pred, indexType, indexType}, indexType);
        return set(emit(s, "reduce", {index, big}, {indexType, scalarI},
                        a.getType(), "dimensions = " + i64s({dim}),
                        reducer("minimum", s32)));
      })
      .Case<TransposeOp>([&](TransposeOp t) {
        return simple("transpose", "permutation = " + i64s(t.getPermutation()));
      })
      .Case<BroadcastInDimOp>([&](BroadcastInDimOp b) {
        return simple("broadcast_in_dim",
                      "broadcast_dimensions = " + i64s(b.getDims()));
      })
      .Case<ConcatOp>([&](ConcatOp c) {
        return simple("concatenate",
                      "dimension = " + std::to_string(c.getDimAttr().getInt()) +
                          " : i64");
      })
      .Case<SliceOp>([&](SliceOp sl) {
        return simple("slice", "start_indices = " + i64s(sl.getStart()) +
                                   ", limit_indices = " + i64s(sl.getLimit()) +
                                   ", strides = " + i64s(sl.getStrides()));
      })
      .Case<PadOp>([&](PadOp p) {
        SmallVector<int64_t> interior(p.getLow().size(), 0);
        return simple("pad", "edge_padding_low = " + i64s(p.getLow()) +
                                 ", edge_padding_high = " + i64s(p.getHigh()) +
                                 ", interior_padding = " + i64s(interior));
      })
      .Case<GatherOp>([&](GatherOp g) {
        RowIndexing rows =
            rowIndexing(g.getTable().getType(), g.getIndices().getType());
        return simple("gather",
                      "dimension_numbers = #stablehlo.gather<offset_dims = [" +
                          list(rows.rowDims) +
                          "], collapsed_slice_dims = [0], "
                          "start_index_map = [0], index_vector_dim = " +
                          std::to_string(rows.indexVectorDim) +
                          ">, slice_sizes = " + i64s(rows.rowSlice));
      })
      .Case<ScatterAddOp>([&](ScatterAddOp sc) {
        auto base = sc.getBase().getType();
        RowIndexing rows = rowIndexing(base, sc.getIndices().getType());
        return set(
            emit(s, "scatter", ins, inTypes, base,
                 "scatter_dimension_numbers = "
                 "#stablehlo.scatter<update_window_dims = [" +
                     list(rows.rowDims) +
                     "], inserted_window_dims = [0], "
                     "scatter_dims_to_operand_dims = [0], index_vector_dim = " +
                     std::to_string(rows.indexVectorDim) + ">",
                 reducer("add", base.getElementType())));
      })
      .Case<AllReduceOp>([&](AllReduceOp r) {
        int64_t n = r.getShards();
        if (n == 1)
          return set(ins[0]);
        std::vector<int64_t> all(n);
        for (int64_t k = 0; k < n; ++k)
          all[k] = k;
        const char *kind = r.getKind() == ReductionKind::sum   ? "add"
                           : r.getKind() == ReductionKind::max ? "maximum"
                                                               : "minimum";
        return set(emit(s, "all_reduce", ins, inTypes, r.getType(),
                        "replica_groups = dense<[[" + list(all) +
                            "]]> : tensor<1x" + std::to_string(n) + "xi64>",
                        reducer(kind, r.getType().getElementType())));
      })
      .Case<func::CallOp>([&](func::CallOp call) -> LogicalResult {
        auto callee = module.lookupSymbol<func::FuncOp>(call.getCallee());
        if (failed(function(callee, false)))
          return failure();
        std::string n = fresh();
        std::string args;
        for (size_t k = 0; k < ins.size(); ++k)
          args += (k ? ", " : "") + ins[k];
        unsigned results = call.getNumResults();
        s.text +=
            s.indent + n + (results > 1 ? ":" + std::to_string(results) : "") +
            " = func.call @" + call.getCallee().str() + "(" + args + ") : (" +
            types(inTypes) + ") -> (" + types(call.getResultTypes()) + ")\n";
        for (auto [k, result] : llvm::enumerate(call.getResults()))
          s.names[result] = results > 1 ? n + "#" + std::to_string(k) : n;
        return success();
      })
      .Case<RepeatOp>([&](RepeatOp r) { return whileLoop(r, s); })
      .Default([&](Operation *) {
        return operation->emitError()
               << "StableHLO emitter: '" << operation->getName()
               << "' has no StableHLO lowering";
      });
}

LogicalResult StableHloPrinter::block(Block &b, Scope &s) {
  for (Operation &operation : b.without_terminator())
    if (failed(op(&operation, s)))
      return failure();
  return success();
}

LogicalResult StableHloPrinter::function(func::FuncOp func, bool isEntry) {
  std::string name = func.getSymName().str();
  if (done[name])
    return success();
  done[name] = true;
  if (func.isExternal())
    return func.emitError() << "StableHLO emitter: @" << name
                            << " has no body (run the grad phase first)";
  Scope s;
  Block &body = func.getBody().front();
  std::string header = std::string("  func.func ") +
                       (isEntry ? "public @main(" : "private @" + name + "(");
  for (BlockArgument arg : body.getArguments()) {
    s.names[arg] = "%arg" + std::to_string(arg.getArgNumber());
    header += (arg.getArgNumber() ? ", " : "") + s.names[arg] + ": " +
              str(arg.getType());
  }
  header += ") -> (" + types(func.getResultTypes()) + ") {\n";
  if (failed(block(body, s)))
    return failure();
  Operation *ret = body.getTerminator();
  std::string values;
  for (unsigned k = 0; k < ret->getNumOperands(); ++k)
    values += (k ? ", " : "") + s.names[ret->getOperand(k)];
  s.text += "    func.return " + values + " : " +
            types(ret->getOperandTypes()) + "\n";
  functions.push_back(header + s.text + "  }\n");
  return success();
}

FailureOr<std::string> StableHloPrinter::run(StringRef entry) {
  auto func = module.lookupSymbol<func::FuncOp>(entry);
  if (!func)
    return module.emitError() << "StableHLO emitter: no function @" << entry;
  int64_t shards = 1;
  if (auto n = module->getAttrOfType<IntegerAttr>("trm.num_shards"))
    shards = n.getInt();
  if (failed(function(func, true)))
    return failure();
  std::string text = "module @" + entry.str() +
                     " attributes {mhlo.num_partitions = 1 : i32, "
                     "mhlo.num_replicas = " +
                     std::to_string(shards) + " : i32} {\n";
  for (const std::string &f : functions)
    text += f;
  return text + "}\n";
}

} // namespace

FailureOr<std::string> emitStableHlo(ModuleOp module, StringRef entry) {
  return StableHloPrinter(module).run(entry);
}

} // namespace trm::hlo
