# Builds one layer's two probes (tests/layers/CMakeLists.txt): the one that
# includes a header of its own layer must build; the one that includes a
# header of the layer above must fail because that header is not found.
foreach(var BUILD_DIR LAYER ABOVE)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_probe.cmake needs -D${var}=...")
  endif()
endforeach()

execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target arx_layer_probe_${LAYER}_own
                RESULT_VARIABLE own_rc OUTPUT_VARIABLE own_out ERROR_VARIABLE own_out)
if(NOT own_rc EQUAL 0)
  message(FATAL_ERROR "a ${LAYER}-layer source including its own layer's header did not build:\n${own_out}")
endif()

execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target arx_layer_probe_${LAYER}_above
                RESULT_VARIABLE up_rc OUTPUT_VARIABLE up_out ERROR_VARIABLE up_out)
if(up_rc EQUAL 0)
  message(FATAL_ERROR "a ${LAYER}-layer source including ${ABOVE} (the layer above) built: the layers are not enforced")
endif()
string(FIND "${up_out}" "${ABOVE}: No such file or directory" at)
if(at EQUAL -1)
  message(FATAL_ERROR "the ${LAYER}-layer probe including ${ABOVE} failed, but not because the header is "
                      "out of reach:\n${up_out}")
endif()
message(STATUS "${LAYER}: own headers build; #include \"${ABOVE}\" fails: not found")
