# Runs one bare-metal image on qemu-system-aarch64 (the oracle) and, when
# IRQSIM is given, on `irqsim boot` with the same options, and compares them.
#
#   cmake -DQEMU=... -DELF=img.elf -DGIC=2|3 -DSMP=N -DWORK=dir
#         [-DSEMIHOSTING=1] [-DIRQSIM=irqsim] [-DMODE=exact|per_cpu|irqsim_only]
#         [-DEXPECT=line|line...] -P run_boot.cmake
#
# Every run must end by itself (PSCI SYSTEM_OFF or semihosting SYS_EXIT) with
# status 0 and print the image's last line, "done", and no "FAIL".
# MODE exact (single-CPU images): the UART output and the exception trace
# (QEMU's `-d int` text, from irqsim's --trace-exceptions) are identical.
# MODE per_cpu (several CPUs): the UART output is identical (only CPU 0
# prints); every CPU's exception entries are identical and in the same order,
# with a run of identical HVC (PSCI) entries counted once; the returns, which QEMU's log
# does not attribute to a CPU, are compared as a sorted list. Why: the CPUs'
# interleaving is each simulator's own (QEMU's round-robin of translation
# blocks, irqsim's quantum), so the order *between* CPUs and the number of
# times a CPU polls PSCI AFFINITY_INFO are not the guest's.
# MODE irqsim_only: for what QEMU does not model (SP alignment, see the
# README); QEMU is not run; the EXPECT lines (from the Arm ARM) must appear in
# irqsim's UART output or trace (see check_expect).
# MODE irqsim_fault: an image that faults for ever in its own vectors (QEMU
# just spins there, so it is not run): irqsim must exit with status 4, and its
# UART output and report hold every EXPECT line (see check_expect).
foreach(v ELF GIC SMP WORK)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "run_boot.cmake: -D${v}= is required")
  endif()
endforeach()
if(NOT MODE)
  set(MODE exact)
endif()
get_filename_component(name ${ELF} NAME_WE)
file(MAKE_DIRECTORY ${WORK})
set(q_out ${WORK}/${name}.qemu.out)
set(q_int ${WORK}/${name}.qemu.int)
set(i_out ${WORK}/${name}.irqsim.out)
set(i_int ${WORK}/${name}.irqsim.int)

set(qemu_cmd ${QEMU} -M virt,gic-version=${GIC} -cpu cortex-a57 -nographic -nodefaults -serial stdio -net none
    -icount shift=0,sleep=off -smp ${SMP} -d int -D ${q_int} -kernel ${ELF})
set(irqsim_cmd ${IRQSIM} boot ${ELF} --smp ${SMP} --gic v${GIC} --trace-exceptions ${i_int})
if(SEMIHOSTING)
  list(APPEND qemu_cmd -semihosting)
  list(APPEND irqsim_cmd --semihosting)
endif()
string(JOIN " " repro_q ${qemu_cmd})
string(JOIN " " repro_i ${irqsim_cmd})

