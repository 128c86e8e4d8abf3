# The CLI tests run the built `infergy`, so it must exist before test_report runs.
add_dependencies(test_${name} infergy_cli)
