#!/usr/bin/python3
"""Builds data/models-glue.csv: language models with their inference cost and GLUE score.

gflops_method says where each row's GFLOPs come from:
  paper    the figure a paper printed (ELECTRA's Table 1 for the study's ELMo/GPT/BERT rows,
           MobileBERT's and SqueezeBERT's own tables);
  derived  our formula on the published architecture, for models no paper costed:
               GFLOPs = [2 * N_layers * n  +  4 * L * n^2 * d_attn] / 1e9
           N_layers: parameters of the transformer blocks that a token passes through (embeddings,
           the LM head and, for mixture-of-experts, the experts a token does not use are left out;
           shared layers such as ALBERT's count once per use); n: input_tokens; L: layers;
           d_attn: heads x head size. 2*N*n is every weight multiplied once per token (2 FLOPs per
           multiply-accumulate); 4*L*n^2*d_attn is Q.K^T and A.V (n x n x d_attn each, per layer).
           Element-wise work (softmax, norms, activations) is not counted.
  study    the value Desislavov et al. used, when its own source could not be checked.

The script also re-computes ELECTRA's published inference FLOPs with the convention its
repository documents (dense one-hot embedding lookup, 2 FLOPs per MAC, element-wise ops), and
the study's GPT-2/Megatron/ALBERT values with our formula, and stops if they disagree by more
than the stated tolerance -- so every 'paper'/'study' number is also an independent check.

Run: /usr/bin/python3 scripts/datasets/build_glue.py [--out FILE]
"""

import argparse
import csv
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent


def arxiv(arxiv_id):
    return f"https://arxiv.org/abs/{arxiv_id}"


STUDY = arxiv("2109.05472") + " (the study's GLUE table, transcribed in /work/shared/data/study/glue-models.csv)"
ELECTRA_T1 = arxiv("2003.10555") + " (Table 1: inference FLOPs at sequence length 128)"
ELECTRA_README = "https://github.com/google-research/electra (README: GLUE test-set scores of the released models)"
BERT_T1 = arxiv("1810.04805") + " (Table 1: GLUE test 'Average', WNLI excluded)"


def encoder_block_params(d, d_ff, d_attn=None):
    """Weights of one BERT-style block: Q, K, V, O projections and the two FFN matrices."""
    d_attn = d if d_attn is None else d_attn
    return 4 * d * d_attn + 2 * d * d_ff


def swiglu_block_params(d, d_ff, heads, kv_heads, head_dim):
    """Weights of one Llama-style block: Q and O (heads), K and V (grouped), 3 SwiGLU matrices."""
    return 2 * d * heads * head_dim + 2 * d * kv_heads * head_dim + 3 * d * d_ff


def derived_gflops(n_layer_params, layers, d_attn, tokens):
    return (2 * n_layer_params * tokens + 4 * layers * tokens**2 * d_attn) / 1e9


