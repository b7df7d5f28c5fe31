# The ERP port's rule, checked by ctest (erp_tables_named_only_in_profiles):
# no C++ under plugin/ or sdk-bindings/ names a table of the reference ERP,
# comments included. The tables are read from the reference profile's schema
# scripts, so a table added there is covered too. ERP data is reached through
# plugin/erp and the profile's named statements (docs/PROFILES.md).
#   cmake -DARX_ROOT=<source dir> -P tests/erp_tables_in_cpp.cmake
if(NOT ARX_ROOT)
  message(FATAL_ERROR "set ARX_ROOT to the source directory")
endif()

file(GLOB schemas ${ARX_ROOT}/sql/profiles/reference/schema.sql ${ARX_ROOT}/sql/profiles/reference/*/schema.sql)
set(tables "")
foreach(schema IN LISTS schemas)
  file(STRINGS ${schema} creates REGEX "CREATE TABLE IF NOT EXISTS [a-z_]+")
  foreach(line IN LISTS creates)
    string(REGEX REPLACE ".*CREATE TABLE IF NOT EXISTS ([a-z_]+).*" "\\1" table "${line}")
    list(APPEND tables ${table})
  endforeach()
endforeach()
list(REMOVE_DUPLICATES tables)
list(LENGTH tables n)
if(n LESS 8)
  message(FATAL_ERROR "read only ${n} ERP tables from ${schemas}: ${tables}")
endif()

string(REPLACE ";" "|" alternatives "${tables}")
# grep -w matches whole names only: erp_invoice, not erp_invoice_id.
execute_process(
  COMMAND grep -rnwE --include=*.cpp --include=*.hpp --include=*.h --include=*.c --include=*.cc "(${alternatives})"
          plugin sdk-bindings
  WORKING_DIRECTORY ${ARX_ROOT}
  RESULT_VARIABLE status
  OUTPUT_VARIABLE found)
if(status EQUAL 0)
  message(FATAL_ERROR "C++ names ERP tables (go through plugin/erp and the profile's statements):\n${found}")
elseif(NOT status EQUAL 1)
  message(FATAL_ERROR "grep failed (${status})")
endif()
message(STATUS "${n} ERP tables; no C++ under plugin/ or sdk-bindings/ names one")
