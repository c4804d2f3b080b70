// The fields of a frame slot as values while the bridge walks a function
// (bridge/frame_fields.h): slot addresses, stores that assign the fields they
// overlap, loads that read a field with their extension.
#include "bridge/frame_fields.h"

#include <array>

namespace eqsat {

ClassId FrameFields::unary(Op op, Ty type, ClassId x) { return graph_.add(op, type, 0, std::array<ClassId, 1>{x}); }

ClassId FrameFields::binary(Op op, Ty type, ClassId x, ClassId y) {
  return graph_.add(op, type, 0, std::array<ClassId, 2>{x, y});
}

bool FrameFields::isUndefined(ClassId value, unsigned depth) const {
  value = graph_.find(value);
  for (ClassId undefined : undefined_)
    if (graph_.find(undefined) == value) return true;
  if (depth > 16) return true;
  for (NodeId n : graph_.classNodes(value)) {
    NodeView node = graph_.node(n);
    if (node.op != Op::Phi) continue;
    std::vector<ClassId> kids(node.children.begin(), node.children.end());
    for (ClassId kid : kids)
      if (isUndefined(kid, depth + 1)) return true;
  }
  return false;
}

std::optional<int64_t> FrameFields::offsetOf(ClassId address, unsigned depth) const {
  if (base == kNoClass || depth > 8) return std::nullopt;
  address = graph_.find(address);
  if (address == graph_.find(base)) return 0;
  for (NodeId n : graph_.classNodes(address)) {
    NodeView node = graph_.node(n);
    if (node.op != Op::I32Add) continue;
    auto addend = graph_.constant(graph_.find(node.children[1]));
    if (!addend) continue;
    if (auto inner = offsetOf(node.children[0], depth + 1)) return *inner + int64_t(int32_t(uint32_t(*addend)));
  }
  return std::nullopt;
}

uint32_t FrameFields::fieldLocal(int64_t offset, unsigned bytes) const {
  for (size_t i = 0; i < plan_.fields.size(); ++i)
    if (int64_t(plan_.fields[i].offset) == offset && plan_.fields[i].bytes == bytes) return firstLocal_ + uint32_t(i);
  throw SlotFail("frame slot access at an unexpected offset");
}

void FrameFields::store(std::vector<ClassId>& locals, int64_t offset, unsigned bytes, ClassId value, Ty valueType) {
  uint32_t own = fieldLocal(offset, bytes);
  bool isFloat = valueType == Ty::f32 || valueType == Ty::f64;
  for (size_t i = 0; i < plan_.fields.size(); ++i) {
    const auto& field = plan_.fields[i];
    uint32_t local = firstLocal_ + uint32_t(i);
    int64_t fieldStart = field.offset, fieldEnd = fieldStart + field.bytes, storeStart = offset,
            storeEnd = offset + bytes;
    if (fieldEnd <= storeStart || storeEnd <= fieldStart) continue;  // disjoint
    Ty fieldType = field.ty;
    if (local == own) {
      locals[local] = (valueType == Ty::i64 && fieldType == Ty::i32) ? unary(Op::I32WrapI64, Ty::i32, value) : value;
      continue;
    }
    if (isFloat || fieldType == Ty::f32 || fieldType == Ty::f64) throw SlotFail("float frame field overlaps");
    if (storeStart <= fieldStart && fieldEnd <= storeEnd) {
      // The field lies inside the stored bytes: shift them down.
      uint64_t shift = uint64_t(fieldStart - storeStart) * 8;
      ClassId x = value;
      if (shift)
        x = binary(valueType == Ty::i64 ? Op::I64ShrU : Op::I32ShrU, valueType, x, graph_.addConst(valueType, shift));
      if (valueType == Ty::i64 && fieldType == Ty::i32) x = unary(Op::I32WrapI64, Ty::i32, x);
      if (valueType == Ty::i32 && fieldType == Ty::i64) x = unary(Op::I64ExtendI32U, Ty::i64, x);
      locals[local] = x;
    } else if (fieldStart <= storeStart && storeEnd <= fieldEnd) {
      // The stored bytes lie inside the field: insert them.
      if (isUndefined(locals[local])) continue;  // still undefined outside the stored bytes
      uint64_t shift = uint64_t(storeStart - fieldStart) * 8;
      uint64_t mask = (bytes == 8 ? ~uint64_t(0) : ((uint64_t(1) << (bytes * 8)) - 1)) << shift;
      ClassId x = value;
      if (valueType == Ty::i64 && fieldType == Ty::i32) x = unary(Op::I32WrapI64, Ty::i32, x);
      if (valueType == Ty::i32 && fieldType == Ty::i64) x = unary(Op::I64ExtendI32U, Ty::i64, x);
      Op andOp = fieldType == Ty::i64 ? Op::I64And : Op::I32And, orOp = fieldType == Ty::i64 ? Op::I64Or : Op::I32Or,
         shlOp = fieldType == Ty::i64 ? Op::I64Shl : Op::I32Shl;
      x = binary(andOp, fieldType, x,
                 graph_.addConst(fieldType, (bytes == 8 ? ~uint64_t(0) : (uint64_t(1) << (bytes * 8)) - 1)));
      if (shift) x = binary(shlOp, fieldType, x, graph_.addConst(fieldType, shift));
      ClassId keep = binary(andOp, fieldType, locals[local], graph_.addConst(fieldType, ~mask));
      locals[local] = binary(orOp, fieldType, keep, x);
    } else {
      locals[local] = undefined_[i];  // partly overwritten: no longer known
    }
  }
}

void FrameFields::forget(std::vector<ClassId>& locals) const {
  if (!plan_.strict) return;
  for (size_t i = 0; i < plan_.fields.size(); ++i) locals[firstLocal_ + i] = undefined_[i];
}

ClassId FrameFields::read(ClassId value, Ty fieldType, Ty loadType, unsigned bytes, bool signExtend) {
  if (fieldType == Ty::f32 || fieldType == Ty::f64 || loadType == Ty::f32 || loadType == Ty::f64) {
    if (fieldType != loadType) throw SlotFail("float field read with another type");
    return value;
  }
  ClassId x = value;
  if (fieldType == Ty::i64 && loadType == Ty::i32) x = unary(Op::I32WrapI64, Ty::i32, x);
  if (fieldType == Ty::i32 && loadType == Ty::i64) x = unary(Op::I64ExtendI32U, Ty::i64, x);
  if (bytes * 8 < tyBits(loadType)) {
    if (!signExtend) {
      ClassId mask = graph_.addConst(loadType, (uint64_t(1) << (bytes * 8)) - 1);
      x = binary(loadType == Ty::i32 ? Op::I32And : Op::I64And, loadType, x, mask);
    } else {
      Op op = loadType == Ty::i32 ? (bytes == 1 ? Op::I32Extend8S : Op::I32Extend16S)
                                  : (bytes == 1 ? Op::I64Extend8S : bytes == 2 ? Op::I64Extend16S : Op::I64Extend32S);
      x = unary(op, loadType, x);
    }
  }
  return x;
}

} // namespace eqsat
