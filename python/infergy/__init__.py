"""infergy from Python: what one inference of a deep-learning model costs.

The functions here are the ``infergy`` command's subcommands, run in-process by the same C++
library and code (the native module ``infergy._infergy``), and return what the command prints
with ``--format json``, parsed into plain Python types::

    >>> import infergy
    >>> a = infergy.analyze("resnet18.onnx", batch=8)
    >>> a.totals["flops"], a.complete
    >>> infergy.estimate("resnet18.onnx", hw="h100-sxm")["energy_j"]

Options mirror the command's flags: a keyword ``per_day=1e6`` is ``--per-day 1e6``, ``True`` is
a bare flag, a list or tuple of numbers is comma-joined (``eta_compute=(0.3, 0.5, 0.8)``) and the
flags that repeat (``--dim``, ``--input``, ``--models``) take a dict or a list. Errors raise
:class:`infergy.Error` subclasses whose message is the command's one-line error.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from typing import Any, Iterable, Mapping, Optional, Union

from . import _infergy
from ._infergy import (
    Error,
    IncompleteError,
    InputError,
    InternalError,
    NoInputError,
    OutputError,
    SensorError,
    UsageError,
)

__version__: str = _infergy.__version__

__all__ = [
    "Analysis",
    "Error",
    "IncompleteError",
    "InputError",
    "InternalError",
    "NoInputError",
    "OutputError",
    "SensorError",
    "UsageError",
    "analyze",
    "analyze_torch",
    "estimate",
    "hw",
    "llm",
    "trends",
    "command",
]


def _packaged_data_dir() -> Optional[str]:
    # `pip install .` ships data/ inside the package; the build tree reads the source tree's.
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
    return here if os.path.isfile(os.path.join(here, "hardware.csv")) else None


if not os.environ.get("INFERGY_DATA_DIR") and _packaged_data_dir():
    os.environ["INFERGY_DATA_DIR"] = _packaged_data_dir()  # type: ignore[assignment]

PathOrBytes = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview]

# Flags that the command takes once per value: a list or dict gives one flag per item.
_REPEATED = {"dim", "input", "models"}


class Analysis:
    """The result of :func:`analyze`: ``infergy analyze --per-node --format json``, parsed.

    Every key of that JSON is an attribute (``a.totals``, ``a.by_op``, ``a.uncounted``,
    ``a.batch``, ``a.inputs``, ``a.precision``, ``a.convention``, ``a.warnings``, ...), except
    that ``nodes`` is the per-node list and ``node_count`` the number of nodes. ``a.json`` is the
    whole dict as the command prints it.
    """

    __slots__ = ("json",)

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.json: dict = dict(data)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.json[name]
        except KeyError:
            raise AttributeError(f"'Analysis' has no attribute {name!r}") from None

    def __getitem__(self, key: str) -> Any:
        return self.json[key]

    def __dir__(self) -> Iterable[str]:
        return sorted(set(super().__dir__()) | set(self.json))

    @property
    def nodes(self) -> list:
        """One dict per node: name, op, graph, status, note, multiplier, in_totals, counts."""
        return self.json["per_node"]

    @property
    def node_count(self) -> int:
        """All nodes, subgraphs included."""
        return self.json["nodes"]

    @property
    def uncounted(self) -> list:
        """The op types not (fully) counted, with their node count, share and reason."""
        return self.json["uncounted"]

    @property
    def complete(self) -> bool:
        """True when every node's cost is in the totals (nothing uncounted)."""
        if "complete" in self.json:
            return bool(self.json["complete"])
        return not self.json["uncounted"]

    def to_dict(self) -> dict:
        """The JSON of ``infergy analyze --per-node --format json`` as a dict."""
        return dict(self.json)

    def to_pandas(self, table: str = "nodes"):
        """A pandas DataFrame of ``nodes`` (default), ``by_op``, ``uncounted`` or ``inputs``."""
        try:
            import pandas
        except ImportError as e:  # pandas is optional
            raise ImportError("Analysis.to_pandas needs pandas (apt install python3-pandas)") from e
        rows = self.nodes if table == "nodes" else self.json.get(table)
        if not isinstance(rows, list):
            raise ValueError(f"table {table!r}: use nodes, by_op, uncounted or inputs")
        return pandas.DataFrame(rows)

    to_dataframe = to_pandas

    def __repr__(self) -> str:
        t = self.json["totals"]
        return (
            f"<infergy.Analysis {self.json['model']}: batch {self.json['batch']}, "
            f"{t['macs']} MACs, {t['flops']} FLOPs, {t['params']} params, "
            f"{'complete' if self.complete else 'incomplete'}>"
        )


