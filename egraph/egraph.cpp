#include "egraph/egraph.h"
#include "egraph/egraph_impl.h"

#include <algorithm>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace eqsat {

// ---------------------------------------------------------------- symbols

namespace {
struct SymbolTable {
  std::mutex mu;
  std::deque<std::string> names;
  std::unordered_map<std::string_view, uint64_t> ids;
};
SymbolTable& symbols() {
  static SymbolTable t;
  return t;
}
} // namespace

uint64_t internSymbol(std::string_view name) {
  SymbolTable& t = symbols();
  std::lock_guard<std::mutex> lock(t.mu);
  auto it = t.ids.find(name);
  if (it != t.ids.end()) return it->second;
  t.names.emplace_back(name);
  uint64_t id = t.names.size() - 1;
  t.ids.emplace(std::string_view(t.names.back()), id);
  return id;
}

std::string_view symbolNameOf(uint64_t id) {
  SymbolTable& t = symbols();
  std::lock_guard<std::mutex> lock(t.mu);
  if (id >= t.names.size()) return "?";
  return t.names[id];
}

// ---------------------------------------------------------------- hashcons

EGraph::Impl::Impl() {
  Slot empty{};
  empty.node = Slot::kEmpty;
  table.assign(1024, empty);
  tableMask = 1023;
  byOp.resize(kNumOps);
}

const Slot* EGraph::Impl::tableFind(Op op, Ty ty, uint64_t imm, const ClassId* k, size_t nk, uint32_t h) const {
  uint32_t i = h & tableMask;
  const Slot* t = table.data();
  const ClassId k0 = nk > 0 ? k[0] : 0, k1 = nk > 1 ? k[1] : 0;
  const uint8_t nk8 = uint8_t(nk > 255 ? 255 : nk);
  for (;;) {
    const Slot& s = t[i];
    if (s.node == Slot::kEmpty) return nullptr;
    if (s.hash == h && s.k0 == k0 && s.k1 == k1 && s.imm == imm && s.op == op && s.ty == ty && s.nk == nk8) {
      if (nk <= 2) return &s;
      if (sameContent(s.node, op, ty, imm, k, nk)) return &s;
    }
    i = (i + 1) & tableMask;
  }
}

void EGraph::Impl::tableInsert(NodeId n, uint32_t h) {
  if ((liveNodes + 1) * 2 > table.size()) tableGrow();
  uint32_t i = h & tableMask;
  while (table[i].node != Slot::kEmpty) i = (i + 1) & tableMask;
  const NodeRec& r = nodes[n];
  const ClassId* k = kidsOf(r);
  Slot& s = table[i];
  s.imm = r.imm;
  s.hash = h;
  s.cls = r.cls;
  s.node = n;
  s.k0 = r.nk > 0 ? k[0] : 0;
  s.k1 = r.nk > 1 ? k[1] : 0;
  s.op = r.op;
  s.ty = r.ty;
  s.nk = uint8_t(r.nk > 255 ? 255 : r.nk);
  ++liveNodes;
}

void EGraph::Impl::tableErase(NodeId n, uint32_t h) {
  uint32_t i = h & tableMask;
  while (table[i].node != n) i = (i + 1) & tableMask;
  // backward-shift deletion
  uint32_t j = i;
  for (;;) {
    j = (j + 1) & tableMask;
    const Slot& s = table[j];
    if (s.node == Slot::kEmpty) break;
    uint32_t home = s.hash & tableMask;
    // Can slot j's entry move to i? Only if home is not cyclically in (i, j].
    bool inRange = (i <= j) ? (home > i && home <= j) : (home > i || home <= j);
    if (!inRange) {
      table[i] = s;
      i = j;
    }
  }
  table[i].node = Slot::kEmpty;
  --liveNodes;
}

void EGraph::Impl::tableGrow() {
  std::vector<Slot> old;
  old.swap(table);
  Slot empty{};
  empty.node = Slot::kEmpty;
  table.assign(old.size() * 2, empty);
  tableMask = uint32_t(table.size() - 1);
  for (const Slot& s : old) {
    if (s.node == Slot::kEmpty) continue;
    uint32_t i = s.hash & tableMask;
    while (table[i].node != Slot::kEmpty) i = (i + 1) & tableMask;
    table[i] = s;
  }
}

// ---------------------------------------------------------------- core

