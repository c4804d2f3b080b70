// The Emitter: the state that emitting one function carries, and the
// declarations of its parts. Private to emit/; the entry points are
// emitFunction and jumpThreadingApplies (emit/emit.h).
//
// The parts, one file each:
//   emit/emit.cpp         the entry points, the constructor and the run;
//                         whether jump threading has a block to thread
//   emit/plan.cpp         the use plan: which classes are needed, how often,
//                         where their uses run; which loads are sunk
//   emit/threading.cpp    the jump-threading plan: which edges into a block
//                         jump straight to where its dispatch would send them
//   emit/facts.cpp        what holds on the current path: merge edges taken,
//                         branch conditions, in-bounds accesses, and the
//                         value a class has here because of them
//   emit/expressions.cpp  Binaryen expressions of classes and operations
//   emit/edges.cpp        leaving along an edge (phi copies, threaded
//                         tails) and joining the edges of a merge
//   emit/statements.cpp   the skeleton's statements, one function per kind
#pragma once

#include "emit/emit.h"

#include "ir/binaryen_ops.h"

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace eqsat::emitting {

// Thrown when a function cannot be emitted; emitFunction reports it as
// EmittedFunction::whyNot.
struct EmitFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using Expressions = std::vector<BinaryenExpressionRef>;

// Per-class state along the current path, by the class's slot
// (Emitter::slotOfClass_) -> bits: bit 0 (kInLocal) = the value is in the
// class's local; bits 1.. = operationTag(op) of a Define statement already
// executed for the class. A class gets a slot when its state is first set, and
// a slot past a vector's end reads as 0: the vectors, copied at every branch
// and recorded edge, are as long as the classes the emitter touched, not as
// the e-graph.
using ClassStates = std::vector<uint32_t>;

// What a branch on the way showed of a class.
enum class Condition : uint8_t { Unknown = 0, Zero = 1, NonZero = 2 };

// Path facts, what holds on every path to the current point. Classes are
// values (SSA), so a fact stays true until the path leaves the loop iteration
// it was learnt in; a loop header starts from the facts of its entry, which
// hold on every iteration.
struct PathFacts {
  // For a forward merge passed on the way, the set of its incoming edges the
  // path may have come through (bit e = edge e; merges with more than 64
  // edges are never restricted). Jump threading sends some edges of a merge
  // elsewhere, so the code after the merge, and the code the threaded edges
  // jump to, knows which inputs a phi of that merge can hold.
  std::map<uint32_t, uint64_t> mergeEdges;
  // Classes a branch or `if` on the way tested: zero or non-zero.
  std::map<ClassId, Condition> conditions;
  // For an address class p, the end (offset + bytes) of the furthest access
  // [p + offset, p + offset + bytes) that ran without trapping (memory never
  // shrinks, so it stays in bounds). Not counted by empty(): it only decides
  // which loads may wait for their uses.
  std::map<ClassId, uint64_t> accessEnds;
  bool empty() const { return mergeEdges.empty() && conditions.empty(); }
};

// Whether an expression for a class used more than once may be a
// `local.tee`, computing it once for its later uses.
enum class Sharing { MayTee, Never };
// Whether a statement's operation runs even when nothing uses its result.
enum class Execution { IfUsed, MustRun };

class Emitter {
public:
  Emitter(BinaryenModuleRef module, const FunctionGraph& function, const Extraction& extraction,
          const CostModel& costModel, const EmitOptions& options);
  EmittedFunction run();
  // Does planThreading thread a block anywhere in `list` or nested in it?
  bool anyBlockThreads(const std::vector<Stmt>& list);

private:
  // ------------------------------------------------------------ the inputs
  BinaryenModuleRef module_;
  const FunctionGraph& function_;
  const EGraph& egraph_;
  const Extraction& extraction_;
  const CostModel& costModel_;
  EmitOptions options_;

  // ------------------------------------------------------------- the plan
  // Classes some statement needs, directly or as an operand (plan.cpp).
  std::vector<uint8_t> neededByPlan_;
  // class -> uses the plan saw (of non-constant classes).
  std::vector<uint32_t> plannedUses_;
  // class -> when the plan first needed it, counting from 1 in the order the
  // statements use their operands (0: never needed).
  std::vector<uint32_t> firstPlannedUse_;
  uint32_t plannedUseCount_ = 0;
  // class -> the branches the plan had passed (plannedBranchCount_) when it
  // first needed it.
  std::vector<uint32_t> branchesBeforeFirstUse_;
  uint32_t plannedBranchCount_ = 0;
  // class -> uses of a constant as an operand where no immediate fits.
  std::vector<uint32_t> constantOperandUses_;
  // Forward merge -> its planned phi classes, sorted.
  std::vector<std::vector<ClassId>> phisAtMerge_;
  // Loop header merge -> indices into its `carried` of the planned loop-carried values.
  std::vector<std::vector<size_t>> carriedAtLoop_;
  // The operation an Effect statement emits: for stores, the cheapest store
  // node of its class (rules may have narrowed it); otherwise the original.
  struct EffectOperation {
    Op op;
    Ty ty;
    uint64_t imm;
    std::vector<ClassId> kids;
  };
  std::unordered_map<const Stmt*, EffectOperation> effectOperations_;

  // Sunk loads. A load that cannot trap where it stands (an access at least
  // as far from the same address already ran on every path here), or any
  // load under --traps-never-happen, is not computed at its statement but at
  // its uses, when every use the plan saw runs in the same memory state and
  // loop as the load: then no store, call or iteration lies between them, and
  // a path that never uses it never loads it.
  //
  // A use site is a (memory state, loop) pair, packed by useSite().
  static constexpr uint64_t kNoUseSite = ~uint64_t(0), kManyUseSites = ~uint64_t(0) - 1;
  static constexpr uint32_t kUnknownMemory = ~uint32_t(0);
  static constexpr uint32_t kNoLoop = ~uint32_t(0);
  static uint64_t useSite(uint32_t mem, uint32_t loop) { return (uint64_t(loop) << 32) | mem; }
  struct SunkLoad {
    Op op;
    uint64_t imm;
    ClassId addr;
    uint64_t site;  // the use site of the load statement
  };
  // class -> where all its planned uses run: kNoUseSite, one site, or kManyUseSites.
  std::vector<uint64_t> useSiteOf_;
  // class -> index into sunkLoads_, or one of these:
  static constexpr int32_t kNoSunkLoad = -1;        // no load statement for it seen yet
  static constexpr int32_t kSunkLoadRejected = -2;  // not sunk
  std::vector<int32_t> sunkLoadIndex_;
  std::vector<SunkLoad> sunkLoads_;
  // Load statements that cannot trap on their own: a load of the same
  // address reaching at least as far (the covering load) follows in the same
  // statement list with only loads and operations that cannot trap in
  // between. When this one would trap so would that one, before any effect,
  // with the same trap. Only where this one's value is first needed past a
  // branch, which waiting for its use keeps it off the paths that skip that
  // use, and where the covering load's value is needed first: else the
  // covering load would run ahead of its use, into a local, to let this one
  // wait for a use that comes sooner.
  std::unordered_set<const Stmt*> loadsCoveredLater_;
  // While planning: a load statement, the class of its covering load and the
  // branches passed before the load statement.
  struct CoveredLoad {
    const Stmt* load;
    ClassId covering;
    uint32_t branchesBefore;
  };
  std::vector<CoveredLoad> coveringLoads_;
  uint64_t planningSite_ = 0;        // while planning: the use site of the statement being planned
  uint32_t planningLoop_ = kNoLoop;  // while planning: the innermost loop (merge id)

  // ------------------------------------------------- the jump-threading plan
  // Jump threading: a block whose result (or a local merged at its end) is a
  // phi dispatched on shortly after (a br_if or br_table, after at most
  // kMaxTailStatements plain statements) lets each incoming edge on which the
  // dispatch is decided jump straight to where it would go. The statements in
  // between (the tail) are emitted again on each such edge, so nothing is
  // skipped. An edge is decided when its phi input is a constant, or a select
  // of two constants that both go the same way.
  static constexpr size_t kMaxTailStatements = 4;
  struct ThreadedTail {
    const std::vector<Stmt>* list = nullptr;
    size_t begin = 0, end = 0;  // the statements between the block and the dispatch
    const Stmt* dispatch = nullptr;
    int64_t fallThrough = -1;  // br_if dispatch: the virtual merge just after it (-1: none)
    // Edges of an inner block's merge reach the dispatch through the ends of
    // the blocks it ends (each its parent's last statement): their (merge,
    // fallthrough edge), innermost first.
    std::vector<std::pair<uint32_t, uint32_t>> via;
  };
  // merge -> edge -> threaded target merge (-1: none; kRunsIfArmCopy: the
  // dispatching if's arm, copied onto the edge).
  std::vector<std::vector<int32_t>> threadedTargets_;
  static constexpr int32_t kRunsIfArmCopy = -3;
  // leaveEdge's result when the edge ran a copy of an if's arm, which never
  // falls through: nothing to jump to.
  static constexpr uint32_t kEdgeEnded = ~uint32_t(0);
  // merge -> what a threaded edge runs before its jump.
  std::vector<ThreadedTail> tailOfThreadedMerge_;
  // Statements to emit just before deferredThreading_.dispatch.
  ThreadedTail deferredThreading_;

  // ------------------------------------------------------ the current path
  // Class states here, class -> its slot in them (-1: none yet), and
  // class -> its local (-1: none yet).
  ClassStates classState_;
  std::vector<int32_t> slotOfClass_;
  uint32_t slotCount_ = 0;
  std::vector<int32_t> localOfClass_;
  // Does code here run at all? (False after a br, return or unreachable.)
  bool reachable_ = true;
  PathFacts pathFacts_;  // set through setPathFacts
  // Forward merge (and virtual merge) -> the states and facts at its recorded incoming edges.
  std::vector<std::vector<ClassStates>> statesAtEdges_;
  std::vector<std::vector<PathFacts>> factsAtEdges_;
  uint32_t memoryHere_ = kUnknownMemory;  // the memory state here
  uint32_t loopHere_ = kNoLoop;           // the innermost loop (merge id)
  unsigned loopDepth_ = 0;
  // While a threaded edge's tail is emitted: the (merge, edge) pairs it has
  // passed, outermost first.
  std::vector<std::pair<uint32_t, uint32_t>> threadedEdgePath_;

  // ------------------------------------------------------------- memos
  // Bumped whenever the class states or the memory state change: computable()'s
  // memo (class -> epoch of its entry, and 1 computable / 0 not) is then stale.
  uint32_t stateEpoch_ = 1;
  std::vector<uint32_t> computableEpoch_;
  std::vector<int8_t> computableMemo_;
  // Classes whose expression is being built (a choice cycling through one fails).
  std::vector<uint8_t> beingEmitted_;
  // Nodes of a class, cheapest first (filled on demand).
  std::unordered_map<ClassId, std::vector<NodeId>> nodesByCostCache_;
  // valueHere()'s results while the facts and the threaded edge stay the same:
  // (class, depth) -> class; valid while valueHereMemoVersion_ == factsVersion_.
  uint64_t factsVersion_ = 1, valueHereMemoVersion_ = 0;
  std::unordered_map<uint64_t, ClassId> valueHereMemo_;

  // ------------------------------------------------------------ the output
  std::vector<BinaryenType> addedLocalTypes_;  // locals after the parameters
  uint32_t nextLocalIndex_;
  uint32_t landingPadCount_ = 0;  // br_table landing blocks named so far
  // label -> the branches to it made so far (makeBreak, and br_table targets).
  std::unordered_map<std::string, uint32_t> breaksTo_;
  unsigned threadedBlocks_ = 0;   // EmittedFunction::threadedBlocks
  unsigned forwardedPhis_ = 0;    // EmittedFunction::forwardedPhis

  // ------------------------------------------------------ small helpers
  ClassId canonical(ClassId c) const { return egraph_.find(c); }
  // The node the extraction chose for class c.
  NodeView chosenNode(ClassId c) const {
    NodeId n = extraction_.best[canonical(c)];
    if (n == NodeId(-1)) throw EmitFailure("class without a finite-cost node");
    return egraph_.node(n);
  }
  static constexpr uint32_t kInLocal = 1;
  static uint32_t operationTag(Op op) { return uint32_t(op) + 1; }
  // Class c's state here (ClassStates).
  uint32_t stateOf(ClassId c) const {
    const int32_t slot = slotOfClass_[c];
    return slot >= 0 && size_t(slot) < classState_.size() ? classState_[size_t(slot)] : 0;
  }
  // Class c's state here, to be set (its slot made when it has none).
  uint32_t& stateToSet(ClassId c) {
    if (slotOfClass_[c] < 0) slotOfClass_[c] = int32_t(slotCount_++);
    const size_t slot = size_t(slotOfClass_[c]);
    if (classState_.size() <= slot) classState_.resize(slot + 1, 0);
    return classState_[slot];
  }
  bool inLocal(ClassId c) const { return stateOf(c) & kInLocal; }
  // operationTag of the Define statement that ran for c on every path here (0: none).
  uint32_t ranOperation(ClassId c) const { return stateOf(c) >> 1; }
  void stateChanged() { ++stateEpoch_; }
  void enterMemoryState(uint32_t mem) {
    if (mem != memoryHere_) {
      memoryHere_ = mem;
      stateChanged();  // computability of sunk loads depends on it
    }
  }
  bool isVirtualMerge(uint32_t m) const { return m >= function_.merges.size(); }
  static std::string labelName(const char* prefix, uint32_t id) { return std::string(prefix) + std::to_string(id); }
  std::string mergeLabel(uint32_t m) const;

  // ------------------------------------------------------------ plan.cpp
  void planFunction();
  void planStatements(const std::vector<Stmt>& list);
  ClassId coveringLoad(const std::vector<Stmt>& list, size_t i) const;
  void planUse(ClassId c);
  void recordUseSite(ClassId c, uint64_t site);
  const EffectOperation& effectOperation(const Stmt& s);

  // ------------------------------------------------------- threading.cpp
  std::optional<ThreadedTail> planThreading(const std::vector<Stmt>& list, size_t i);
  static bool isCopiableIf(const Stmt& s);
  std::optional<NodeView> phiNodeAt(ClassId c, uint32_t m) const;
  static uint32_t edgeIdInto(const Stmt& s, uint32_t m);
  uint32_t threadedTarget(uint32_t m, uint32_t e) const;
  bool runsIfArmCopy(uint32_t m, uint32_t e) const;
  bool edgeHasCode(uint32_t m, uint32_t e) const;
  void emitThreadedBlock(const ThreadedTail& tail, Expressions& out);

  // ----------------------------------------------------------- facts.cpp
  void setPathFacts(PathFacts facts);
  void joinFactsAt(uint32_t m);
  void learnEdgeTaken(uint32_t m, uint32_t e);
  void learnCondition(ClassId c, Condition cond, int depth = 2);
  Condition knownCondition(ClassId c) const;
  bool knownNonNegative(ClassId x) const;
  void recordAccess(ClassId addr, uint64_t imm, unsigned bytes);
  bool accessInBounds(ClassId addr, uint64_t imm, unsigned bytes) const;
  bool sunkLoadRunsHere(ClassId c, const NodeView& v) const;
  bool cannotTrapDivision(const Stmt& s) const;
  ClassId constantClass(Ty t, uint64_t v) const;
  uint64_t maxValueHere(ClassId c, int depth = 3) const;
  std::optional<uint32_t> onlyEdgeTaken(uint32_t m) const;
  ClassId valueHere(ClassId c, int depth = 4);
  ClassId computeValueHere(ClassId c, int depth);
  ClassId simplifiedByFacts(Op op, Ty t, const std::vector<ClassId>& kids) const;
  // compare_facts.cpp
  ClassId compareDecidedByFacts(Op op, ClassId a, ClassId b) const;
  ClassId valueShownByFacts(ClassId a) const;
  bool storesBackLoadedValue(const Stmt& s);
  bool holdsLoadedBytes(ClassId v, unsigned bytes, ClassId p, uint32_t off, uint32_t state, int depth) const;

  // ----------------------------------------------------- expressions.cpp
  uint32_t addLocal(Ty t);
  uint32_t localOf(ClassId c);
  void markInLocal(ClassId c);
  const std::vector<NodeId>& nodesByCost(ClassId c);
  bool computable(ClassId c, unsigned depth = 0);
  bool worthSharing(ClassId c);
  BinaryenExpressionRef makeConst(Ty t, uint64_t bits);
  BinaryenExpressionRef emitOperand(const NodeView& user, unsigned i, ClassId c);
  BinaryenExpressionRef emitClass(ClassId c, Sharing sharing = Sharing::MayTee);
  BinaryenExpressionRef emitPureNode(NodeView v);
  BinaryenExpressionRef signExtendByShifts(Ty ty, unsigned bits, BinaryenExpressionRef x);
  BinaryenExpressionRef emitOperation(Op op, Ty ty, uint64_t imm, const std::vector<ClassId>& kids);
  BinaryenExpressionRef emitCondition(ClassId c);
  bool selectChainOfConstants(ClassId c, std::vector<std::pair<ClassId, uint64_t>>& steps, uint64_t& last,
                              int depth);

  // ----------------------------------------------------------- edges.cpp
  void recordEdgeInto(uint32_t m);
  void joinMerge(uint32_t m);
  void hoistSharedEdgeValues(uint32_t m, uint32_t edge, Expressions& out);
  void emitEdgeCopies(uint32_t m, uint32_t edge, Expressions& out);
  bool hasEdgeCopies(uint32_t m) const;
  uint32_t leaveEdge(uint32_t m, uint32_t e, Expressions& out);

  // ------------------------------------------------------ statements.cpp
  void emitStatements(const std::vector<Stmt>& list, Expressions& out);
  void emitStatement(const Stmt& s, Expressions& out);
  void emitStatementHere(const Stmt& s, Expressions& out);
  void emitDefine(const Stmt& s, Expressions& out);
  void emitEffect(const Stmt& s, Expressions& out);
  void emitValue(const Stmt& s, Expressions& out);
  void emitReturn(const Stmt& s, Expressions& out);
  void emitUnreachable(Expressions& out);
  void emitBr(const Stmt& s, Expressions& out);
  void emitBrIf(const Stmt& s, Expressions& out);
  void emitBrTable(const Stmt& s, Expressions& out);
  void emitBlock(const Stmt& s, Expressions& out);
  void emitIf(const Stmt& s, Expressions& out);
  void emitLoop(const Stmt& s, Expressions& out);
  void keepOrDropResult(ClassId c, Ty ty, BinaryenExpressionRef e, Execution execution, Expressions& out);
  void computeIntoLocal(ClassId c, Expressions& out);
  BinaryenExpressionRef makeBlock(Expressions& list);
  BinaryenExpressionRef makeBreak(const std::string& label, BinaryenExpressionRef cond);
  BinaryenExpressionRef makeNamedBlock(const std::string& label, Expressions& list, uint32_t breaksBefore);
};

} // namespace eqsat::emitting