def electra_convention_gflops(h, layers, s, v=30522, e=None, i=None):
    """Inference FLOPs as the ELECTRA repository's flops_computation.py documents them (our own
    re-implementation of the stated convention): per token and layer, 2 FLOPs per MAC of the
    QKV/output/FFN matrices and of the two attention products, plus bias, softmax (5/score),
    dropout (4), layer-norm (5) and GELU (8) per element; a dense one-hot embedding multiply
    (2*e*v per token) with position/type embeddings; a binary classifier head on every token."""
    e = h if e is None else e
    i = 4 * h if i is None else i
    heads = max(h // 64, 1)
    per_token_layer = (
        6 * h * h + 3 * h                          # Q, K, V and biases
        + 2 * h * s + 2 * h * s                    # scores and weighted values
        + (5 + 4 + 1) * s * heads                  # softmax, dropout, scaling of the scores
        + 2 * h * h + h + 4 * h + h + 5            # attention output, bias, dropout, residual, LN
        + 2 * h * i + 8 * i + i                    # FFN in, GELU, bias
        + 2 * h * i + h + 4 * h + h + 5 * h)       # FFN out, bias, dropout, residual, LN
    embedding = 2 * e * v + 2 * e * (s + 2) + 2 * e + 5 * e + 4 * e
    if e != h:
        embedding += 2 * h * e + h
    classifier = 2 * h * h + h + 8 * h + 2 * h
    return (layers * per_token_layer + embedding + classifier) * s / 1e9


def check_close(what, ours, published, tolerance):
    if abs(ours - published) > tolerance * published:
        sys.exit(f"{what}: recomputed {ours:.4g} vs published {published:.4g} "
                 f"(more than {tolerance:.0%} apart)")
    return ours


def bert_like(layers, d, d_ff, tokens=128):
    return derived_gflops(layers * encoder_block_params(d, d_ff), layers, d, tokens)


def derived_note(n_params, layers, d_attn, tokens, extra=""):
    return (f"derived: 2 x {n_params / 1e6:.1f} M block params x {tokens} tokens + "
            f"4 x {layers} layers x {tokens}^2 x {d_attn}" + (f"; {extra}" if extra else ""))


def rows():
    out = []

    def add(name, date, params_m, gflops, tokens, method, glue, source_date, source_compute,
            source_glue="", notes=""):
        out.append(dict(name=name, date=date, params_m=params_m, gflops=gflops,
                        input_tokens=tokens, gflops_method=method, glue_test=glue,
                        source_date=source_date, source_compute=source_compute,
                        source_glue=source_glue, notes=notes))

    # --- the study's rows -------------------------------------------------------------------
    add("Transformer (base)", "2017-06-12", 65, 54, 512, "study", None, arxiv("1706.03762"),
        STUDY + "; Gholami et al. 2021, AI and Memory Wall (the study's cited source)",
        notes="params from Vaswani et al. Table 3 (base model, 65 M); no GLUE score (a translation model)")
    add("ELMo", "2018-02-15", 96, 26, 128, "paper", 71.0, arxiv("1802.05365"), ELECTRA_T1, BERT_T1,
        notes="ELECTRA Table 1: 2.6e10 inference FLOPs, 96 M params; GLUE 71.0 is BERT Table 1's "
              "BiLSTM+ELMo+Attn baseline (the study used 71.2, ELECTRA's GLUE dev score)")
    add("GPT-1", "2018-06-11", 117, 30, 128, "paper", 75.1,
        "https://openai.com/research/language-unsupervised", ELECTRA_T1, BERT_T1,
        notes="ELECTRA Table 1: 3.0e10 inference FLOPs, 117 M params; date: OpenAI's release")
    for name, params, gflops, glue, h, layers, e in [
            ("BERT-Small", 14, 3.7, None, 256, 12, 128),
            ("BERT-Base", 110, 29, 79.6, 768, 12, None)]:
        ours = electra_convention_gflops(h, layers, 128, e=e)
        check_close(name + " (ELECTRA convention)", ours, gflops, 0.05)
        add(name, "2018-10-11", params, gflops, 128, "paper", glue, arxiv("1810.04805"), ELECTRA_T1,
            BERT_T1 if glue else "",
            notes=(f"ELECTRA convention (dense one-hot embedding lookup, element-wise ops, 2 FLOPs "
                   f"per MAC): recomputed {ours:.2f} GFLOPs for h={h}, L={layers}, n=128"
                   + ("; BERT-Small is ELECTRA's small BERT baseline, dated with BERT as the study does"
                      if name == "BERT-Small" else "")))
    bert_large = bert_like(24, 1024, 4096)
    check_close("BERT-Large (study vs derived)", bert_large, 79, 0.02)
    bert_large_electra = electra_convention_gflops(1024, 24, 128)
    add("BERT-Large", "2018-10-11", 335, 79, 128, "study", 82.1, arxiv("1810.04805"), STUDY, BERT_T1,
        notes=f"study value (source not given); our formula gives {bert_large:.1f} and ELECTRA's "
              f"convention {bert_large_electra:.1f} (24 layers, d=1024, n=128)")
    gpt2 = derived_gflops(48 * encoder_block_params(1600, 6400), 48, 1600, 1024)
    check_close("GPT-2 (study vs derived)", gpt2, 3400, 0.05)
    add("GPT-2", "2019-02-14", 1542, 3400, 1024, "study", None,
        "https://openai.com/research/better-language-models", STUDY,
        notes=f"study value; our formula gives {gpt2:.0f} (48 layers, d=1600, n=1024); date: OpenAI's release")
    megatron = derived_gflops(72 * encoder_block_params(3072, 4 * 3072), 72, 3072, 1024)
    check_close("Megatron (study vs derived)", megatron, 18000, 0.05)
    add("Megatron-LM 8.3B", "2019-09-17", 8300, 18000, 1024, "study", None, arxiv("1909.08053"), STUDY,
        notes=f"study value; our formula gives {megatron:.0f} (72 layers, d=3072, n=1024)")
    albert_xx = derived_gflops(12 * encoder_block_params(4096, 16384), 12, 4096, 512)
    check_close("ALBERT-xxlarge (study vs derived)", albert_xx, 2500, 0.05)
    add("ALBERT-xxlarge", "2019-09-26", 235, 2500, 512, "study", 89.4, arxiv("1909.11942"), STUDY,
        arxiv("1909.11942") + " (GLUE test leaderboard table: ALBERT ensemble 89.4)",
        notes=f"study value; our formula gives {albert_xx:.0f} (one shared block run 12 times, d=4096, n=512); "
              "GLUE score of an ensemble")
    albert_base = bert_like(12, 768, 3072)
    add("ALBERT-base", "2019-09-26", 12, round(albert_base, 1), 128, "derived", None, arxiv("1909.11942"),
        arxiv("1909.11942") + " (Table 1: 12 layers, hidden 768, embedding 128, 12 M params)",
        notes=derived_note(12 * encoder_block_params(768, 3072), 12, 768, 128,
                           "one shared block run 12 times; the 128-wide factorised embedding is a lookup"))
    for name, params, gflops, glue in [("ELECTRA-Small", 14, 3.7, 77.4),
                                       ("ELECTRA-Base", 110, 29, 82.7)]:
        add(name, "2020-03-23", params, gflops, 128, "paper", glue, arxiv("2003.10555"), ELECTRA_T1,
            ELECTRA_README,
            notes="same network and inference FLOPs as the BERT of the same size (ELECTRA Table 1); "
                  "GLUE: the released model (Small++ / Base++)")
    add("ELECTRA-Large", "2020-03-23", 335, round(bert_large, 1), 128, "derived", 85.2,
        arxiv("2003.10555"), arxiv("2003.10555") + " (BERT-Large architecture: 24 layers, hidden 1024)",
        ELECTRA_README,
        notes=derived_note(24 * encoder_block_params(1024, 4096), 24, 1024, 128,
                           "the same as the study's BERT-Large value; GLUE: the released ELECTRA-1.75M"))
    add("MobileBERT", "2020-04-06", 25.3, 5.7, 128, "paper", 77.7, arxiv("2004.02984"),
        arxiv("2004.02984") + " (Table 3: 25.3 M params, 5.7 G FLOPs at 128 tokens)",
        arxiv("2004.02984") + " (abstract and Table 4: GLUE test 77.7)",
        notes="MobileBERT's FLOPs leave embeddings out (BERT-Base: 22.5 G in the same table, 29 G by ELECTRA's convention)")
    add("MobileBERT-tiny", "2020-04-06", 15.1, 3.1, 128, "paper", 75.8, arxiv("2004.02984"),
        arxiv("2004.02984") + " (Table 3: 15.1 M params, 3.1 G FLOPs)",
        arxiv("2004.02984") + " (Table 4: GLUE test 75.8)")
    theseus = bert_like(6, 768, 3072)
    add("BERT-of-Theseus 6/768", "2020-02-07", 66, round(theseus, 1), 128, "derived", None,
        arxiv("2002.02925"), arxiv("2002.02925") + " (6-layer, hidden 768 successor of BERT-Base, 66 M params)",
        notes=derived_note(6 * encoder_block_params(768, 3072), 6, 768, 128))
    add("SqueezeBERT", "2020-06-19", 51.1, 7.42, 128, "paper", None, arxiv("2006.11316"),
        arxiv("2006.11316") + " (Table 2: 51.1 M params, 7.42 GFLOPs at 128 tokens)",
        notes="SqueezeBERT replaces position-wise FC layers with grouped convolutions")
    gpt3 = derived_gflops(96 * encoder_block_params(12288, 4 * 12288), 96, 12288, 2048)
    add("GPT-3 175B", "2020-05-28", 175000, round(gpt3), 2048, "derived", None, arxiv("2005.14165"),
        arxiv("2005.14165") + " (Table 2.1: 96 layers, d_model 12288, n_ctx 2048)",
        notes=derived_note(96 * encoder_block_params(12288, 4 * 12288), 96, 12288, 2048))

    # --- later GLUE models (BERT-style encoders, cost derived from their configuration) ----
    def encoder(name, date, arxiv_id, params, layers, d, d_ff, config_src, glue=None, glue_src="",
                notes=""):
        n = layers * encoder_block_params(d, d_ff)
        g = derived_gflops(n, layers, d, 128)
        add(name, date, params, round(g, 1), 128, "derived", glue, arxiv(arxiv_id),
            arxiv(arxiv_id) + f" ({config_src})", glue_src, derived_note(n, layers, d, 128, notes))

    encoder("XLNet-Large", "2019-06-19", "1906.08237", 340, 24, 1024, 4096,
            "same size as BERT-Large: 24 layers, hidden 1024",
            notes="relative-attention terms not counted; params: "
                  "https://huggingface.co/transformers/v3.0.2/pretrained_models.html (xlnet-large-cased, 340M)")
    encoder("RoBERTa-Base", "2019-07-26", "1907.11692", 125, 12, 768, 3072, "BERT-Base architecture")
    encoder("RoBERTa-Large", "2019-07-26", "1907.11692", 355, 24, 1024, 4096, "BERT-Large architecture",
            88.5, arxiv("1907.11692") + " (Table 5: GLUE test leaderboard, ensemble)",
            "GLUE score of an ensemble")
    encoder("ERNIE 2.0 Base", "2019-07-29", "1907.12412", 110, 12, 768, 3072, "BERT-Base architecture")
    encoder("StructBERT-Large", "2019-08-13", "1908.04577", 340, 24, 1024, 4096, "BERT-Large architecture")
    encoder("TinyBERT-4", "2019-09-23", "1909.10351", 14.5, 4, 312, 1200,
            "4 layers, hidden 312, FFN 1200, 14.5 M params", 77.0,
            arxiv("1909.10351") + " (Table 1: GLUE test, TinyBERT4 'Avg' 77.0, no WNLI column)")
    encoder("TinyBERT-6", "2019-09-23", "1909.10351", 67, 6, 768, 3072, "6 layers, hidden 768")
    encoder("DistilBERT", "2019-10-02", "1910.01108", 66, 6, 768, 3072, "6 layers, hidden 768, 66 M params")
    encoder("ALBERT-large", "2019-09-26", "1909.11942", 18, 24, 1024, 4096,
            "Table 1: 24 layers, hidden 1024, 18 M params", notes="one shared block run 24 times")
    # Funnel-Transformer B6-6-6: three 6-block stages; mean-pooling halves the sequence before
    # stages 2 and 3 (128 -> 64 -> 32 tokens), so each stage is costed at its own length.
    block = encoder_block_params(768, 3072)
    funnel = sum(derived_gflops(6 * block, 6, 768, n) for n in (128, 64, 32))
    funnel_params = (18 * block + 30522 * 768) / 1e6
    add("Funnel-Transformer B6-6-6", "2020-06-05", round(funnel_params), round(funnel, 1), 128,
        "derived", None, arxiv("2006.03236"),
        arxiv("2006.03236") + " (B6-6-6: three stages of 6 blocks, hidden 768, FFN 3072); "
        "https://huggingface.co/funnel-transformer/intermediate-base (config: block_sizes 6,6,6)",
        notes=f"derived per stage at 128, 64 and 32 tokens: 2 x {6 * block / 1e6:.1f} M block params x n "
              f"+ 4 x 6 x n^2 x 768; params: our count, 18 blocks + 30522 x 768 embeddings "
              "(encoder without the 2-layer decoder used only for token-level tasks)")
    encoder("DeBERTa-Large", "2020-06-05", "2006.03654", 404, 24, 1024, 4096, "24 layers, hidden 1024",
            notes="disentangled relative-position attention terms not counted; params: our count, "
                  "24 x (12.6 M block + 2.1 M position projections) + 50265 x 1024 embeddings")
    encoder("ConvBERT-Base", "2020-08-06", "2008.02496", 106, 12, 768, 3072, "12 layers, hidden 768",
            notes="upper bound: half of ConvBERT's attention heads are cheaper span-based convolutions")
    encoder("DeBERTaV3-Base", "2021-11-18", "2111.09543", 184, 12, 768, 3072,
            "12 layers, hidden 768; 86 M backbone + 98 M embedding params",
            notes="disentangled relative-position attention terms not counted")
    encoder("DeBERTaV3-Large", "2021-11-18", "2111.09543", 435, 24, 1024, 4096,
            "24 layers, hidden 1024; 304 M backbone + 131 M embedding params",
            notes="disentangled relative-position attention terms not counted")

    # T5-11B: encoder over the input; the decoder's few label tokens are ignored (< 2 %).
    t5_enc = 24 * (4 * 1024 * 16384 + 2 * 1024 * 65536)
    t5 = derived_gflops(t5_enc, 24, 16384, 128)
    add("T5-11B", "2019-10-23", 11000, round(t5), 128, "derived", 90.3, arxiv("1910.10683"),
        arxiv("1910.10683") + " (Table 14 / Appendix: 24+24 layers, d_model 1024, 128 heads x 128, d_ff 65536)",
        arxiv("1910.10683") + " (Table 14: GLUE test average 90.3)",
        derived_note(t5_enc, 24, 16384, 128, "encoder only; the decoder emits a few label tokens (< 2 % more)"))

    # --- large language models, 2022-2025 (no GLUE score; cost of one 2,048-token forward pass)
    def llm(name, date, source, params_m, layers, d, d_ff, heads, kv_heads, head_dim, config_src,
            notes=""):
        attn = 2 * d * heads * head_dim + 2 * d * kv_heads * head_dim
        ffn = 3 * d * d_ff
        n = layers * (attn + ffn)
        g = derived_gflops(n, layers, heads * head_dim, 2048)
        add(name, date, params_m, round(g), 2048, "derived", None, source, source + f" ({config_src})",
            "", derived_note(n, layers, heads * head_dim, 2048, notes))

    def gpt_like(name, date, source, params_m, layers, d, config_src):
        n = layers * encoder_block_params(d, 4 * d)
        add(name, date, params_m, round(derived_gflops(n, layers, d, 2048)), 2048, "derived", None,
            source, source + f" ({config_src})", "", derived_note(n, layers, d, 2048))

    gpt_like("Chinchilla 70B", "2022-03-29", arxiv("2203.15556"), 70000, 80, 8192,
             "Table 4: 80 layers, d_model 8192")
    llm("PaLM 540B", "2022-04-05", arxiv("2204.02311"), 540350, 118, 18432, 73728, 48, 1, 256,
        "Table 1: 118 layers, d_model 18432, 48 heads x 256, multi-query, SwiGLU d_ff 73728")
    gpt_like("OPT-175B", "2022-05-02", arxiv("2205.01068"), 175000, 96, 12288,
             "Table 1: 96 layers, 96 heads, d_model 12288")
    llm("LLaMA-65B", "2023-02-27", arxiv("2302.13971"), 65200, 80, 8192, 22016, 64, 64, 128,
        "Table 2: 80 layers, dimension 8192, 64 heads; SwiGLU d_ff 22016")
    llm("Llama 2 70B", "2023-07-18", arxiv("2307.09288"), 70000, 80, 8192, 28672, 64, 8, 128,
        "80 layers, d_model 8192, 64 heads with 8 KV heads (GQA), SwiGLU d_ff 28672")
    llm("Mistral 7B", "2023-10-10", arxiv("2310.06825"), 7240, 32, 4096, 14336, 32, 8, 128,
        "Table 1: 32 layers, dim 4096, 32 heads, 8 KV heads, hidden_dim 14336")
    llm("Llama 3.1 405B", "2024-07-31", arxiv("2407.21783"), 405000, 126, 16384, 53248, 128, 8, 128,
        "Table 3: 126 layers, model dimension 16384, FFN 53248, 128 heads, 8 KV heads")
    llm("Gemma 3 27B", "2025-03-25", arxiv("2503.19786"), 27000, 62, 5376, 21504, 32, 16, 128,
        "62 layers, d_model 5376, 32 heads x 128 with 16 KV heads, GeGLU d_ff 21504",
        notes="upper bound: 5 of every 6 layers attend within a 1,024-token window")

    # Mixture-of-experts: only the experts a token is routed to do work, so the formula takes
    # the published active parameter count less the embedding and output matrices.
    def moe(name, date, source, params_m, active_m, vocab, d, layers, d_qk, d_v, config_src):
        n = active_m * 1e6 - 2 * vocab * d
        g = (2 * n * 2048 + 2 * layers * 2048**2 * (d_qk + d_v)) / 1e9
        add(name, date, params_m, round(g), 2048, "derived", None, source, source + f" ({config_src})",
            "", f"derived: 2 x ({active_m / 1e3:g} B active - 2 x {vocab} x {d} embedding/output) x 2048 "
                f"tokens + 2 x {layers} layers x 2048^2 x ({d_qk} + {d_v}) for Q.K^T and A.V; "
                "params_m is the total, experts included")

    moe("DeepSeek-V3", "2024-12-27", arxiv("2412.19437"), 671000, 37000, 129280, 7168, 61,
        128 * 192, 128 * 128,
        "61 layers, hidden 7168, 128 MLA heads (192-dim queries/keys, 128-dim values), 37 B of 671 B parameters active")
    moe("Qwen3-235B-A22B", "2025-05-14", arxiv("2505.09388"), 235000, 22000, 151936, 4096, 94,
        64 * 128, 64 * 128,
        "94 layers, hidden 4096, 64 query heads x 128 (4 KV heads), 8 of 128 experts, 22 B of 235 B parameters active")
    return out


COLUMNS = ["name", "date", "params_m", "gflops", "input_tokens", "gflops_method", "glue_test",
           "glue_convention", "source_date", "source_compute", "source_glue", "notes"]

# How each glue_test figure averages the tasks (data/README.md, glue_convention):
#  leaderboard  the GLUE benchmark score as gluebenchmark.com computes it: all nine tasks,
#               WNLI included (RoBERTa Table 5, ALBERT's and T5's test tables)
#  no-wnli      the mean of the other eight tasks, the convention of BERT's Table 1 (whose
#               'Average' excludes WNLI) and of papers that follow it
#  unstated     the source gives the average without saying which tasks it covers
GLUE_CONVENTION = {
    "ELMo": "no-wnli", "GPT-1": "no-wnli", "BERT-Base": "no-wnli", "BERT-Large": "no-wnli",
    "RoBERTa-Large": "leaderboard", "ALBERT-xxlarge": "leaderboard", "T5-11B": "leaderboard",
    "ELECTRA-Small": "unstated", "ELECTRA-Base": "unstated", "ELECTRA-Large": "unstated",
    "MobileBERT": "no-wnli", "MobileBERT-tiny": "no-wnli", "TinyBERT-4": "no-wnli",
}


def with_conventions(data):
    scored = {r["name"] for r in data if r["glue_test"] is not None}
    if scored != set(GLUE_CONVENTION):
        raise SystemExit("GLUE_CONVENTION must name exactly the scored rows; differs by %s"
                         % sorted(scored ^ set(GLUE_CONVENTION)))
    for r in data:
        r["glue_convention"] = GLUE_CONVENTION.get(r["name"])
    return data


def fmt(x):
    if x is None:
        return ""
    if isinstance(x, float):
        return f"{x:.4g}" if x < 1000 else f"{x:.0f}"
    return str(x)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=pathlib.Path, default=ROOT / "data" / "models-glue.csv")
    args = p.parse_args()
    data = with_conventions(sorted(rows(), key=lambda r: (r["date"], r["name"])))
    with open(args.out, "w", newline="") as f:
        f.write("# Language models: inference GFLOPs at a stated input length and GLUE test score.\n")
        f.write("# Columns, units and the derivation formula: data/README.md (models-glue.csv).\n")
        f.write("# Generated by scripts/datasets/build_glue.py.\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        for r in data:
            w.writerow([fmt(r[c]) for c in COLUMNS])
    print(f"wrote {len(data)} rows to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
