# Rebuilds data/hardware.csv from scripts/hardware/ and compares it with the committed file, so
# the shipped catalogue cannot drift from the tables that derive its peaks. Skipped (exit 77)
# where the Epoch AI snapshot in /work/shared/data/epoch is missing.
if(EXISTS /usr/bin/python3)
  add_test(NAME ${name}_generated_catalogue_matches
           COMMAND /usr/bin/python3 ${CMAKE_SOURCE_DIR}/scripts/hardware/check_generated.py)
  set_tests_properties(${name}_generated_catalogue_matches PROPERTIES SKIP_RETURN_CODE 77
                                                                      TIMEOUT 120
                                                                      LABELS "${name};python")
endif()
