# Re-runs the independent reference generator (statsmodels, scipy) and compares its output with
# the committed reference.json, so the expected values the C++ tests read cannot drift from the
# script that documents how they were made. Skipped (exit 77) where Debian's python3-statsmodels
# or python3-scipy is not installed.
if(EXISTS /usr/bin/python3)
  add_test(NAME ${name}_reference_regenerates
           COMMAND /usr/bin/python3 ${dir}/reference.py --check ${dir}/reference.json)
  set_tests_properties(${name}_reference_regenerates PROPERTIES SKIP_RETURN_CODE 77
                                                                LABELS "${name};python")
endif()
