"""infergy.analyze against `infergy analyze --per-node --format json` for the same inputs."""

import os
import pathlib
import threading

import pytest

import infergy
from conftest import cli_error, cli_json, model

RESNET18 = model("resnet18.onnx")
ENCODER = model("transformer_encoder.onnx")


@pytest.mark.parametrize(
    "path, kwargs, flags",
    [
        (RESNET18, {}, []),
        (RESNET18, {"batch": 8, "precision": "fp16"}, ["--batch", "8", "--precision", "fp16"]),
        (RESNET18, {"inputs": {"images": (2, 3, 160, 160)}}, ["--input", "images=2x3x160x160"]),
        (
            ENCODER,
            {"dims": {"sequence": 64}, "precision": "int8"},
            ["--dim", "sequence=64", "--precision", "int8"],
        ),
        (model("vit_b_16.onnx"), {"batch": 4}, ["--batch", "4"]),
    ],
)
def test_analyze_equals_cli_json(path, kwargs, flags):
    a = infergy.analyze(path, **kwargs)
    expected = cli_json("analyze", path, "--per-node", *flags)
    assert a.json == expected
    assert a.totals == expected["totals"]
    assert a.by_op == expected["by_op"]
    assert a.nodes == expected["per_node"]
    assert a.node_count == expected["nodes"]
    assert a.batch == expected["batch"]
    assert a.inputs == expected["inputs"]
    assert a.convention == expected["convention"]
    assert a.uncounted == expected["uncounted"]


def test_dims_bind_a_symbol_like_the_cli():
    a = infergy.analyze(RESNET18, dims={"batch": 3})
    assert a.json == cli_json("analyze", RESNET18, "--per-node", "--dim", "batch=3")
    assert a.batch == 3


def test_bytes_equal_path():
    from_path = infergy.analyze(RESNET18, batch=2).json
    with open(RESNET18, "rb") as f:
        data = f.read()
    for given in (data, bytearray(data), memoryview(data)):
        from_bytes = infergy.analyze(given, batch=2).json
        assert from_bytes["model"] == "<bytes>"
        assert {**from_bytes, "model": from_path["model"]} == from_path


def test_pathlike_equals_str():
    assert infergy.analyze(pathlib.Path(RESNET18)).json == infergy.analyze(RESNET18).json


def uncounted_model():
    """A Relu and an op of an unknown domain, which has no cost rule."""
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [
            helper.make_node("Relu", ["x"], ["y"]),
            helper.make_node("Mystery", ["y"], ["z"], domain="com.example"),
        ],
        "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 16])],
        [helper.make_tensor_value_info("z", TensorProto.FLOAT, [1, 16])],
    )
    m = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.example", 1)]
    )
    return onnx, m


def test_uncounted_and_complete(tmp_path):
    onnx, m = uncounted_model()
    path = tmp_path / "mystery.onnx"
    onnx.save(m, str(path))
    a = infergy.analyze(m.SerializeToString())
    assert not a.complete
    assert [u["op"] for u in a.uncounted] == ["com.example.Mystery"]
    assert a.uncounted[0]["nodes"] == 1
    expected = cli_json("analyze", path, "--per-node")
    assert {**a.json, "model": str(path)} == expected
    assert infergy.analyze(RESNET18).complete


def test_to_pandas():
    pandas = pytest.importorskip("pandas")
    a = infergy.analyze(RESNET18, batch=2)
    df = a.to_pandas()
    assert isinstance(df, pandas.DataFrame)
    assert len(df) == a.node_count
    assert df[df.in_totals].flops.sum() == a.totals["flops"]
    by_op = a.to_dataframe("by_op")
    assert by_op.macs.sum() == a.totals["macs"]
    with pytest.raises(ValueError):
        a.to_pandas("nonsense")


@pytest.mark.parametrize(
    "kwargs, flags, error",
    [
        ({"batch": 0}, ["--batch", "0"], None),
        ({"dims": {"batch": 0}}, ["--dim", "batch=0"], infergy.UsageError),
        ({"inputs": {"images": "1x3xfoo"}}, ["--input", "images=1x3xfoo"], infergy.UsageError),
        ({"precision": "fp7"}, ["--precision", "fp7"], infergy.UsageError),
        ({"batch": 2, "dims": {"batch": 3}}, ["--batch", "2", "--dim", "batch=3"], infergy.UsageError),
    ],
)
def test_bad_options_raise_the_cli_error(kwargs, flags, error):
    with pytest.raises(infergy.Error) as e:
        infergy.analyze(RESNET18, **kwargs)
    if error is None:
        # --batch 0: CLI11's own check refuses it, with its own wording; the module refuses it
        # through the same library rule. Both are usage errors.
        assert isinstance(e.value, infergy.UsageError)
        return
    status, message = cli_error("analyze", RESNET18, *flags)
    assert isinstance(e.value, error)
    assert str(e.value) == message
    assert e.value.exit_code == status == 64


def test_bad_inputs_raise_the_cli_error(tmp_path):
    missing = str(tmp_path / "missing.onnx")
    garbage = tmp_path / "garbage.onnx"
    garbage.write_bytes(b"\x08\x07\x12\xff\xff\xff not a model")
    empty = tmp_path / "empty.onnx"
    empty.write_bytes(b"")
    for path, error in [
        (missing, infergy.NoInputError),
        (str(garbage), infergy.InputError),
        (str(empty), infergy.InputError),
    ]:
        with pytest.raises(error) as e:
            infergy.analyze(path)
        status, message = cli_error("analyze", path)
        assert str(e.value) == message
        assert e.value.exit_code == status
    # A directory: the CLI's message suggests its --recursive, which Python has not; the kind
    # (and so the exit code) is the same.
    with pytest.raises(infergy.NoInputError) as e:
        infergy.analyze(tmp_path)
    assert e.value.exit_code == cli_error("analyze", tmp_path)[0]
    with pytest.raises(infergy.InputError) as e:
        infergy.analyze(garbage.read_bytes())
    assert str(e.value).startswith("<bytes>: ")


def test_threads_give_the_same_analysis():
    expected = infergy.analyze(ENCODER, dims={"sequence": 32}).json
    results = [None] * 4

    def work(i):
        results[i] = infergy.analyze(ENCODER, dims={"sequence": 32}).json

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 4


def test_analyze_torch_equals_the_fixture():
    torch = pytest.importorskip("torch")
    torchvision = pytest.importorskip("torchvision")
    import json

    torch.manual_seed(0)
    net = torchvision.models.resnet18(weights=None)
    # As the fixture's export does: torch's exporter merges initializers with identical bytes
    # (zero biases, BN weights of ones), so untrained weights are perturbed to keep them apart.
    with torch.no_grad():
        for tensor in list(net.parameters()) + list(net.buffers()):
            if tensor.is_floating_point():
                tensor.add_(1e-3 * torch.randn_like(tensor))
    net.eval()
    # The fixture's export (scripts/fixtures/export_models.py, references.json "export").
    a = infergy.analyze_torch(
        net,
        torch.randn(1, 3, 224, 224),
        opset_version=14,
        input_names=["images"],
        output_names=["logits"],
        dynamic_axes={"images": {0: "batch"}, "logits": {0: "batch"}},
    )
    fixture = infergy.analyze(RESNET18)
    assert a.totals == fixture.totals
    assert a.by_op == fixture.by_op
    assert a.node_count == fixture.node_count
    with open(os.path.join(os.path.dirname(RESNET18), "references.json")) as f:
        refs = json.load(f)["models"]["resnet18"]
    assert a.totals["params"] == refs["params"]["expected_onnx_params"]
