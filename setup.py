"""Builds the `infergy` Python package: CMake builds the native module `_infergy` from the same
static libraries and CLI objects as the `infergy` executable, setuptools installs it with
python/infergy/*.py and a copy of data/.

CMake flags can be added through the CMAKE_ARGS environment variable (e.g.
CMAKE_ARGS="-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"). INFERGY_BUILD_DIR=build installs the module
of an existing build tree (the one `make` configured; built with the same python3 version)
instead of configuring a fresh one under build/pip/.
"""

import os
import shlex
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

ROOT = os.path.dirname(os.path.abspath(__file__))


class CMakeExtension(Extension):
    def __init__(self, name):
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        reuse = os.environ.get("INFERGY_BUILD_DIR")
        build_dir = os.path.abspath(reuse) if reuse else os.path.join(ROOT, "build", "pip", "cmake")
        if not reuse:
            self.configure(build_dir)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 1))
        subprocess.run(
            ["cmake", "--build", build_dir, "--target", "_infergy", "-j", jobs], check=True
        )
        built = os.path.join(build_dir, "python", "infergy")
        module = [f for f in os.listdir(built) if f.startswith("_infergy") and f.endswith(".so")]
        if len(module) != 1:
            sys.exit(f"setup.py: expected one _infergy*.so in {built}, found {module}")
        target = self.get_ext_fullpath(ext.name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(os.path.join(built, module[0]), target)

    def configure(self, build_dir):
        configure = [
            "cmake", "-S", ROOT, "-B", build_dir,
            f"-DPython_EXECUTABLE={sys.executable}",
            "-DINFERGY_PYTHON=ON", "-DINFERGY_TESTS=OFF", "-DINFERGY_BENCH=OFF",
        ]
        if shutil.which("ninja"):
            configure += ["-G", "Ninja"]
        configure += shlex.split(os.environ.get("CMAKE_ARGS", ""))
        subprocess.run(configure, check=True)


class BuildPyWithData(build_py):
    """Ships data/ (the hardware catalogue, datasets, presets) as infergy/data."""

    def run(self):
        super().run()
        target = os.path.join(self.build_lib, "infergy", "data")
        if os.path.isdir(target):
            shutil.rmtree(target)
        shutil.copytree(os.path.join(ROOT, "data"), target)


setup(
    packages=["infergy"],
    package_dir={"": "python"},
    package_data={"infergy": ["py.typed", "*.pyi"]},
    ext_modules=[CMakeExtension("infergy._infergy")],
    cmdclass={"build_ext": CMakeBuild, "build_py": BuildPyWithData},
    options={"build": {"build_base": os.path.join("build", "pip")}},
    zip_safe=False,
)
