# Runs one guest under qemu-aarch64 (the oracle) and under `irqsim user`, and
# passes only when stdout and the exit status are identical.
#   cmake -DQEMU=... -DIRQSIM=... -DELF=... [-DARGS=a|b|c] -DWORK=dir -P compare_with_qemu.cmake
# Arguments are separated by '|' (a ';' would be split by add_test).
foreach(v QEMU IRQSIM ELF WORK)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "compare_with_qemu.cmake: -D${v}= is required")
  endif()
endforeach()
string(REPLACE "|" ";" args "${ARGS}")
get_filename_component(name ${ELF} NAME_WE)
file(MAKE_DIRECTORY ${WORK})
set(q_file ${WORK}/${name}.qemu.out)
set(i_file ${WORK}/${name}.irqsim.out)

execute_process(COMMAND ${QEMU} ${ELF} ${args}
  OUTPUT_FILE ${q_file} ERROR_VARIABLE q_err RESULT_VARIABLE q_rc TIMEOUT 300)
execute_process(COMMAND ${IRQSIM} user ${ELF} ${args}
  OUTPUT_FILE ${i_file} ERROR_VARIABLE i_err RESULT_VARIABLE i_rc TIMEOUT 300)

string(JOIN " " argline ${args})
set(repro "reproduce: ${QEMU} ${ELF} ${argline}; ${IRQSIM} user ${ELF} ${argline}")
file(SIZE ${q_file} q_size)
if(q_size EQUAL 0 AND NOT q_rc EQUAL 0)
  message(FATAL_ERROR "the oracle failed: qemu-aarch64 exit ${q_rc}, no output\n${q_err}\n${repro}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${q_file} ${i_file} RESULT_VARIABLE same)
if(NOT same EQUAL 0)
  # The first differences, unformatted (message() would re-wrap them).
  execute_process(COMMAND ${CMAKE_COMMAND} -E echo "stdout differs (< qemu-aarch64, > irqsim):")
  execute_process(COMMAND diff ${q_file} ${i_file} COMMAND head -c 8000)
  message(FATAL_ERROR "stdout differs; exit status qemu-aarch64 ${q_rc}, irqsim ${i_rc}\n"
                      "irqsim stderr: ${i_err}\n${repro}")
endif()
if(NOT q_rc STREQUAL i_rc)
  message(FATAL_ERROR "exit status differs: qemu-aarch64 ${q_rc}, irqsim ${i_rc}\nirqsim stderr: ${i_err}\n${repro}")
endif()
file(SIZE ${i_file} i_size)
message(STATUS "identical: ${i_size} bytes of stdout, exit status ${i_rc}")