# A run's own checks: it ended, with status 0, and passed its self-checks.
function(check_run who rc out_file)
  file(READ ${out_file} out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${who}: exit status ${rc} (a timeout means the image never powered off)\n${out}")
  endif()
  if(NOT out MATCHES "(^|\n)done\n$")
    message(FATAL_ERROR "${who}: the image did not print 'done' last\n${out}")
  endif()
  if(out MATCHES "FAIL|unexpected")
    message(FATAL_ERROR "${who}: a self-check failed\n${out}")
  endif()
endfunction()

# The lines of a `-d int` log that describe exceptions (QEMU's log also holds
# warnings).
function(read_trace file var)
  file(STRINGS ${file} lines)
  list(FILTER lines INCLUDE REGEX "^(Taking exception|\\.\\.\\.|Exception return)")
  set(${var} "${lines}" PARENT_SCOPE)
endfunction()

# PSTATE on the "...to EL1 PC ... PSTATE" line of an exception entry, with
# NZCV (bits [31:28]) set aside: the Arm ARM's AArch64.TakeException assigns
# PSTATE.{EL, nRW, SP, SS, IL, D, A, I, F} (and feature bits) but not N, Z, C,
# V, so they keep their values and irqsim keeps them; QEMU 7.2 clears them
# (arm_cpu_do_interrupt_aarch64: pstate_write(env, PSTATE_DAIF | new_mode)).
# The rest of PSTATE is compared, and QEMU's NZCV must read 0 there, or the
# reason written here no longer holds. Exception returns print no PSTATE.
function(mask_entry_nzcv var who)
  set(out "")
  foreach(line IN LISTS ${var})
    if(line MATCHES "^(\\.\\.\\.to EL1 PC 0x[0-9a-f]+ PSTATE )(0x[0-9a-f]+)$")
      set(head "${CMAKE_MATCH_1}")
      set(pstate "${CMAKE_MATCH_2}")
      math(EXPR nzcv "(${pstate} >> 28) & 0xf")
      if(who STREQUAL "qemu" AND NOT nzcv EQUAL 0)
        message(FATAL_ERROR "QEMU kept NZCV on exception entry ('${line}'): revisit mask_entry_nzcv")
      endif()
      math(EXPR pstate "${pstate} & 0x0fffffff" OUTPUT_FORMAT HEXADECIMAL)
      set(line "${head}${pstate} (NZCV set aside)")
    endif()
    list(APPEND out "${line}")
  endforeach()
  set(${var} "${out}" PARENT_SCOPE)
endfunction()

# per_cpu projection: one list of entry blocks per CPU (a run of identical
# HVC blocks counted once: PSCI polling) and the sorted returns.
function(project_trace lines prefix)
  set(cpu "")
  set(block "")
  set(returns "")
  foreach(cpu_i RANGE 0 3)
    set(p${cpu_i} "")
    set(last${cpu_i} "")
  endforeach()
  list(APPEND lines "Taking exception END on CPU 9")  # flushes the last block
  foreach(line IN LISTS lines)
    if(line MATCHES "^Taking exception .* on CPU ([0-9]+)$")
      set(next_cpu ${CMAKE_MATCH_1})  # before the MATCHES below overwrites it
      if(NOT cpu STREQUAL "" AND NOT (block MATCHES "^Taking exception 11 " AND block STREQUAL last${cpu}))
        string(APPEND p${cpu} "${block}\n")
        set(last${cpu} "${block}")
      endif()
      set(cpu ${next_cpu})
      set(block "${line}")
    elseif(line MATCHES "^Exception return")
      list(APPEND returns "${line}")
    else()
      string(APPEND block " | ${line}")
    endif()
  endforeach()
  list(SORT returns)
  string(REPLACE ";" "\n" returns "${returns}")
  set(text "")
  foreach(cpu_i RANGE 0 3)
    string(APPEND text "== CPU ${cpu_i}\n${p${cpu_i}}")
  endforeach()
  string(APPEND text "== returns, sorted\n${returns}\n")
  file(WRITE ${prefix} "${text}")
endfunction()

function(compare_files what a b)
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${a} ${b} RESULT_VARIABLE same)
  if(NOT same EQUAL 0)
    execute_process(COMMAND ${CMAKE_COMMAND} -E echo "${what} differs (< qemu, > irqsim):")
    execute_process(COMMAND diff ${a} ${b} COMMAND head -c 8000)
    message(FATAL_ERROR "${what} differs\nreproduce: ${repro_q}\n           ${repro_i}")
  endif()
endfunction()

if(NOT MODE MATCHES "^irqsim_")
  file(REMOVE ${q_int})
  execute_process(COMMAND ${qemu_cmd} OUTPUT_FILE ${q_out} ERROR_VARIABLE q_err RESULT_VARIABLE q_rc TIMEOUT 60)
  check_run("qemu" "${q_rc}" ${q_out})
endif()
if(NOT IRQSIM)
  message(STATUS "qemu only (no irqsim given): the image runs to the end and passes its self-checks")
  return()