def _name_values(flag: str, values: Union[None, Mapping[str, Any], Iterable[str]]) -> list:
    if values is None:
        return []
    if isinstance(values, Mapping):
        return [f"{k}={_value(v)}" for k, v in values.items()]
    if isinstance(values, str):
        return [values]
    return [str(v) for v in values]


def _value(v: Any) -> str:
    if isinstance(v, (list, tuple)):
        return "x".join(str(int(d)) for d in v)  # a shape: 8x3x224x224
    return str(v)


def analyze(
    model: PathOrBytes,
    *,
    dims: Optional[Mapping[str, int]] = None,
    batch: Optional[int] = None,
    inputs: Optional[Mapping[str, Union[str, Iterable[int]]]] = None,
    precision: Optional[str] = None,
) -> Analysis:
    """Counts MACs, FLOPs, parameters and bytes of one pass of an ONNX model.

    ``model`` is a file path or the bytes of a serialised ``onnx.ModelProto``
    (``model.SerializeToString()``). ``dims`` binds symbolic dims (``{"sequence": 128}``, the
    CLI's ``--dim``), ``batch`` is ``--batch``, ``inputs`` gives whole input shapes
    (``{"images": (8, 3, 224, 224)}`` or ``"8x3x224x224"``, ``--input``) and ``precision`` the
    element size of floating-point tensors (``"fp16"``; ``None`` or ``"stored"``: as stored).
    The GIL is released while the C++ library runs, so threads analyze in parallel.
    """
    if isinstance(model, (bytearray, memoryview)):
        model = bytes(model)
    if not isinstance(model, bytes):
        model = os.fspath(model)
        if isinstance(model, bytes):  # a bytes path from os.fsencode
            model = os.fsdecode(model)
    text = _infergy.analyze_json(
        model,
        _name_values("--dim", dims),
        _name_values("--input", inputs),
        batch,
        "" if precision is None else str(precision),
    )
    return Analysis(json.loads(text))


def analyze_torch(
    module: Any,
    example_inputs: Any,
    *,
    dims: Optional[Mapping[str, int]] = None,
    batch: Optional[int] = None,
    inputs: Optional[Mapping[str, Union[str, Iterable[int]]]] = None,
    precision: Optional[str] = None,
    **export_kwargs: Any,
) -> Analysis:
    """Exports a ``torch.nn.Module`` with ``torch.onnx.export`` to memory and analyzes it.

    ``example_inputs`` and ``export_kwargs`` (``opset_version``, ``input_names``,
    ``dynamic_axes``, ...) go to ``torch.onnx.export``; the other keywords are
    :func:`analyze`'s. Put the module in eval mode first for inference counts (BatchNorm folds
    into the convolution then).
    """
    try:
        import torch
    except ImportError as e:  # torch is optional
        raise ImportError("infergy.analyze_torch needs torch (apt install python3-torch)") from e
    buffer = io.BytesIO()
    torch.onnx.export(module, example_inputs, buffer, **export_kwargs)
    return analyze(buffer.getvalue(), dims=dims, batch=batch, inputs=inputs, precision=precision)


