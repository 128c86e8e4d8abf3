"""infergy.hw / estimate / llm / trends against the CLI's JSON for the same options."""

import pytest

import infergy
from conftest import cli_error, cli_json, model

RESNET18 = model("resnet18.onnx")


@pytest.fixture(scope="module")
def device():
    return cli_json("hw", "list")[0]["id"]


def test_catalogue_equals_hw_list():
    assert infergy.hw.catalogue() == cli_json("hw", "list")
    assert infergy.hw.catalogue(kind="server-gpu", sort="efficiency") == cli_json(
        "hw", "list", "--kind", "server-gpu", "--sort", "efficiency"
    )


def test_get_equals_hw_show(device):
    assert infergy.hw.get(device) == cli_json("hw", "show", device)


def test_get_unknown_raises_the_cli_error():
    with pytest.raises(infergy.InputError) as e:
        infergy.hw.get("no-such-device")
    status, message = cli_error("hw", "show", "no-such-device")
    assert str(e.value) == message
    assert e.value.exit_code == status


def test_estimate_equals_cli(device):
    assert infergy.estimate(RESNET18, hw=device, batch=4) == cli_json(
        "estimate", RESNET18, "--hw", device, "--batch", "4"
    )
    assert infergy.estimate(
        gflops=3.6, params_m=11.7, hw=device, method="both", eta_compute=(0.2, 0.4, 0.6)
    ) == cli_json(
        "estimate", "--gflops", "3.6", "--params-m", "11.7", "--hw", device,
        "--method", "both", "--eta-compute", "0.2,0.4,0.6",
    )
    assert infergy.estimate(RESNET18, hw="all", precision="fp16") == cli_json(
        "estimate", RESNET18, "--hw", "all", "--precision", "fp16"
    )


def test_estimate_usage_errors():
    with pytest.raises(infergy.UsageError):
        infergy.estimate(RESNET18, hw="all", no_such_option=1)
    with pytest.raises(infergy.UsageError) as e:
        infergy.estimate(RESNET18)
    status, message = cli_error("estimate", RESNET18)
    assert str(e.value) == message
    assert e.value.exit_code == status


@pytest.fixture(scope="module")
def preset():
    return cli_json("llm", "--list")[0]["id"]


def test_llm_equals_cli(preset):
    assert infergy.llm(list=True) == cli_json("llm", "--list")
    assert infergy.llm(preset) == cli_json("llm", preset)
    gpu = "h100-sxm5-80gb"  # holds every shipped preset's smallest models
    assert infergy.llm(preset, hw=gpu, batch=8, prompt=256, output=64, per_day=1e5) == cli_json(
        "llm", preset, "--hw", gpu, "--batch", "8", "--prompt", "256", "--output", "64",
        "--per-day", "100000.0",
    )


def test_trends_equals_cli():
    assert infergy.trends() == cli_json("trends")
    assert infergy.trends(domain="hardware") == cli_json("trends", "--domain", "hardware")