endif()
execute_process(COMMAND ${irqsim_cmd} OUTPUT_FILE ${i_out} ERROR_VARIABLE i_err RESULT_VARIABLE i_rc TIMEOUT 120)
# Every EXPECT line must be in TEXT, compared case-insensitively, after
# {symbol} or {symbol+N} in it became that ELF symbol's address.
function(check_expect text why)
  execute_process(COMMAND ${NM} ${ELF} OUTPUT_VARIABLE symbols)
  string(TOLOWER "${text}" text)
  string(REPLACE "|" ";" expect "${EXPECT}")
  foreach(line IN LISTS expect)
    while(line MATCHES "{([A-Za-z_0-9]+)(\\+([0-9]+))?}")
      set(whole "${CMAKE_MATCH_0}")
      set(sym "${CMAKE_MATCH_1}")
      set(add 0)
      if(CMAKE_MATCH_3)
        set(add ${CMAKE_MATCH_3})
      endif()
      if(NOT symbols MATCHES "(^|\n)0*([0-9a-f]+) [A-Za-z] ${sym}\n")
        message(FATAL_ERROR "no symbol ${sym} in ${ELF}")
      endif()
      math(EXPR addr "0x${CMAKE_MATCH_2} + ${add}" OUTPUT_FORMAT HEXADECIMAL)
      string(REPLACE "${whole}" "${addr}" line "${line}")
    endwhile()
    string(TOLOWER "${line}" want)
    string(FIND "${text}" "${want}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "irqsim: expected '${line}' (${why})\n${text}")
    endif()
  endforeach()
endfunction()

file(READ ${i_out} out)
if(MODE STREQUAL "irqsim_fault")
  if(NOT i_rc EQUAL 4)
    message(FATAL_ERROR "irqsim: exit status ${i_rc}, not 4 (an unhandled guest fault)\n${out}\n${i_err}\nreproduce: ${repro_i}")
  endif()
  check_expect("${out}${i_err}" "in the fault report")
  message(STATUS "irqsim stopped with status 4 and reported: ${EXPECT}")
  return()
endif()
if(NOT i_rc EQUAL 0)
  message(FATAL_ERROR "irqsim: exit status ${i_rc}\n${out}\n${i_err}\nreproduce: ${repro_i}")
endif()
if(MODE STREQUAL "irqsim_only")
  check_run("irqsim" "${i_rc}" ${i_out})
  file(READ ${i_int} trace)
  check_expect("${out}${trace}" "from the Arm ARM, in the UART output or the trace")
  message(STATUS "irqsim shows what the Arm ARM says: ${EXPECT}")
  return()
endif()

compare_files("UART output" ${q_out} ${i_out})
check_run("irqsim" "${i_rc}" ${i_out})
if(SEMIHOSTING)
  # QEMU writes the semihosting console to stderr, with its own warnings.
  string(REGEX REPLACE "qemu-system-aarch64: [^\n]*\n" "" q_console "${q_err}")
  string(FIND "${i_err}" "${q_console}" at)
  if(q_console STREQUAL "" OR at EQUAL -1)
    message(FATAL_ERROR "semihosting console differs: QEMU's stderr\n${q_console}\nirqsim's stderr\n${i_err}")
  endif()
endif()
read_trace(${q_int} q_lines)
read_trace(${i_int} i_lines)
mask_entry_nzcv(q_lines qemu)
mask_entry_nzcv(i_lines irqsim)
if(MODE STREQUAL "exact")
  string(REPLACE ";" "\n" q_text "${q_lines}")
  string(REPLACE ";" "\n" i_text "${i_lines}")
  file(WRITE ${q_int}.filtered "${q_text}\n")
  file(WRITE ${i_int}.filtered "${i_text}\n")
else()
  project_trace("${q_lines}" ${q_int}.filtered)
  project_trace("${i_lines}" ${i_int}.filtered)
endif()
compare_files("exception trace (${MODE})" ${q_int}.filtered ${i_int}.filtered)
list(LENGTH q_lines n)
message(STATUS "identical: UART output and ${n} trace lines (${MODE})")