def _flags(options: Mapping[str, Any]) -> list:
    argv: list = []
    for key, value in options.items():
        if value is None or value is False:
            continue
        flag = "--" + key.replace("_", "-")
        if value is True:
            argv.append(flag)
        elif key in _REPEATED:
            for item in _name_values(flag, value):
                argv += [flag, item]
        elif isinstance(value, Mapping):
            argv += [flag, ",".join(f"{k}={v}" for k, v in value.items())]
        elif isinstance(value, (list, tuple)):
            argv += [flag, ",".join(str(v) for v in value)]
        else:
            argv += [flag, os.fspath(value) if isinstance(value, os.PathLike) else str(value)]
    return argv


def command(args: Iterable[str], out_flag: str = "--output") -> Any:
    """Runs ``infergy ARGS... --format json`` in-process and returns its parsed JSON.

    The escape hatch for any subcommand option the wrappers do not name. ``out_flag`` is the
    subcommand's output-file flag (``--out`` for ``llm``, whose ``--output`` is tokens).
    """
    with tempfile.TemporaryDirectory(prefix="infergy-") as tmp:
        out = os.path.join(tmp, "out.json")
        _infergy.run(list(args) + ["--format", "json", out_flag, out])
        with open(out, encoding="utf-8") as f:
            return json.load(f)


def _with_shape(model: Any, dims: Any, batch: Any, inputs: Any, options: dict) -> list:
    argv = [] if model is None else [os.fspath(model)]
    return argv + _flags({"dim": dims, "batch": batch, "input": inputs, **options})


def estimate(
    model: Optional[Union[str, "os.PathLike[str]"]] = None,
    *,
    hw: Optional[str] = None,
    dims: Optional[Mapping[str, int]] = None,
    batch: Optional[int] = None,
    inputs: Optional[Mapping[str, Union[str, Iterable[int]]]] = None,
    **options: Any,
) -> Any:
    """``infergy estimate``: energy, latency bound, carbon and cost of one inference.

    ``model`` is an ONNX file (or give ``gflops=``/``gmacs=``, or ``table=``); ``hw`` a hardware
    id, or ``"all"`` for a ranking. Other keywords are the command's flags: ``precision``,
    ``method``, ``unit``, ``params_m``, ``per_day``, ``grid``, ``price``, ``pue``,
    ``eta_compute=(low, typical, high)``, ``per_node=True``, ... Returns its JSON.
    """
    return command(["estimate"] + _with_shape(model, dims, batch, inputs, {"hw": hw, **options}))


def llm(model: Optional[str] = None, *, hw: Optional[str] = None, **options: Any) -> Any:
    """``infergy llm``: language-model serving cost per token, request and day.

    ``model`` is a preset id or alias, or a Hugging Face config.json; ``hw`` a hardware id or
    ``"all"``. Other keywords are the command's flags: ``gpus``, ``tp``, ``ep``, ``batch``,
    ``prompt``, ``output`` (tokens), ``weights``, ``kv``, ``per_day``, ``sweep``, ``table``,
    ``list=True``, ... A sweep's figure is not drawn unless ``figure=`` names a stem. Returns
    its JSON.
    """
    argv = ["llm"] + ([] if model is None else [os.fspath(model)])
    if options.get("sweep") and "figure" not in options:
        options = {**options, "figure": "none"}
    return command(argv + _flags({"hw": hw, **options}), out_flag="--out")


def trends(domain: str = "all", **options: Any) -> Any:
    """``infergy trends``: the study's fitted trends with doubling times and intervals.

    Keywords are the command's flags: ``models=[csv, ...]``, ``replace_models``, ``strict``,
    ``hardware_file``, ``hw_rule``, ``eras``, ``gpu_kinds``, ... Returns its JSON.
    """
    return command(["trends"] + _flags({"domain": domain, **options}))


class _Hardware:
    """``infergy hw``: the hardware catalogue."""

    def catalogue(self, **options: Any) -> list:
        """``infergy hw list``: one dict per device (keywords: ``kind``, ``since``, ``unit``,
        ``sort``, ``hardware_file``)."""
        return command(["hw", "list"] + _flags(options))

    def get(self, id: str, **options: Any) -> dict:
        """``infergy hw show ID``: every field of one device (id, name or alias)."""
        return command(["hw", "show", str(id)] + _flags(options))


hw = _Hardware()
