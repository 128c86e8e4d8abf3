// Matrix products, Einsum, their quantized forms, and the linear transforms (Det, DFT, STFT).
// A product of an MxK and a KxN matrix is M*N*K MACs; batch dims multiply it after numpy
// broadcasting. Scaling by alpha/beta, adding C or a bias, zero points and requantization are
// counted per element at the costs written in each formula.
#include <algorithm>
#include <map>
#include <set>

#include "families.hpp"
#include "rule_helpers.hpp"

namespace infergy::cost {

namespace {

struct MatMulShape {
  std::int64_t batch = 1;  // product of the broadcast batch dims
  std::int64_t m = 1;
  std::int64_t k = 1;
  std::int64_t n = 1;
  std::int64_t outputs() const { return mul({batch, m, n}); }
  std::int64_t macs() const { return mul({batch, m, n, k}); }
};

// numpy.matmul semantics: a 1-D A is a row vector, a 1-D B a column vector, and the dims
// before the last two broadcast.
MatMulShape matmul_shape(std::span<const std::int64_t> a, std::span<const std::int64_t> b,
                         std::string_view op) {
  if (a.empty() || b.empty()) {
    throw input_error(fmt::format("{}: operands must have rank >= 1", op));
  }
  MatMulShape s;
  s.k = a.back();
  s.m = a.size() == 1 ? 1 : a[a.size() - 2];
  const std::int64_t kb = b.size() == 1 ? b[0] : b[b.size() - 2];
  s.n = b.size() == 1 ? 1 : b.back();
  if (s.k != kb) {
    throw input_error(fmt::format("{}: inner dims differ ({} vs {})", op, s.k, kb));
  }
  const auto a_batch = a.size() > 2 ? a.first(a.size() - 2) : std::span<const std::int64_t>();
  const auto b_batch = b.size() > 2 ? b.first(b.size() - 2) : std::span<const std::int64_t>();
  s.batch = product(broadcast_dims(a_batch, b_batch, op));
  return s;
}

MatMulShape matmul_shape(const NodeContext& ctx, std::size_t a, std::size_t b) {
  return matmul_shape(ctx.in_dims(a), ctx.in_dims(b), ctx.node().op_type);
}

// Gemm operands are matrices; transA/transB swap their dims.
MatMulShape gemm_shape(const NodeContext& ctx, std::size_t a_slot, std::size_t b_slot) {
  const auto a = ctx.in_dims(a_slot);
  const auto b = ctx.in_dims(b_slot);
  const std::string& op = ctx.node().op_type;
  if (a.size() != 2 || b.size() != 2) {
    throw input_error(
        fmt::format("{}: A and B must be matrices (ranks {} and {})", op, a.size(), b.size()));
  }
  const bool ta = ctx.node().attr_int("transA", 0) != 0;
  const bool tb = ctx.node().attr_int("transB", 0) != 0;
  MatMulShape s;
  s.m = ta ? a[1] : a[0];
  s.k = ta ? a[0] : a[1];
  const std::int64_t kb = tb ? b[1] : b[0];
  s.n = tb ? b[0] : b[1];
  if (s.k != kb) throw input_error(fmt::format("{}: inner dims differ ({} vs {})", op, s.k, kb));
  return s;
}

std::int64_t zero_point_flops(const NodeContext& ctx, std::size_t operand, std::size_t zp) {
  return zero_point_used(ctx, zp) ? runtime_elements(ctx, operand) : 0;
}

// alpha * A'B' + beta * C: alpha != 1 costs 1 per output, adding C 1 per output, and beta
// not in {0, 1} 1 per element of C.
std::int64_t gemm_scaling(const NodeContext& ctx, const MatMulShape& s) {
  const std::int64_t outputs = s.outputs();
  const double alpha = ctx.node().attr_float("alpha", 1.0);
  const double beta = ctx.node().attr_float("beta", 1.0);
  std::int64_t flops = alpha != 1.0 ? outputs : 0;
  if (ctx.has_input(2) && beta != 0.0) {
    flops = add({flops, outputs, beta != 1.0 ? ctx.in_elements(2) : 0});
  }
  return flops;
}

OpCost gemm(const NodeContext& ctx) {
  const MatMulShape s = gemm_shape(ctx, 0, 1);
  return contraction(s.macs(), gemm_scaling(ctx, s));
}

OpCost fused_gemm(const NodeContext& ctx) {
  const MatMulShape s = gemm_shape(ctx, 0, 1);
  return contraction(s.macs(),
                     add({gemm_scaling(ctx, s), mul({s.outputs(), fused_activation_flops(ctx)})}));
}

OpCost matmul(const NodeContext& ctx) {
  return contraction(matmul_shape(ctx, 0, 1).macs(), 0);
}

// com.microsoft FusedMatMul/TransposeMatMul: transBatch moves dim 0 behind the other batch
// dims, trans swaps the last two, then numpy matmul; alpha != 1 costs 1 per output.
std::vector<std::int64_t> fused_operand(std::span<const std::int64_t> d, bool trans,
                                        bool trans_batch) {
  std::vector<std::int64_t> v(d.begin(), d.end());
  if (v.size() < 2) return v;
  if (trans_batch && v.size() > 2) {
    std::rotate(v.begin(), v.begin() + 1, v.end() - 1);
  }
  if (trans) std::swap(v[v.size() - 1], v[v.size() - 2]);
  return v;
}

OpCost fused_matmul(const NodeContext& ctx) {
  const Node& n = ctx.node();
  const auto a = fused_operand(ctx.in_dims(0), n.attr_int("transA", 0) != 0,
                               n.attr_int("transBatchA", 0) != 0);
  const auto b = fused_operand(ctx.in_dims(1), n.attr_int("transB", 0) != 0,
                               n.attr_int("transBatchB", 0) != 0);
  const MatMulShape s = matmul_shape(a, b, n.op_type);
  return contraction(s.macs(), n.attr_float("alpha", 1.0) != 1.0 ? s.outputs() : 0);
}

// A, B, a_zero_point, b_zero_point.
OpCost matmul_integer(const NodeContext& ctx) {
  const MatMulShape s = matmul_shape(ctx, 0, 1);
  return contraction(s.macs(), add({zero_point_flops(ctx, 0, 2), zero_point_flops(ctx, 1, 3)}));
}

// a, a_scale, a_zero_point, b, b_scale, b_zero_point, y_scale, y_zero_point.
OpCost qlinear_matmul(const NodeContext& ctx) {
  const MatMulShape s = matmul_shape(ctx, 0, 3);
  return contraction(s.macs(), add({zero_point_flops(ctx, 0, 2), zero_point_flops(ctx, 3, 5),
                                    mul({s.outputs(), kRequantizeFlops})}));
}

// A, B, a_scale, b_scale, a_zero_point, b_zero_point, bias: the int32 result is scaled to
// float (1 per output) and the bias added (1 per output).
OpCost matmul_integer_to_float(const NodeContext& ctx) {
  const MatMulShape s = matmul_shape(ctx, 0, 1);
  const std::int64_t per_output = 1 + (ctx.has_input(6) ? 1 : 0);
  return contraction(s.macs(), add({zero_point_flops(ctx, 0, 4), zero_point_flops(ctx, 1, 5),
                                    mul({s.outputs(), per_output})}));
}

// A (float), B (int8/uint8), b_scale, b_zero_point, bias: A is quantized on the fly as
// DynamicQuantizeLinear does (7 per element + 9), its run-time zero point subtracted (1 per
// element), then as MatMulIntegerToFloat.
OpCost dynamic_quantize_matmul(const NodeContext& ctx) {
  const MatMulShape s = matmul_shape(ctx, 0, 1);
  const std::int64_t a = ctx.in_elements(0);
  const std::int64_t quantize_a = add({mul({a, 7}), 9, a});
  const std::int64_t per_output = 1 + (ctx.has_input(4) ? 1 : 0);
  return contraction(
      s.macs(), add({quantize_a, zero_point_flops(ctx, 1, 3), mul({s.outputs(), per_output})}));
}

// A, a_scale, a_zero_point, B, b_scale, b_zero_point, C, y_scale, y_zero_point.
OpCost qgemm(const NodeContext& ctx) {
  const MatMulShape s = gemm_shape(ctx, 0, 3);
  const std::int64_t per_output =
      (ctx.has_input(6) ? 1 : 0) + (ctx.has_input(7) ? kRequantizeFlops : 1);
  return contraction(s.macs(), add({zero_point_flops(ctx, 0, 2), zero_point_flops(ctx, 3, 5),
                                    mul({s.outputs(), per_output})}));
}

// com.microsoft GemmFastGelu: X (.., K), W (K, N), bias: X*W + bias, then FastGelu.
OpCost gemm_fast_gelu(const NodeContext& ctx) {
  const MatMulShape s = matmul_shape(ctx, 0, 1);
  const std::int64_t per_output = kGeluTanhFlops + (ctx.has_input(2) ? 1 : 0);
  return contraction(s.macs(), mul({s.outputs(), per_output}));
}

// A (.., K), B (packed N x K weights of `bits` bits), scales, zero_points, g_idx, bias. Every
// call dequantizes the N*K weights (subtract zero point, multiply by scale: 2 each).
OpCost matmul_nbits(const NodeContext& ctx) {
  const Node& node = ctx.node();
  const std::int64_t k = node.attr_int("K", 0);
  const std::int64_t n = node.attr_int("N", 0);
  if (k <= 0 || n <= 0) throw input_error("MatMulNBits: attributes K and N must be positive");
  const auto a = ctx.in_dims(0);
  if (a.empty() || a.back() != k) {
    throw input_error(fmt::format("MatMulNBits: last dim of A is not K = {}", k));
  }
  const std::int64_t rows = product(a.first(a.size() - 1));
  const std::int64_t bias = ctx.has_input(5) ? mul({rows, n}) : 0;
  return contraction(mul({rows, n, k}), add({mul({2, n, k}), bias}));
}

// ---- Einsum ----

// A label is a letter (0-51) or one of the broadcast ellipsis dims (52 + position).
constexpr int kEllipsisLabel = 52;

struct EinsumTerm {
  std::vector<int> labels;  // in order, ellipsis expanded
};

int letter_label(char c) {
  if (c >= 'a' && c <= 'z') return c - 'a';
  if (c >= 'A' && c <= 'Z') return 26 + (c - 'A');
  return -1;
}

// Letters of one term and whether it has "..."; labels are filled in once ranks are known.
struct ParsedTerm {
  std::vector<int> letters_before;  // before "..."
  std::vector<int> letters_after;   // after "..." (all letters when there is none)
  bool ellipsis = false;
};

ParsedTerm parse_term(std::string_view term, std::string_view equation) {
  ParsedTerm t;
  for (std::size_t i = 0; i < term.size(); ++i) {
    if (term.substr(i, 3) == "...") {
      if (t.ellipsis) {
        throw input_error(fmt::format("Einsum: two ellipses in a term of '{}'", equation));
      }
      t.ellipsis = true;
      t.letters_before = std::move(t.letters_after);
      t.letters_after.clear();
      i += 2;
      continue;
    }
    const int l = letter_label(term[i]);
    if (l < 0) {
      throw input_error(
          fmt::format("Einsum: unexpected character '{}' in '{}'", term[i], equation));
    }
    t.letters_after.push_back(l);
  }
  return t;
}

std::vector<std::string_view> split_terms(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == ',') {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

std::int64_t labels_product(const std::set<int>& labels, const std::map<int, std::int64_t>& size) {
  std::int64_t p = 1;
  for (int l : labels) p = mul({p, size.at(l)});
  return p;
}

// Two operands: every distinct label's size multiplied (output labels x contracted labels) is
// the MAC count. When no label is contracted the step is an elementwise/outer product:
// that many multiplications and no MACs. n operands contract left to right, each intermediate
// keeping the labels still needed; one operand is a transpose (0) or a reduction (1 add per
// element over its distinct labels).
OpCost einsum(const NodeContext& ctx) {
  std::string equation;
  for (char c : ctx.node().attr_string("equation")) {
    if (c != ' ') equation += c;
  }
  const std::size_t arrow = equation.find("->");
  const std::string_view lhs = std::string_view(equation).substr(0, arrow);
  const auto terms_text = split_terms(lhs);
  const std::size_t n_inputs = ctx.num_inputs();
  if (terms_text.size() != n_inputs || n_inputs == 0) {
    throw input_error(fmt::format("Einsum: equation '{}' has {} operands but the node has {}",
                                  equation, terms_text.size(), n_inputs));
  }
  std::vector<ParsedTerm> parsed;
  std::size_t ellipsis_rank = 0;
  std::vector<std::span<const std::int64_t>> dims;
  for (std::size_t i = 0; i < n_inputs; ++i) {
    parsed.push_back(parse_term(terms_text[i], equation));
    dims.push_back(ctx.in_dims(i));
    const std::size_t letters = parsed[i].letters_before.size() + parsed[i].letters_after.size();
    if (dims[i].size() < letters || (!parsed[i].ellipsis && dims[i].size() != letters)) {
      throw input_error(fmt::format("Einsum: term '{}' of '{}' does not match rank {}",
                                    terms_text[i], equation, dims[i].size()));
    }
    if (parsed[i].ellipsis) ellipsis_rank = std::max(ellipsis_rank, dims[i].size() - letters);
  }
  std::map<int, std::int64_t> size;
  std::map<int, int> occurrences;
  std::vector<std::set<int>> operand_labels(n_inputs);
  for (std::size_t i = 0; i < n_inputs; ++i) {
    std::vector<int> labels = parsed[i].letters_before;
    if (parsed[i].ellipsis) {
      const std::size_t e =
          dims[i].size() - parsed[i].letters_before.size() - parsed[i].letters_after.size();
      for (std::size_t j = 0; j < e; ++j) {
        labels.push_back(kEllipsisLabel + static_cast<int>(ellipsis_rank - e + j));
      }
    }
    labels.insert(labels.end(), parsed[i].letters_after.begin(), parsed[i].letters_after.end());
    for (std::size_t j = 0; j < labels.size(); ++j) {
      const std::int64_t d = dims[i][j];
      auto [it, inserted] = size.try_emplace(labels[j], d);
      if (!inserted && it->second != d) {
        if (it->second != 1 && d != 1) {
          throw input_error(
              fmt::format("Einsum: a label of '{}' has sizes {} and {}", equation, it->second, d));
        }
        it->second = std::max(it->second, d);
      }
      if (labels[j] < kEllipsisLabel) ++occurrences[labels[j]];
      operand_labels[i].insert(labels[j]);
    }
  }
  std::set<int> output;
  for (std::size_t j = 0; j < ellipsis_rank; ++j)
    output.insert(kEllipsisLabel + static_cast<int>(j));
  if (arrow == std::string::npos) {
    for (auto [label, count] : occurrences) {
      if (count == 1) output.insert(label);
    }
  } else {
    const ParsedTerm out = parse_term(std::string_view(equation).substr(arrow + 2), equation);
    if (!out.ellipsis) output.clear();  // ellipsis dims left out of the output are summed
    for (const auto* letters : {&out.letters_before, &out.letters_after}) {
      for (int l : *letters) {
        if (!size.contains(l)) {
          throw input_error(fmt::format("Einsum: output label of '{}' is in no operand", equation));
        }
        output.insert(l);
      }
    }
  }
  if (n_inputs == 1) {
    const bool reduces = std::any_of(operand_labels[0].begin(), operand_labels[0].end(),
                                     [&](int l) { return !output.contains(l); });
    return flops_only(reduces ? labels_product(operand_labels[0], size) : 0);
  }
  std::int64_t macs = 0;
  std::int64_t products = 0;
  std::set<int> running = operand_labels[0];
  for (std::size_t t = 1; t < n_inputs; ++t) {
    std::set<int> step = running;
    step.insert(operand_labels[t].begin(), operand_labels[t].end());
    std::set<int> needed = output;
    for (std::size_t u = t + 1; u < n_inputs; ++u) {
      needed.insert(operand_labels[u].begin(), operand_labels[u].end());
    }
    std::set<int> keep;
    for (int l : step) {
      if (needed.contains(l)) keep.insert(l);
    }
    const std::int64_t terms = labels_product(step, size);
    if (keep.size() < step.size()) {
      macs = add({macs, terms});
    } else {
      products = add({products, terms});
    }
    running = std::move(keep);
  }
  return contraction(macs, products);
}

// ---- Linear algebra and transforms ----

// Det of each n x n matrix by LU with partial pivoting (as LAPACK getrf): step k updates an
// (n-k)^2 block (MACs), divides n-k multipliers and compares n-k pivot candidates; the
// determinant is the product of the n diagonal entries (n-1 multiplications).
OpCost det(const NodeContext& ctx) {
  const auto x = ctx.in_dims(0);
  if (x.size() < 2 || x[x.size() - 1] != x[x.size() - 2]) {
    throw input_error("Det: input must end in a square matrix");
  }
  const std::int64_t n = x.back();
  const std::int64_t matrices = product(x.first(x.size() - 2));
  if (n == 0) return flops_only(0);
  const std::int64_t block_macs = mul({n - 1, n, 2 * n - 1}) / 6;  // sum of j^2, j < n
  const std::int64_t pivots = mul({n, n - 1}) / 2;                 // sum of j, j < n
  const std::int64_t other = add({pivots, pivots, n - 1});         // divisions, compares, product
  return contraction(mul({matrices, block_macs}), mul({matrices, other}));
}

// FFT convention (FFTW's): a complex transform of length N costs 5 N log2 N FLOPs, a real one
// half of that; log2 N is rounded up for lengths that are not powers of two.
std::int64_t fft_flops(std::int64_t length, bool real_input) {
  const std::int64_t complex_flops = mul({5, length, ceil_log2(length)});
  return real_input ? complex_flops / 2 : complex_flops;
}

std::int64_t known_scalar(const NodeContext& ctx, std::size_t slot) {
  const auto v = known_ints(ctx, slot);
  if (!v || v->size() != 1) throw UnknownShape();
  return v->front();
}

// DFT: input (batch, signal dims..., 1 real | 2 complex), dft_length, axis (input 2 from opset
// 20, attribute before). One transform per position of the other dims; an inverse transform
// also divides every output element by N.
OpCost dft(const NodeContext& ctx) {
  const auto x = ctx.in_dims(0);
  if (x.size() < 3 || (x.back() != 1 && x.back() != 2)) {
    throw input_error("DFT: input must be (batch, signal..., 1 or 2)");
  }
  std::int64_t axis_value = ctx.opset() >= 20 ? -2 : 1;
  if (ctx.opset() >= 20) {
    if (ctx.has_input(2)) axis_value = known_scalar(ctx, 2);
  } else {
    axis_value = ctx.node().attr_int("axis", 1);
  }
  const std::size_t axis = normalize_axis(axis_value, x.size(), "DFT");
  if (axis == 0 || axis == x.size() - 1) {
    throw input_error("DFT: axis must name a signal dimension");
  }
  const std::int64_t length = ctx.has_input(1) ? known_scalar(ctx, 1) : x[axis];
  std::int64_t transforms = 1;
  for (std::size_t i = 0; i + 1 < x.size(); ++i) {
    if (i != axis) transforms = mul({transforms, x[i]});
  }
  const std::int64_t scaling = ctx.node().attr_int("inverse", 0) != 0 ? ctx.out_elements(0) : 0;
  return flops_only(add({mul({transforms, fft_flops(length, x.back() == 1)}), scaling}));
}

// STFT: signal (batch, length, 1 | 2), frame_step, window, frame_length; output (batch, frames,
// bins, 2). Per frame: window multiply (1 per sample, when a window is given) and one FFT.
OpCost stft(const NodeContext& ctx) {
  const auto x = ctx.in_dims(0);
  const auto y = ctx.out_dims(0);
  if (x.size() != 3 || y.size() != 4) {
    throw input_error("STFT: signal must be (batch, length, 1|2) and output 4-D");
  }
  std::int64_t frame = 0;
  if (ctx.has_input(3)) {
    frame = known_scalar(ctx, 3);
  } else if (ctx.has_input(2)) {
    frame = ctx.in_dims(2)[0];
  } else {
    throw UnknownShape();
  }
  const std::int64_t frames = mul({y[0], y[1]});
  const std::int64_t window = ctx.has_input(2) ? frame : 0;
  return flops_only(mul({frames, add({window, fft_flops(frame, x[2] == 1)})}));
}

}  // namespace

void register_matmul_rules(CostRegistry& r) {
  add_rules(
      r, "ai.onnx", "matmul",
      {
          {"Gemm",
           "MACs = M*N*K; FLOPs = 2*MACs + M*N if alpha != 1 + M*N to add C (if C, beta != 0) + "
           "elements(C) if beta not in {0, 1}",
           gemm},
          {"MatMul",
           "MACs = prod(broadcast batch dims)*M*N*K (numpy matmul; 1-D operands as vectors); "
           "FLOPs = 2*MACs",
           matmul},
          {"MatMulInteger",
           "MACs as MatMul; FLOPs = 2*MACs + 1 per run-time element of an operand whose zero "
           "point is given",
           matmul_integer, slots({2, 3})},
          {"QLinearMatMul",
           "MACs as MatMul; FLOPs = 2*MACs + zero-point subtraction (1 per run-time operand "
           "element) + 5 per output to requantize",
           qlinear_matmul, slots({1, 2, 4, 5, 6, 7})},
          {"Einsum",
           "contract left to right; a step's size = prod(all distinct labels of both sides): "
           "MACs if it sums a label, else multiplications; FLOPs = 2*MACs + multiplications; one "
           "operand: 1 per element if it reduces, else 0",
           einsum},
          {"Det",
           "LU with partial pivoting per n x n matrix: MACs = (n-1)n(2n-1)/6; FLOPs = 2*MACs + "
           "n(n-1)/2 divisions + n(n-1)/2 pivot compares + (n-1) for the diagonal product",
           det},
          {"DFT",
           "per transform of length N: 5*N*ceil(log2 N) (complex input) or half (real input); "
           "+ 1 per output element if inverse",
           dft, slots({1, 2})},
          {"STFT",
           "per frame: frame_length window multiplies (if window) + FFT of frame_length "
           "(5*N*ceil(log2 N), half for a real signal)",
           stft, slots({1, 3})},
      });
  add_rules(
      r, "com.microsoft", "matmul",
      {
          {"FusedMatMul",
           "MACs as MatMul after transA/transB/transBatchA/transBatchB; FLOPs = 2*MACs + "
           "outputs if alpha != 1",
           fused_matmul},
          {"TransposeMatMul", "as FusedMatMul", fused_matmul},
          {"FusedGemm", "as Gemm + the activation's per-element FLOPs per output", fused_gemm},
          {"MatMulIntegerToFloat",
           "MACs as MatMul; FLOPs = 2*MACs + zero-point subtraction + 1 per output (scale) + 1 "
           "per output if bias",
           matmul_integer_to_float, slots({2, 3, 4, 5})},
          {"DynamicQuantizeMatMul",
           "quantize A (7 per element + 9) and subtract its zero point (1 per element); MACs as "
           "MatMul; FLOPs = 2*MACs + those + 1 per output (scale) + 1 per output if bias",
           dynamic_quantize_matmul, slots({2, 3})},
          {"MatMulNBits",
           "MACs = rows(A)*N*K; FLOPs = 2*MACs + 2*N*K to dequantize the weights + rows*N if "
           "bias",
           matmul_nbits, slots({2, 3, 4})},
          {"QGemm",
           "MACs = M*N*K; FLOPs = 2*MACs + zero-point subtraction + per output: 1 if C, 5 to "
           "requantize (y_scale given) or 1 to scale",
           qgemm, slots({1, 2, 4, 5, 7, 8})},
          {"GemmFastGelu", "MACs as MatMul; FLOPs = 2*MACs + per output 1 bias + 9 FastGelu",
           gemm_fast_gelu},
      });
}

}  // namespace infergy::cost
