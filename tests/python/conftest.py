"""Shared helpers: the `infergy` binary built next to the module, and the fixture models."""

import json
import os
import subprocess

import pytest

SOURCE_DIR = os.environ.get(
    "INFERGY_SOURCE_DIR", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
)
MODELS = os.path.join(SOURCE_DIR, "tests", "fixtures", "models")


def cli_binary():
    path = os.environ.get("INFERGY_CLI")
    if not path or not os.path.isfile(path):
        pytest.fail("INFERGY_CLI must name the built infergy binary (CTest sets it)")
    return path


def run_cli(*args):
    """(exit status, stdout, stderr) of `infergy ARGS...`."""
    p = subprocess.run([cli_binary(), *map(str, args)], capture_output=True, text=True, timeout=300)
    return p.returncode, p.stdout, p.stderr


def cli_json(*args):
    """The parsed stdout of `infergy ARGS... --format json`, which must succeed."""
    status, out, err = run_cli(*args, "--format", "json")
    assert status == 0, err
    return json.loads(out)


def cli_error(*args):
    """(exit status, message) of a failing `infergy ARGS...`: its one stderr error line."""
    status, _, err = run_cli(*args)
    assert status != 0
    line = err.strip().splitlines()[0]
    prefix = "infergy: error: "
    assert line.startswith(prefix), err
    return status, line[len(prefix):]


def model(name):
    return os.path.join(MODELS, name)
