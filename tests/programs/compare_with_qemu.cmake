# Runs one guest under qemu-aarch64 (the oracle) and under `irqsim user`, and
# passes only when stdout, stderr and the exit status are identical.
#   cmake -DQEMU=... -DIRQSIM=... -DELF=... [-DARGS=a|b|c] [-DSTDIN=file] -DWORK=dir -P compare_with_qemu.cmake
# Arguments are separated by '|' (a ';' would be split by add_test). STDIN
# is fed to both (default: an empty input).
#
# A guest ended by a signal ends each emulator by the same signal (CMake
# reports it, e.g. "Subprocess aborted"), and each says so on stderr in the
# same words but for its own name: qemu's "qemu: uncaught target signal 6
# (Aborted) - core dumped" is compared as "irqsim: uncaught ...". That is
# the one normalisation. Both run with RLIMIT_CORE 0, so neither writes a
# core file (qemu would write qemu_<prog>_<date>_<pid>.core into the
# current directory otherwise).
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
if(NOT STDIN)
  set(STDIN /dev/null)
endif()

set(no_core sh -c "ulimit -c 0 && exec \"$@\"" sh)
execute_process(COMMAND ${no_core} ${QEMU} ${ELF} ${args} INPUT_FILE ${STDIN} WORKING_DIRECTORY ${WORK}
  OUTPUT_FILE ${q_file} ERROR_VARIABLE q_err RESULT_VARIABLE q_rc TIMEOUT 300)
execute_process(COMMAND ${no_core} ${IRQSIM} user ${ELF} ${args} INPUT_FILE ${STDIN} WORKING_DIRECTORY ${WORK}
  OUTPUT_FILE ${i_file} ERROR_VARIABLE i_err RESULT_VARIABLE i_rc TIMEOUT 300)

string(JOIN " " argline ${args})
set(repro "reproduce: ${QEMU} ${ELF} ${argline} < ${STDIN}; ${IRQSIM} user ${ELF} ${argline} < ${STDIN}")
file(SIZE ${q_file} q_size)
if(q_size EQUAL 0 AND q_err STREQUAL "" AND NOT q_rc EQUAL 0)
  message(FATAL_ERROR "the oracle failed: qemu-aarch64 exit ${q_rc}, no output\n${repro}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${q_file} ${i_file} RESULT_VARIABLE same)
if(NOT same EQUAL 0)
  # The first differences, unformatted (message() would re-wrap them).
  execute_process(COMMAND ${CMAKE_COMMAND} -E echo "stdout differs (< qemu-aarch64, > irqsim):")
  execute_process(COMMAND diff ${q_file} ${i_file} COMMAND head -c 8000)
  message(FATAL_ERROR "stdout differs; exit status qemu-aarch64 ${q_rc}, irqsim ${i_rc}\n"
                      "irqsim stderr: ${i_err}\n${repro}")
endif()
string(REGEX REPLACE "(^|\n)qemu: uncaught target signal " "\\1irqsim: uncaught target signal " q_err_cmp "${q_err}")
if(NOT q_err_cmp STREQUAL i_err)
  message(FATAL_ERROR "stderr differs\n--- qemu-aarch64:\n${q_err}\n--- irqsim:\n${i_err}\n${repro}")
endif()
if(NOT q_rc STREQUAL i_rc)
  message(FATAL_ERROR "exit status differs: qemu-aarch64 ${q_rc}, irqsim ${i_rc}\nirqsim stderr: ${i_err}\n${repro}")
endif()
file(SIZE ${i_file} i_size)
string(LENGTH "${i_err}" e_size)
message(STATUS "identical: ${i_size} bytes of stdout, ${e_size} of stderr, exit status ${i_rc}")