ClassData EGraph::Impl::makeData(NodeId n) const {
  const NodeRec& r = nodes[n];
  uint32_t nk = numKids(n);
  const ClassId* k = kidsOf(n);
  const ClassData* small[4];
  std::vector<const ClassData*> big;
  const ClassData** arr = small;
  if (nk > 4) {
    big.resize(nk);
    arr = big.data();
  }
  for (uint32_t i = 0; i < nk; ++i) arr[i] = &data[find(k[i])];
  return makeNodeData(r.op, r.ty, r.imm, std::span<const ClassData* const>(arr, nk), opts.analysis);
}

ClassId EGraph::Impl::addNode(Op op, Ty ty, uint64_t imm, const ClassId* kin, size_t nk) {
  ClassId small[8];
  std::vector<ClassId> big;
  ClassId* k = small;
  if (nk > 8) {
    big.resize(nk);
    k = big.data();
  }
  for (size_t i = 0; i < nk; ++i) k[i] = findMut(kin[i]);
  return addCanonical(op, ty, imm, k, nk, hashNode(op, ty, imm, k, nk));
}

ClassId EGraph::Impl::addCanonical(Op op, Ty ty, uint64_t imm, const ClassId* k, size_t nk, uint32_t h) {
  if (const Slot* found = tableFind(op, ty, imm, k, nk, h)) return findMut(found->cls);

  NodeId n = NodeId(nodes.size());
  ClassId c = uf.makeSet();
  NodeRec rec{imm, c, op, ty, 0, uint32_t(nk), {0, 0, 0}};
  if (nk <= kInlineKids) {
    for (size_t i = 0; i < nk; ++i) rec.k[i] = k[i];
  } else {
    rec.k[0] = uint32_t(kids.size());
    kids.insert(kids.end(), k, k + nk);
  }
  nodes.push_back(rec);
  classes.emplace_back();
  classes.back().nodes.push_back(n);
  ++liveClasses;
  for (size_t i = 0; i < nk; ++i) {
    bool dup = false;
    for (size_t j = 0; j < i; ++j)
      if (k[j] == k[i]) { dup = true; break; }
    if (!dup) classes[k[i]].parents.push_back(n);
  }
  types.push_back(ty);
  if (opts.analysis) data.push_back(makeData(n));
  tableInsert(n, h);
  byOp[size_t(op)].push_back(c);
  if (opts.analysis) analysisPending.push_back(n);
  ++version;
  if (observer) [[unlikely]] observer->onAdd(n, op, ty, imm, k, nk);
  return c;
}

bool EGraph::Impl::merge(ClassId a, ClassId b) {
  const ClassId origA = a, origB = b;
  a = findMut(a);
  b = findMut(b);
  if (a == b) return false;
  if (observer) [[unlikely]] observer->onMerge(origA, origB);
  // root: the class with more parents (fewer nodes to re-canonicalize); ties: smaller id
  size_t pa = classes[a].parents.size(), pb = classes[b].parents.size();
  if (pb > pa || (pb == pa && b < a)) std::swap(a, b);
  uf.link(b, a);
  --liveClasses;
  ClassRec& A = classes[a];
  ClassRec& B = classes[b];
  pending.insert(pending.end(), B.parents.begin(), B.parents.end());
  A.nodes.append(B.nodes);
  A.parents.append(B.parents);
  B.nodes.clearAndFree();
  B.parents.clearAndFree();
  if (types[a] == Ty::none) types[a] = types[b];
  if (opts.analysis) {
    bool aChanged = joinData(data[a], data[b]);
    bool bChanged = !(data[a] == data[b]);
    if (aChanged || bChanged) analysisPending.insert(analysisPending.end(), A.parents.begin(), A.parents.end());
    if (aChanged && data[a].isConst) analysisPending.push_back(A.nodes.front());
  }
  unionsPending = true;
  ++version;
  return true;
}

// The observer hears a reason only for a merge that takes effect: a reason
// left over from a merge of two classes already one would be taken for the
// justification of the next merge, and that merge's own would be lost.
bool EGraph::Impl::mergeWithReason(const char* why, NodeId n, NodeId other, ClassId a, ClassId b) {
  if (findMut(a) == findMut(b)) return false;
  if (observer) [[unlikely]] observer->onReason(why, n, other);
  return merge(a, b);
}

