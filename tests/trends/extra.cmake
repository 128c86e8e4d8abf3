# The CLI tests run the built `infergy`, so it must exist before test_trends runs.
add_dependencies(test_${name} infergy_cli)

# An independent computation of the study on the shipped data (Python: csv, numpy, statsmodels;
# its own decimal years, eras, GPU filter, best-at-date rule and record setters), compared with
# `infergy trends --format json`. Skipped (exit 77) without Debian's python3-statsmodels.
if(EXISTS /usr/bin/python3)
  add_test(NAME ${name}_match_independent_python
           COMMAND /usr/bin/python3 ${dir}/independent_check.py --cli $<TARGET_FILE:infergy_cli>
                   --data ${CMAKE_SOURCE_DIR}/data)
  set_tests_properties(${name}_match_independent_python PROPERTIES SKIP_RETURN_CODE 77
                                                                   LABELS "${name};python")
endif()
