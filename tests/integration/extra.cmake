# data/hardware.csv against what scripts/hardware/build_hardware_csv.py builds from its inputs.
# Skipped (exit 77) where the Epoch AI snapshot in /work/shared/data/epoch is missing.
if(EXISTS /usr/bin/python3)
  add_test(NAME ${name}_hardware_csv_regenerates
           COMMAND /usr/bin/python3 ${dir}/hardware_csv_regenerates.py)
  set_tests_properties(${name}_hardware_csv_regenerates PROPERTIES SKIP_RETURN_CODE 77
                                                                   LABELS "${name};python")
endif()

# The boost-clock rules of scripts/hardware/families.py and the shipped families/cpu_boost.csv
# against the family tables' base clocks.
if(EXISTS /usr/bin/python3)
  add_test(NAME ${name}_cpu_boost_rules COMMAND /usr/bin/python3 ${dir}/cpu_boost_rules.py)
  set_tests_properties(${name}_cpu_boost_rules PROPERTIES LABELS "${name};python")
endif()

# A CPU family row without its own product source (or with a `checked` value outside the
# vocabulary) stops scripts/hardware/families.py, naming the table and the row.
if(EXISTS /usr/bin/python3)
  add_test(NAME ${name}_cpu_rows_need_sources
           COMMAND /usr/bin/python3 ${dir}/cpu_rows_need_sources.py)
  set_tests_properties(${name}_cpu_rows_need_sources PROPERTIES LABELS "${name};python")
endif()

# The committed detection fixtures (tests/fixtures/models/detection/) against their references.json:
# sizes, shape-only marks, weight dims against torch's parameter count, the MAC sums. Python onnx
# only; skipped (exit 77) without it.
if(EXISTS /usr/bin/python3)
  add_test(NAME ${name}_detection_fixtures_consistent
           COMMAND /usr/bin/python3 ${dir}/detection_fixtures_consistent.py)
  set_tests_properties(${name}_detection_fixtures_consistent PROPERTIES SKIP_RETURN_CODE 77
                                                                        LABELS "${name};python")
endif()
