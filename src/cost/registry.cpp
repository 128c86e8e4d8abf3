#include <fmt/format.h>

#include "families.hpp"
#include "infergy/error.hpp"

namespace infergy {

namespace {
std::string key(std::string_view domain, std::string_view op_type) {
  std::string k(domain);
  k += '/';
  k += op_type;
  return k;
}
}  // namespace

const CostRegistry& CostRegistry::builtin() {
  static const CostRegistry registry = [] {
    CostRegistry r;
    cost::register_conv_rules(r);
    cost::register_matmul_rules(r);
    cost::register_normalization_rules(r);
    cost::register_elementwise_rules(r);
    cost::register_pooling_rules(r);
    cost::register_recurrent_rules(r);
    cost::register_attention_rules(r);
    cost::register_data_movement_rules(r);
    cost::register_exclusions(r);
    return r;
  }();
  return registry;
}

const CostRule* CostRegistry::find(std::string_view domain, std::string_view op_type) const {
  const auto it = index_.find(key(domain, op_type));
  return it == index_.end() ? nullptr : &rules_[it->second];
}

void CostRegistry::add(const CostRule& rule) {
  if (excluded(rule.domain, rule.op_type) != nullptr) {
    throw internal_error(fmt::format("a cost rule registered for {}/{}, which is excluded",
                                     rule.domain, rule.op_type));
  }
  const auto [it, inserted] = index_.try_emplace(key(rule.domain, rule.op_type), rules_.size());
  if (!inserted) {
    throw internal_error(
        fmt::format("two cost rules registered for {}/{}", rule.domain, rule.op_type));
  }
  rules_.push_back(rule);
}

const ExcludedOp* CostRegistry::excluded(std::string_view domain, std::string_view op_type) const {
  for (const ExcludedOp& e : exclusions_) {
    if (e.domain == domain && (e.op_type.empty() || e.op_type == op_type)) return &e;
  }
  return nullptr;
}

void CostRegistry::exclude(const ExcludedOp& op) {
  for (const ExcludedOp& e : exclusions_) {
    if (e.domain == op.domain && (e.op_type.empty() || e.op_type == op.op_type)) {
      throw internal_error(fmt::format("{}/{} is excluded twice", op.domain, op.op_type));
    }
  }
  for (const CostRule& r : rules_) {
    if (r.domain == op.domain && (op.op_type.empty() || r.op_type == op.op_type)) {
      throw internal_error(
          fmt::format("{}/{} is excluded but has a cost rule", r.domain, r.op_type));
    }
  }
  exclusions_.push_back(op);
}

}  // namespace infergy
