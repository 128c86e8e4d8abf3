#!/usr/bin/python3
"""Hand count of LSNet's multiply-accumulates, to tell whether the 'FLOPs' its README prints
(T/S/B: 0.3/0.5/1.3 G) are multiply-adds or twice that. Derived from the layer sizes that
THU-MIG/lsnet's model/lsnet.py gives each variant (embedding widths, depths, heads, 224 px);
no code of that repository is used. torchvision has no LSNet, so count_macs.py cannot count it.

Counted: every convolution and linear layer (branch-fused depthwise 3x3, as at inference; the
squeeze-excite 1x1 convolutions on the pooled vector) and attention's Q.K^T and A.V products,
one MAC per multiply-add. Not counted: norms, activations, softmax, pooling. Parameters: conv
and linear weights only, so they fall slightly short of the README's (no norms or biases).
Run: /usr/bin/python3 scripts/datasets/lsnet_hand_count.py
"""

# embed widths, blocks per stage, attention heads: model/lsnet.py, lsnet_t/lsnet_s/lsnet_b.
VARIANTS = {
    "LSNet-T": ([64, 128, 256, 384], [0, 2, 8, 10], [3, 3, 3, 4]),
    "LSNet-S": ([96, 192, 320, 448], [1, 2, 8, 10], [3, 3, 3, 4]),
    "LSNet-B": ([128, 256, 384, 512], [4, 6, 8, 10], [3, 3, 3, 4]),
}
KEY_DIM = 16  # per attention head
FFN_RATIO = 2
LS_GROUPS, LS_SMALL_KERNEL, LS_LARGE_KERNEL = 8, 3, 7
SE_RATIO, SE_DIVISOR = 0.25, 8  # timm SqueezeExcite(c, 0.25) rounds its width to a multiple of 8


def conv(side, c_in, c_out, kernel, groups=1):
    """(MACs, weights) of a square convolution producing a side x side map."""
    weights = c_out * (c_in // groups) * kernel * kernel
    return side * side * weights, weights


def add(total, part):
    return total[0] + part[0], total[1] + part[1]


def squeeze_excite(c):
    reduced = max(SE_DIVISOR, int(c * SE_RATIO + SE_DIVISOR / 2) // SE_DIVISOR * SE_DIVISOR)
    return conv(1, c, reduced, 1)[0] * 2, 2 * c * reduced


def ls_conv(side, c):
    """Large-kernel perception (1x1, 7x7 depthwise, 1x1, 1x1 to kernel weights) + 3x3 aggregation."""
    half = c // 2
    t = conv(side, c, half, 1)
    t = add(t, conv(side, half, half, LS_LARGE_KERNEL, half))
    t = add(t, conv(side, half, half, 1))
    t = add(t, conv(side, half, LS_SMALL_KERNEL ** 2 * c // LS_GROUPS, 1))
    return add(t, (side * side * c * LS_SMALL_KERNEL ** 2, 0))


def attention(side, c, heads):
    tokens = side * side
    qk = KEY_DIM * heads
    v_per_head = int(c / (KEY_DIM * heads) * KEY_DIM)
    v = v_per_head * heads
    t = conv(side, c, v + 2 * qk, 1)
    t = add(t, conv(side, qk, qk, 3, qk))  # depthwise 3x3 on the queries
    t = add(t, (heads * tokens * tokens * (KEY_DIM + v_per_head), 0))
    return add(t, conv(side, v, c, 1))


def lsnet(widths, depths, heads, image=224, classes=1000):
    """(GMACs, M weights) of one LSNet variant at `image` px."""
    t = (0, 0)
    side = image
    for c_in, c_out in [(3, widths[0] // 4), (widths[0] // 4, widths[0] // 2),
                        (widths[0] // 2, widths[0])]:
        side //= 2
        t = add(t, conv(side, c_in, c_out, 3))
    for stage, (c, depth, h) in enumerate(zip(widths, depths, heads)):
        if stage > 0:
            prev = widths[stage - 1]
            side = (side - 1) // 2 + 1
            t = add(t, conv(side, prev, prev, 3, prev))
            t = add(t, conv(side, prev, c, 1))
        for block in range(depth):
            if block % 2 == 0:
                t = add(t, conv(side, c, c, 3, c))
                t = add(t, squeeze_excite(c))
            elif stage == 3:
                t = add(t, attention(side, c, h))
            else:
                t = add(t, ls_conv(side, c))
            t = add(t, conv(side, c, FFN_RATIO * c, 1))
            t = add(t, conv(side, FFN_RATIO * c, c, 1))
    t = add(t, (widths[-1] * classes, widths[-1] * classes))
    return t[0] / 1e9, t[1] / 1e6


def counts():
    return {name: lsnet(*spec) for name, spec in VARIANTS.items()}


if __name__ == "__main__":
    for name, (gmacs, params) in counts().items():
        print(f"{name}: {gmacs:.3f} GMACs, {params:.2f} M weights")
