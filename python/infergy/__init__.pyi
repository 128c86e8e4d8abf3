# Type stubs of the infergy package (python/infergy/__init__.py has the docstrings).
import os
from typing import Any, Iterable, Mapping, Optional, Union

__version__: str

PathOrBytes = Union[str, os.PathLike[str], bytes, bytearray, memoryview]
Shape = Union[str, Iterable[int]]

class Error(Exception):
    """Base of every infergy error; str() is the CLI's one-line message."""

    exit_code: int

class UsageError(Error): ...
class InputError(Error): ...
class NoInputError(Error): ...
class OutputError(Error): ...
class SensorError(Error): ...
class IncompleteError(Error): ...
class InternalError(Error): ...

class Analysis:
    """``infergy analyze --per-node --format json``, parsed; every JSON key is an attribute."""

    json: dict[str, Any]
    model: str
    producer: str
    ir_version: int
    opsets: dict[str, int]
    file_bytes: int
    precision: str
    inputs: list[dict[str, Any]]
    batch: int
    batch_from: str
    totals: dict[str, Union[int, float]]
    per_inference: dict[str, float]
    nodes_counted: int
    nodes_not_run: int
    params_all_branches: int
    by_op: list[dict[str, Any]]
    warnings: list[str]
    convention: str
    def __init__(self, data: Mapping[str, Any]) -> None: ...
    def __getattr__(self, name: str) -> Any: ...
    def __getitem__(self, key: str) -> Any: ...
    @property
    def nodes(self) -> list[dict[str, Any]]: ...
    @property
    def node_count(self) -> int: ...
    @property
    def uncounted(self) -> list[dict[str, Any]]: ...
    @property
    def complete(self) -> bool: ...
    def to_dict(self) -> dict[str, Any]: ...
    def to_pandas(self, table: str = "nodes") -> Any: ...
    def to_dataframe(self, table: str = "nodes") -> Any: ...

def analyze(
    model: PathOrBytes,
    *,
    dims: Optional[Mapping[str, int]] = None,
    batch: Optional[int] = None,
    inputs: Optional[Mapping[str, Shape]] = None,
    precision: Optional[str] = None,
) -> Analysis: ...
def analyze_torch(
    module: Any,
    example_inputs: Any,
    *,
    dims: Optional[Mapping[str, int]] = None,
    batch: Optional[int] = None,
    inputs: Optional[Mapping[str, Shape]] = None,
    precision: Optional[str] = None,
    **export_kwargs: Any,
) -> Analysis: ...
def command(args: Iterable[str], out_flag: str = "--output") -> Any: ...
def estimate(
    model: Optional[Union[str, os.PathLike[str]]] = None,
    *,
    hw: Optional[str] = None,
    dims: Optional[Mapping[str, int]] = None,
    batch: Optional[int] = None,
    inputs: Optional[Mapping[str, Shape]] = None,
    **options: Any,
) -> Any: ...
def llm(model: Optional[str] = None, *, hw: Optional[str] = None, **options: Any) -> Any: ...
def trends(domain: str = "all", **options: Any) -> Any: ...

class _Hardware:
    def catalogue(self, **options: Any) -> list[dict[str, Any]]: ...
    def get(self, id: str, **options: Any) -> dict[str, Any]: ...

hw: _Hardware