void EGraph::Impl::analyzeNode(NodeId n) {
  ClassId c = findMut(nodes[n].cls);
  ClassData d = makeData(n);
  if (joinData(data[c], d)) {
    analysisPending.insert(analysisPending.end(), classes[c].parents.begin(), classes[c].parents.end());
  }
  const NodeRec& r = nodes[n];
  // structural facts (modify)
  if (r.op == Op::Select && numKids(n) == 3) {
    const ClassId* k = kidsOf(n);
    ClassId cond = find(k[2]);
    if (data[cond].isConst) {
      ClassId pick = data[cond].constVal ? k[0] : k[1];
      mergeWithReason("select-const-cond", n, 0, c, pick);
      c = findMut(c);
    }
  } else if (r.op == Op::Phi && numKids(n) > 0) {
    const ClassId* k = kidsOf(n);
    ClassId first = find(k[0]);
    bool same = true;
    for (uint32_t i = 1; i < numKids(n) && same; ++i) same = find(k[i]) == first;
    if (same) {
      mergeWithReason("phi-same-inputs", n, 0, c, first);
      c = findMut(c);
    }
  }
  const ClassData& cd = data[c];
  if (cd.isConst && cd.ty != Ty::none && !isConst(r.op)) {
    Ty t = cd.ty;
    uint64_t v = cd.constVal;
    ClassId cc = addNode(constOpFor(t), t, maskTo(t, v), nullptr, 0);
    mergeWithReason("constant-fold", n, 0, c, cc);
  }
}

void EGraph::Impl::processPending() {
  std::vector<ClassId> canon;
  while (!pending.empty() || !analysisPending.empty()) {
    while (!pending.empty()) {
      NodeId n = pending.back();
      pending.pop_back();
      if (nodes[n].dead) continue;
      uint32_t nk = numKids(n);
      ClassId* k = kidsOf(n);
      bool changed = false;
      for (uint32_t i = 0; i < nk; ++i)
        if (!uf.isRoot(k[i])) { changed = true; break; }
      if (!changed) continue;
      const NodeRec r = nodes[n];
      tableErase(n, hashNode(r.op, r.ty, r.imm, k, nk));
      for (uint32_t i = 0; i < nk; ++i) k[i] = findMut(k[i]);
      uint32_t h = hashNode(r.op, r.ty, r.imm, k, nk);
      const Slot* other = tableFind(r.op, r.ty, r.imm, k, nk, h);
      if (!other) {
        tableInsert(n, h);
        if (opts.analysis && (r.op == Op::Phi || r.op == Op::Select)) analysisPending.push_back(n);
      } else {
        nodes[n].dead = 1;
        mergeWithReason("congruence", n, other->node, nodes[n].cls, other->cls);
      }
    }
    while (!analysisPending.empty() && pending.empty()) {
      NodeId n = analysisPending.back();
      analysisPending.pop_back();
      if (nodes[n].dead) continue;
      analyzeNode(n);
    }
  }
}

void EGraph::Impl::rebuildClasses() {
  for (auto& v : byOp) v.clear();
  ClassId nc = ClassId(classes.size());
  std::vector<NodeId> tmp;
  for (ClassId c = 0; c < nc; ++c) {
    if (!uf.isRoot(c)) continue;
    ClassRec& cr = classes[c];
    IdVec& ns = cr.nodes;
    ns.resize(uint32_t(std::remove_if(ns.begin(), ns.end(), [&](NodeId n) { return nodes[n].dead != 0; }) - ns.begin()));
    if (ns.size() > 1)
      std::sort(ns.begin(), ns.end(), [&](NodeId x, NodeId y) {
        if (nodes[x].op != nodes[y].op) return nodes[x].op < nodes[y].op;
        return x < y;
      });
    IdVec& ps = cr.parents;
    ps.resize(uint32_t(std::remove_if(ps.begin(), ps.end(), [&](NodeId n) { return nodes[n].dead != 0; }) - ps.begin()));
    if (ps.size() > 1) {
      std::sort(ps.begin(), ps.end());
      ps.resize(uint32_t(std::unique(ps.begin(), ps.end()) - ps.begin()));
    }
    Op last = Op::NumOps;
    for (NodeId n : ns) {
      if (nodes[n].op != last) {
        last = nodes[n].op;
        byOp[size_t(last)].push_back(c);
      }
    }
  }
}

void EGraph::Impl::rebuild() {
  if (pending.empty() && analysisPending.empty() && !unionsPending) return;
  processPending();
  rebuildClasses();
  unionsPending = false;
}

// ---------------------------------------------------------------- EGraph

EGraph::EGraph(EGraphOptions opts) : impl_(new Impl) {
  impl_->opts = opts;
  impl_->observer = opts.observer;
}
EGraph::~EGraph() { delete impl_; }

