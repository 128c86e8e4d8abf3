// Ops infergy does not count by design, each with its reason (docs/counting.md, "Not counted",
// is generated from this table). An op listed here is reported as "not counted by design", an
// op with neither a rule nor an entry here as having no cost rule yet.
#include "families.hpp"

namespace infergy::cost {

void register_exclusions(CostRegistry& r) {
  constexpr std::string_view kText =
      "text preprocessing on strings and n-gram tables: no tensor arithmetic comparable with a "
      "FLOP";
  constexpr std::string_view kTraining = "training-only: infergy counts inference";
  for (const ExcludedOp& e : {
           ExcludedOp{"ai.onnx", "SequenceMap",
                      "runs its subgraph once per element of a sequence whose length is data"},
           ExcludedOp{"ai.onnx", "StringNormalizer", kText},
           ExcludedOp{"ai.onnx", "TfIdfVectorizer", kText},
           ExcludedOp{"ai.onnx", "RegexFullMatch", kText},
           ExcludedOp{"ai.onnx", "StringConcat", kText},
           ExcludedOp{"ai.onnx", "StringSplit", kText},
           ExcludedOp{"ai.onnx", "ImageDecoder",
                      "decoding cost depends on the codec and the encoded bytes, not on shapes"},
           ExcludedOp{"ai.onnx.ml", "",
                      "classical machine-learning operators, outside the study's deep-learning "
                      "scope; a tree ensemble's work depends on the path taken through each tree"},
           ExcludedOp{"ai.onnx.preview.training", "", kTraining},
           ExcludedOp{"ai.onnx.training", "", kTraining},
       }) {
    r.exclude(e);
  }
}

}  // namespace infergy::cost
