// Names of the persisted market enums.
#include "common/market.h"

namespace factsift {

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kSupported:
      return "supported";
    case Verdict::kContradicted:
      return "contradicted";
    case Verdict::kUnverifiable:
      return "unverifiable";
  }
  return "unverifiable";
}

std::optional<Verdict> ParseVerdict(std::string_view name) {
  for (Verdict verdict : {Verdict::kSupported, Verdict::kContradicted, Verdict::kUnverifiable}) {
    if (VerdictName(verdict) == name) return verdict;
  }
  return std::nullopt;
}

}  // namespace factsift