ClassId EGraph::add(Op op, Ty ty, uint64_t imm, std::span<const ClassId> children) {
  const OpInfo& info = opInfo(op);
  if (!info.typedPerNode) ty = info.result;
  if (info.kind == OpKind::Const) imm = maskTo(ty, imm);
  return impl_->addNode(op, ty, imm, children.data(), children.size());
}

ClassId EGraph::addSymbol(std::string_view name, Ty ty) {
  return add(Op::Symbol, ty, internSymbol(name), {});
}

ClassId EGraph::lookup(Op op, Ty ty, uint64_t imm, std::span<const ClassId> children) const {
  const OpInfo& info = opInfo(op);
  if (!info.typedPerNode) ty = info.result;
  if (info.kind == OpKind::Const) imm = maskTo(ty, imm);
  std::vector<ClassId> k(children.begin(), children.end());
  for (auto& c : k) c = impl_->find(c);
  const Slot* s = impl_->tableFind(op, ty, imm, k.data(), k.size(), hashNode(op, ty, imm, k.data(), k.size()));
  if (!s) return kNoClass;
  return impl_->find(s->cls);
}

ClassId EGraph::find(ClassId c) const { return impl_->find(c); }
ClassId EGraph::findMut(ClassId c) { return impl_->findMut(c); }
bool EGraph::merge(ClassId a, ClassId b) { return impl_->merge(a, b); }
void EGraph::rebuild() { impl_->rebuild(); }
bool EGraph::clean() const {
  return impl_->pending.empty() && impl_->analysisPending.empty() && !impl_->unionsPending;
}

size_t EGraph::numNodes() const { return impl_->liveNodes; }
size_t EGraph::numClasses() const { return impl_->liveClasses; }

std::vector<ClassId> EGraph::classes() const {
  std::vector<ClassId> r;
  r.reserve(impl_->liveClasses);
  for (ClassId c = 0; c < impl_->classes.size(); ++c)
    if (impl_->uf.isRoot(c)) r.push_back(c);
  return r;
}

std::span<const NodeId> EGraph::classNodes(ClassId c) const {
  const IdVec& v = impl_->classes[c].nodes;
  return {v.data(), v.size()};
}

std::span<const NodeId> EGraph::parentNodes(ClassId c) const {
  const IdVec& v = impl_->classes[c].parents;
  return {v.data(), v.size()};
}

NodeView EGraph::node(NodeId n) const {
  const NodeRec& r = impl_->nodes[n];
  return NodeView{r.op, r.ty, r.imm, std::span<const ClassId>(impl_->kidsOf(n), impl_->numKids(n))};
}

std::span<const ClassId> EGraph::classesWithOp(Op op) const { return impl_->byOp[size_t(op)]; }

Ty EGraph::type(ClassId c) const { return impl_->types[impl_->find(c)]; }
std::optional<uint64_t> EGraph::constant(ClassId c) const {
  if (!impl_->opts.analysis) return std::nullopt;
  const ClassData& d = impl_->data[impl_->find(c)];
  if (!d.isConst) return std::nullopt;
  return d.constVal;
}
KnownBits EGraph::knownBits(ClassId c) const {
  if (!impl_->opts.analysis) return {};
  return impl_->data[impl_->find(c)].kb;
}

std::string_view EGraph::symbolName(uint64_t symbolId) const { return symbolNameOf(symbolId); }
const EGraphOptions& EGraph::options() const { return impl_->opts; }
uint64_t EGraph::version() const { return impl_->version; }

size_t EGraph::memoryBytes() const {
  const Impl& m = *impl_;
  size_t b = m.nodes.capacity() * sizeof(NodeRec) + m.kids.capacity() * 4 +
             m.uf.memoryBytes() + m.classes.capacity() * sizeof(ClassRec) + m.data.capacity() * sizeof(ClassData) + m.types.capacity() +
             m.table.capacity() * sizeof(Slot);
  for (const ClassRec& c : m.classes) b += c.nodes.capacityBytes() + c.parents.capacityBytes();
  for (const auto& v : m.byOp) b += v.capacity() * 4;
  return b;
}
ClassId EGraph::nodeClass(NodeId n) const { return impl_->find(impl_->nodes[n].cls); }
size_t EGraph::nodeCapacity() const { return impl_->nodes.size(); }
void EGraph::setMergeObserver(MergeObserver* o) { impl_->observer = o; }
MergeObserver* EGraph::mergeObserver() const { return impl_->observer; }

} // namespace eqsat
