# Regenerates data/models-imagenet.csv, data/models-glue.csv and the MAC counts from
# scripts/datasets/ and compares them with the committed files, so the shipped data cannot
# drift from the scripts that document its derivation. Skipped (exit 77) where Debian's
# python3-torchvision or the timm snapshot in /work/shared/data/timm is missing.
if(EXISTS /usr/bin/python3)
  add_test(NAME ${name}_generated_files_match
           COMMAND /usr/bin/python3 ${CMAKE_SOURCE_DIR}/scripts/datasets/check_generated.py)
  set_tests_properties(${name}_generated_files_match PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300
                                                                LABELS "${name};python")
endif()
