# INFERGY_PYTHON: the `infergy` Python module (python/), on by default when Python's development
# files and Debian's pybind11-dev are found, off (silently) otherwise.
#
# Off by default under INFERGY_SANITIZE and INFERGY_FUZZ: an ASan-instrumented extension only
# loads into a python3 started with libasan preloaded, and CPython's own allocations then read as
# leaks; the sanitizer builds check the library through the C++ tests, the module is checked in
# the plain build (docs/design.md, "The Python layer").

# Debian's python3 sees Debian's packages (pybind11, numpy, torch); a python3 earlier on PATH may
# not. pip passes its own interpreter (setup.py).
if(NOT DEFINED Python_EXECUTABLE AND EXISTS /usr/bin/python3)
  set(Python_EXECUTABLE /usr/bin/python3 CACHE FILEPATH "Python interpreter for the module and pytest")
endif()

set(infergy_python_default OFF)
if(NOT INFERGY_SANITIZE AND NOT INFERGY_FUZZ)
  find_package(Python 3.8 QUIET COMPONENTS Interpreter Development.Module)
  if(Python_FOUND)
    set(PYBIND11_FINDPYTHON ON)
    find_package(pybind11 2.6 CONFIG QUIET)
    if(pybind11_FOUND)
      set(infergy_python_default ON)
    endif()
  endif()
endif()
option(INFERGY_PYTHON "Build the infergy Python module (needs Python 3 development files and pybind11)"
       ${infergy_python_default})

if(INFERGY_PYTHON)
  if(NOT pybind11_FOUND)
    find_package(Python 3.8 REQUIRED COMPONENTS Interpreter Development.Module)
    set(PYBIND11_FINDPYTHON ON)
    find_package(pybind11 2.6 CONFIG REQUIRED)
  endif()
endif()
