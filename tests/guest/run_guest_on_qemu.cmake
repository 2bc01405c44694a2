# Boots guest kernel images on qemu-system-aarch64 and checks what they print.
#
#   cmake -DQEMU=... -DIMAGES=a.elf[;b.elf] -DSMP=N [-DGIC=2|3] [-DEXPECT=line;line...]
#         [-DEXPECT_MATCH=regex;...] [-DLOWER_TASK_STACK=1] -P run_guest_on_qemu.cmake
#
# Every image must print "irqsim: result PASS" and no "FAIL", and every EXPECT
# line, and match every EXPECT_MATCH regular expression. With LOWER_TASK_STACK, the first image is the baseline: every other
# image must report a smaller max_task_stack on CPU 0 than it did.
foreach(var QEMU IMAGES SMP)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_guest_on_qemu: ${var} not set")
  endif()
endforeach()

if(NOT DEFINED GIC)
  set(GIC 2)
endif()
set(baseline "")
foreach(image ${IMAGES})
  execute_process(
    COMMAND ${QEMU} -M virt,gic-version=${GIC} -cpu cortex-a57 -nographic -nodefaults
            -serial stdio -net none -icount shift=0,sleep=off -smp ${SMP} -kernel ${image}
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc TIMEOUT 60)
  message("---- ${image} -smp ${SMP}\n${out}${err}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${image}: qemu exited with ${rc} (a timeout means the guest never powered off)")
  endif()
  if(NOT out MATCHES "irqsim: result PASS")
    message(FATAL_ERROR "${image}: no 'irqsim: result PASS' on the UART")
  endif()
  if(out MATCHES "FAIL")
    message(FATAL_ERROR "${image}: a self-check failed")
  endif()
  foreach(line ${EXPECT})
    string(FIND "${out}" "${line}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "${image}: expected '${line}'")
    endif()
  endforeach()
  foreach(re ${EXPECT_MATCH})
    if(NOT out MATCHES "${re}")
      message(FATAL_ERROR "${image}: nothing on the UART matches '${re}'")
    endif()
  endforeach()
  if(LOWER_TASK_STACK)
    if(NOT out MATCHES "cpu0: [^\n]*max_task_stack=([0-9]+)")
      message(FATAL_ERROR "${image}: no max_task_stack on cpu0")
    endif()
    set(used ${CMAKE_MATCH_1})
    if(baseline STREQUAL "")
      set(baseline ${used})
    elseif(NOT used LESS baseline)
      message(FATAL_ERROR "${image}: task stack high-water mark ${used} is not below the baseline's ${baseline}")
    else()
      message("${image}: task stack high-water mark ${used} < ${baseline}")
    endif()
  endif()
endforeach()
