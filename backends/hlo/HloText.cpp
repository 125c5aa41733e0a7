//===- HloText.cpp - XLA HLO text from trm --------------------------------===//
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

#include <cmath>
#include <limits>
#include <map>

using namespace mlir;
using namespace mlir::trm;

namespace trm::hlo {
namespace {

std::string elementName(Type t) {
  if (t.isF32())
    return "f32";
  if (t.isBF16())
    return "bf16";
  if (t.isF64())
    return "f64";
  if (t.isInteger(32))
    return "s32";
  return "pred";
}

std::string join(ArrayRef<int64_t> values, const char *sep = ",") {
  std::string s;
  for (size_t i = 0; i < values.size(); ++i)
    s += (i ? sep : "") + std::to_string(values[i]);
  return s;
}

std::string shapeOf(Type type) {
  auto t = cast<RankedTensorType>(type);
  return elementName(t.getElementType()) + "[" + join(t.getShape()) + "]";
}

std::string shapesOf(TypeRange types) {
  if (types.size() == 1)
    return shapeOf(types[0]);
  std::string s = "(";
  for (size_t i = 0; i < types.size(); ++i)
    s += (i ? ", " : "") + shapeOf(types[i]);
  return s + ")";
}

/// A float literal XLA reads back exactly (inf and nan spelled out).
std::string literal(double v, Type element) {
  if (std::isnan(v))
    return "nan";
  if (std::isinf(v))
    return v > 0 ? "inf" : "-inf";
  if (element.isInteger(1))
    return v != 0 ? "true" : "false";
  if (element.isInteger(32))
    return std::to_string(static_cast<int64_t>(v));
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

/// metadata={op_name="block1/mlp/gate_up" source_file="x.yaml" source_line=8}
std::string metadata(Location loc) {
  std::string name, file;
  unsigned line = 0;
  if (auto named = dyn_cast<NameLoc>(loc)) {
    name = named.getName().str();
    loc = named.getChildLoc();
  }
  if (auto fileLoc = dyn_cast<FileLineColLoc>(loc)) {
    file = fileLoc.getFilename().str();
    line = fileLoc.getLine();
  }
  if (name.empty() && file.empty())
    return "";
  std::string text = ", metadata={";
  if (!name.empty())
    text += "op_name=\"" + name + "\"";
  if (!file.empty())
    text += std::string(name.empty() ? "" : " ") + "source_file=\"" + file +
            "\" source_line=" + std::to_string(line);
  return text + "}";
}

struct Computation {
  std::string name;
  std::vector<std::string> lines;
  llvm::DenseMap<Value, std::string> names;
};

class HloPrinter {
public:
  explicit HloPrinter(ModuleOp module) : module(module) {}
  FailureOr<std::string> run(StringRef entry);

private:
  /// Emits `func` (and what it calls) once; returns its computation name.
  FailureOr<std::string> function(func::FuncOp func);
  LogicalResult block(Block &block, Computation &c);
  LogicalResult op(Operation *op, Computation &c);
  std::string reducer(const char *kind, Type element);
  FailureOr<std::string> whileLoop(RepeatOp repeat, Computation &c);

  /// Adds `%name = <shape> <text>` and returns %name.
  std::string add(Computation &c, Type type, const std::string &text,
                  Location loc) {
    std::string name = "%v" + std::to_string(counter++);
    c.lines.push_back(name + " = " + shapeOf(type) + " " + text +
                      metadata(loc));
    return name;
  }
  std::string addRaw(Computation &c, const std::string &shape,
                     const std::string &text) {
    std::string name = "%v" + std::to_string(counter++);
    c.lines.push_back(name + " = " + shape + " " + text);
    return name;
  }
  std::string scalar(Computation &c, double v, Type element) {
    return addRaw(c, elementName(element) + "[]",
                  "constant(" + literal(v, element) + ")");
  }
  void finish(Computation &c, const std::string &root) {
    std::string text = c.name + " {\n";
    for (const std::string &line : c.lines)
      text += std::string("  ") +
              (line.rfind(root + " = ", 0) == 0 ? "ROOT " : "") + line + "\n";
    computations.push_back(text + "}\n");
  }

  ModuleOp module;
  int counter = 0;
  int64_t shards = 1;
  std::vector<std::string> computations;
  std::map<std::string, std::string> done; // function or reducer -> name
};

std::string HloPrinter::reducer(const char *kind, Type element) {
  std::string key = std::string(kind) + "." + elementName(element);
  if (done.count(key))
    return done[key];
  std::string s = elementName(element) + "[]";
  Computation c;
  c.name = "%" + key;
  c.lines.push_back("%" + key + ".a = " + s + " parameter(0)");
  c.lines.push_back("%" + key + ".b = " + s + " parameter(1)");
  std::string root = "%" + key + ".r";
  c.lines.push_back(root + " = " + s + " " + kind + "(%" + key + ".a, %" + key +
                    ".b)");
  finish(c, root);
  return done[key] = c.name;
}

FailureOr<std::string> HloPrinter::whileLoop(RepeatOp repeat, Computation &c) {
  llvm::SetVector<Value> captured;
  getUsedValuesDefinedAbove(repeat.getBody(), captured);
  SmallVector<Type> stateTypes = {
      RankedTensorType::get({}, IntegerType::get(repeat.getContext(), 32))};
  for (Type t : repeat.getResultTypes())
    stateTypes.push_back(t);
  for (Value v : captured)
    stateTypes.push_back(v.getType());
  std::string tuple = shapesOf(stateTypes);
  if (stateTypes.size() == 1)
    tuple = "(" + tuple + ")";
  std::string id = std::to_string(counter++);

  // cond: counter < count
  Computation cond;
  cond.name = "%repeat" + id + ".cond";
  std::string state = addRaw(cond, tuple, "parameter(0)");
  std::string i =
      addRaw(cond, "s32[]", "get-tuple-element(" + state + "), index=0");
  std::string n =
      scalar(cond, static_cast<double>(repeat.getCountAttr().getInt()),
             cast<RankedTensorType>(stateTypes[0]).getElementType());
  std::string less =
      addRaw(cond, "pred[]", "compare(" + i + ", " + n + "), direction=LT");
  finish(cond, less);

  Computation body;
  body.name = "%repeat" + id + ".body";
  std::string param = addRaw(body, tuple, "parameter(0)");
  auto element = [&](Computation &comp, const std::string &of, size_t k) {
    return addRaw(comp, shapeOf(stateTypes[k]),
                  "get-tuple-element(" + of + "), index=" + std::to_string(k));
  };
  std::string iter = element(body, param, 0);
  Block &b = repeat.getBodyBlock();
  for (unsigned k = 0; k < b.getNumArguments(); ++k)
    body.names[b.getArgument(k)] = element(body, param, 1 + k);
  for (auto [k, v] : llvm::enumerate(captured))
    body.names[v] = element(body, param, 1 + b.getNumArguments() + k);
  if (failed(block(b, body)))
    return failure();
  std::string one =
      scalar(body, 1, cast<RankedTensorType>(stateTypes[0]).getElementType());
  std::string next = addRaw(body, "s32[]", "add(" + iter + ", " + one + ")");
  std::string fields = next;
  for (Value v : repeat.getYield().getValues())
    fields += ", " + body.names[v];
  for (Value v : captured)
    fields += ", " + body.names[v];
  std::string root = addRaw(body, tuple, "tuple(" + fields + ")");
  finish(body, root);

  std::string init =
      scalar(c, 0, cast<RankedTensorType>(stateTypes[0]).getElementType());
  for (Value v : repeat.getInits())
    init += ", " + c.names[v];
  for (Value v : captured)
    init += ", " + c.names[v];
  std::string start = addRaw(c, tuple, "tuple(" + init + ")");
  std::string loop = addRaw(c, tuple,
                            "while(" + start + "), condition=" + cond.name +
                                ", body=" + body.name);
  for (auto [k, result] : llvm::enumerate(repeat.getResults()))
    c.names[result] = element(c, loop, 1 + k);
  return loop;
}

LogicalResult HloPrinter::op(Operation *operation, Computation &c) {
  auto in = [&](unsigned k) { return c.names[operation->getOperand(k)]; };
  auto set = [&](const std::string &name) {
    c.names[operation->getResult(0)] = name;
    return success();
  };
  Location loc = operation->getLoc();
  auto emit = [&](const std::string &text) {
    return set(add(c, operation->getResult(0).getType(), text, loc));
  };
  auto unary = [&](const char *name) {
    return emit(std::string(name) + "(" + in(0) + ")");
  };
  auto binary = [&](const char *name) {
    return emit(std::string(name) + "(" + in(0) + ", " + in(1) + ")");
  };
  auto elementOf = [](Value v) {
    return cast<RankedTensorType>(v.getType()).getElementType();
  };
  auto replicaGroups = [&](int64_t n) {
    std::vector<int64_t> all(n);
    for (int64_t k = 0; k < n; ++k)
      all[k] = k;
    return "replica_groups={{" + join(all) + "}}";
  };
  return llvm::TypeSwitch<Operation *, LogicalResult>(operation)
      .Case<AddOp>([&](auto) { return binary("add"); })
      .Case<SubOp>([&](auto) { return binary("subtract"); })
      .Case<MulOp>([&](auto) { return binary("multiply"); })
      .Case<DivOp>([&](auto) { return binary("divide"); })
      .Case<MaxOp>([&](auto) { return binary("maximum"); })
      .Case<MinOp>([&](auto) { return binary("minimum"); })
      .Case<Atan2Op>([&](auto) { return binary("atan2"); })
      .Case<NegOp>([&](auto) { return unary("negate"); })
      .Case<ExpOp>([&](auto) { return unary("exponential"); })
      .Case<LogOp>([&](auto) { return unary("log"); })
      .Case<SqrtOp>([&](auto) { return unary("sqrt"); })
      .Case<RsqrtOp>([&](auto) { return unary("rsqrt"); })
      .Case<SigmoidOp>([&](auto) { return unary("logistic"); })
      .Case<SignOp>([&](auto) { return unary("sign"); })
      .Case<ConvertOp>([&](auto) { return unary("convert"); })
      .Case<StopGradientOp>([&](auto) { return set(in(0)); })
      .Case<SiluOp>([&](auto) {
        std::string s = add(c, operation->getResult(0).getType(),
                            "logistic(" + in(0) + ")", loc);
        return emit("multiply(" + in(0) + ", " + s + ")");
      })
      .Case<CompareOp>([&](CompareOp cmp) {
        std::string direction =
            stringifyCompareDirection(cmp.getDirection()).upper();
        return emit("compare(" + in(0) + ", " + in(1) +
                    "), direction=" + direction);
      })
      .Case<SelectOp>([&](auto) {
        return emit("select(" + in(0) + ", " + in(1) + ", " + in(2) + ")");
      })
      .Case<ConstantOp>([&](ConstantOp k) {
        auto dense = cast<DenseElementsAttr>(k.getValue());
        auto type = cast<RankedTensorType>(dense.getType());
        Type element = type.getElementType();
        auto at = [&](int64_t i) -> double {
          if (isa<FloatType>(element))
            return dense.getValues<APFloat>()[i].convertToDouble();
          if (element.isInteger(1))
            return dense.getValues<bool>()[i];
          return static_cast<double>(
              dense.getValues<APInt>()[i].getSExtValue());
        };
        if (dense.isSplat()) {
          std::string s = scalar(c, at(0), element);
          if (type.getRank() == 0)
            return set(s);
          return emit("broadcast(" + s + "), dimensions={}");
        }
        // Nested braces, row-major.
        std::string text;
        std::function<void(int64_t, int64_t &)> nest = [&](int64_t dim,
                                                           int64_t &flat) {
          text += "{";
          for (int64_t k = 0; k < type.getDimSize(dim); ++k) {
            text += k ? ", " : "";
            if (dim + 1 == type.getRank())
              text += literal(at(flat++), element);
            else
              nest(dim + 1, flat);
          }
          text += "}";
        };
        int64_t flat = 0;
        nest(0, flat);
        return emit("constant(" + text + ")");
      })
      .Case<DotGeneralOp>([&](DotGeneralOp d) {
        std::string text = "dot(" + in(0) + ", " + in(1) + ")";
        if (!d.getLhsBatchDims().empty())
          text += ", lhs_batch_dims={" + join(d.getLhsBatchDims()) +
                  "}, rhs_batch_dims={" + join(d.getRhsBatchDims()) + "}";
        text += ", lhs_contracting_dims={" + join(d.getLhsContractingDims()) +
                "}, rhs_contracting_dims={" + join(d.getRhsContractingDims()) +
                "}";
        return emit(text);
      })
      .Case<ReduceSumOp, ReduceMaxOp>([&](Operation *r) {
        Type element = elementOf(r->getOperand(0));
        bool sum = isa<ReduceSumOp>(r);
        std::string zero = scalar(c, reductionStart(r), element);
        auto dims = r->getAttrOfType<DenseI64ArrayAttr>("dims").asArrayRef();
        return emit("reduce(" + in(0) + ", " + zero + "), dimensions={" +
                    join(dims) +
                    "}, to_apply=" + reducer(sum ? "add" : "maximum", element));
      })
      .Case<ArgmaxOp>([&](ArgmaxOp a) {
        // max, then the smallest index holding it.
        auto type = cast<RankedTensorType>(a.getOperand().getType());
        int64_t dim = a.getDimAttr().getInt();
        Type element = type.getElementType();
        SmallVector<int64_t> kept = keptDims(type, dim);
        std::string low =
            scalar(c, -std::numeric_limits<double>::infinity(), element);
        std::string max = add(c, a.getResult().getType().clone(element),
                              "reduce(" + in(0) + ", " + low +
                                  "), dimensions={" + std::to_string(dim) +
                                  "}, to_apply=" + reducer("maximum", element),
                              loc);
        std::string spread =
            add(c, type,
                "broadcast(" + max + "), dimensions={" + join(kept) + "}", loc);
        Type pred = type.clone(IntegerType::get(a.getContext(), 1));
        std::string hit =
            add(c, pred, "compare(" + in(0) + ", " + spread + "), direction=EQ",
                loc);
        Type s32 = IntegerType::get(a.getContext(), 32);
        std::string iota =
            add(c, type.clone(s32),
                "iota(), iota_dimension=" + std::to_string(dim), loc);
        std::string big = scalar(c, std::numeric_limits<int32_t>::max(), s32);
        std::string bigs = add(c, type.clone(s32),
                               "broadcast(" + big + "), dimensions={}", loc);
        std::string index =
            add(c, type.clone(s32),
                "select(" + hit + ", " + iota + ", " + bigs + ")", loc);
        return emit("reduce(" + index + ", " + big + "), dimensions={" +
                    std::to_string(dim) +
                    "}, to_apply=" + reducer("minimum", s32));
      })
      .Case<ReshapeOp>([&](auto) { return unary("reshape"); })
      .Case<TransposeOp>([&](TransposeOp t) {
        return emit("transpose(" + in(0) + "), dimensions={" +
                    join(t.getPermutation()) + "}");
      })
      .Case<BroadcastInDimOp>([&](BroadcastInDimOp b) {
        // HLO broadcast cannot stretch size-1 dims: drop them first.
        auto from = b.getOperand().getType();
        auto to = b.getType();
        SmallVector<int64_t> keptShape, keptDims;
        for (auto [k, d] : llvm::enumerate(b.getDims()))
          if (from.getDimSize(k) == to.getDimSize(d)) {
            keptShape.push_back(from.getDimSize(k));
            keptDims.push_back(d);
          }
        std::string source = in(0);
        if (static_cast<int64_t>(keptShape.size()) != from.getRank())
          source =
              add(c, RankedTensorType::get(keptShape, from.getElementType()),
                  "reshape(" + source + ")", loc);
        return emit("broadcast(" + source + "), dimensions={" + join(keptDims) +
                    "}");
      })
      .Case<ConcatOp>([&](ConcatOp cc) {
        std::string args;
        for (unsigned k = 0; k < operation->getNumOperands(); ++k)
          args += (k ? ", " : "") + in(k);
        return emit("concatenate(" + args + "), dimensions={" +
                    std::to_string(cc.getDimAttr().getInt()) + "}");
      })
      .Case<SliceOp>([&](SliceOp s) {
        std::string ranges;
        for (size_t k = 0; k < s.getStart().size(); ++k)
          ranges += std::string(k ? ", " : "") + "[" +
                    std::to_string(s.getStart()[k]) + ":" +
                    std::to_string(s.getLimit()[k]) + ":" +
                    std::to_string(s.getStrides()[k]) + "]";
        return emit("slice(" + in(0) + "), slice={" + ranges + "}");
      })
      .Case<PadOp>([&](PadOp p) {
        std::string padding;
        for (size_t k = 0; k < p.getLow().size(); ++k)
          padding += std::string(k ? "x" : "") + std::to_string(p.getLow()[k]) +
                     "_" + std::to_string(p.getHigh()[k]);
        return emit("pad(" + in(0) + ", " + in(1) + "), padding=" + padding);
      })
      .Case<GatherOp>([&](GatherOp g) {
        RowIndexing rows =
            rowIndexing(g.getTable().getType(), g.getIndices().getType());
        return emit("gather(" + in(0) + ", " + in(1) + "), offset_dims={" +
                    join(rows.rowDims) +
                    "}, collapsed_slice_dims={0}, "
                    "start_index_map={0}, index_vector_dim=" +
                    std::to_string(rows.indexVectorDim) + ", slice_sizes={" +
                    join(rows.rowSlice) + "}");
      })
      .Case<ScatterAddOp>([&](ScatterAddOp s) {
        auto base = s.getBase().getType();
        RowIndexing rows = rowIndexing(base, s.getIndices().getType());
        return emit("scatter(" + in(0) + ", " + in(1) + ", " + in(2) +
                    "), update_window_dims={" + join(rows.rowDims) +
                    "}, inserted_window_dims={0}, "
                    "scatter_dims_to_operand_dims={0}, index_vector_dim=" +
                    std::to_string(rows.indexVectorDim) +
                    ", to_apply=" + reducer("add", base.getElementType()));
      })
      .Case<AllReduceOp>([&](AllReduceOp r) {
        if (r.getShards() == 1)
          return set(in(0));
        const char *kind = r.getKind() == ReductionKind::sum   ? "add"
                           : r.getKind() == ReductionKind::max ? "maximum"
                                                               : "minimum";
        return emit("all-reduce(" + in(0) + "), " +
                    replicaGroups(r.getShards()) +
                    ", to_apply=" + reducer(kind, elementOf(r.getOperand())));
      })
      .Case<func::CallOp>([&](func::CallOp call) -> LogicalResult {
        auto callee = module.lookupSymbol<func::FuncOp>(call.getCallee());
        FailureOr<std::string> name = function(callee);
        if (failed(name))
          return failure();
        std::string args;
        for (unsigned k = 0; k < call.getNumOperands(); ++k)
          args += (k ? ", " : "") + in(k);
        std::string text = "call(" + args + "), to_apply=" + *name;
        if (call.getNumResults() == 1)
          return emit(text);
        std::string tuple =
            addRaw(c, shapesOf(call.getResultTypes()), text + metadata(loc));
        for (auto [k, result] : llvm::enumerate(call.getResults()))
          c.names[result] = addRaw(c, shapeOf(result.getType()),
                                   "get-tuple-element(" + tuple +
                                       "), index=" + std::to_string(k));
        return success();
      })
      .Case<RepeatOp>([&](RepeatOp r) { return whileLoop(r, c); })
      .Default([&](Operation *) {
        return operation->emitError()
               << "HLO emitter: '" << operation->getName()
               << "' has no HLO lowering (all_gather/reduce_scatter are not "
                  "emitted by trmc programs yet)";
      });
}

LogicalResult HloPrinter::block(Block &b, Computation &c) {
  for (Operation &operation : b.without_terminator())
    if (failed(op(&operation, c)))
      return failure();
  return success();
}

FailureOr<std::string> HloPrinter::function(func::FuncOp func) {
  std::string key = "func." + func.getSymName().str();
  if (done.count(key))
    return done[key];
  if (func.isExternal())
    return func.emitError() << "HLO emitter: @" << func.getSymName()
                            << " has no body (run the grad phase first)";
  Computation c;
  c.name = "%" + func.getSymName().str();
  Block &body = func.getBody().front();
  for (BlockArgument arg : body.getArguments())
    c.names[arg] =
        addRaw(c, shapeOf(arg.getType()),
               "parameter(" + std::to_string(arg.getArgNumber()) + ")");
  if (failed(block(body, c)))
    return failure();
  Operation *ret = body.getTerminator();
  std::string root;
  if (ret->getNumOperands() == 1) {
    // The root must be an instruction of this computation: copy aliases.
    root = addRaw(c, shapeOf(ret->getOperand(0).getType()),
                  "copy(" + c.names[ret->getOperand(0)] + ")");
  } else {
    std::string fields;
    for (unsigned k = 0; k < ret->getNumOperands(); ++k)
      fields += (k ? ", " : "") + c.names[ret->getOperand(k)];
    root = addRaw(c, shapesOf(ret->getOperandTypes()), "tuple(" + fields + ")");
  }
  finish(c, root);
  return done[key] = c.name;
}

FailureOr<std::string> HloPrinter::run(StringRef entry) {
  auto func = module.lookupSymbol<func::FuncOp>(entry);
  if (!func)
    return module.emitError() << "HLO emitter: no function @" << entry;
  if (auto n = module->getAttrOfType<IntegerAttr>("trm.num_shards"))
    shards = n.getInt();
  if (failed(function(func)))
    return failure();
  std::string text = "HloModule " + entry.str();
  if (shards > 1)
    text += ", replica_count=" + std::to_string(shards);
  text += "\n\n";
  for (size_t k = 0; k < computations.size(); ++k)
    text +=
        (k + 1 == computations.size() ? "ENTRY " : "") + computations[k] + "\n";
  return text;
}

} // namespace

FailureOr<std::string> emitHlo(ModuleOp module, StringRef entry) {
  return HloPrinter(module).run(entry);
}

} // namespace trm::hlo
