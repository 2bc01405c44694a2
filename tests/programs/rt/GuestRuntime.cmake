# Guest programs on our tiny runtime (tests/programs/rt), built with the
# cross compiler the way the design builds guest code: freestanding, no SIMD
# or FP registers, frame pointers kept.
#
# irqsim_add_rt_program(NAME SOURCES src... [CFLAGS flag...])
#   Builds ${CMAKE_CURRENT_BINARY_DIR}/NAME.elf from the runtime and SOURCES
#   (see irqsim_add_guest_program). The default architecture is ARMv8.0 with
#   inline LL/SC atomics; pass -march=... in CFLAGS to change it (the last
#   -march wins).
set(IRQSIM_RT_DIR ${CMAKE_CURRENT_LIST_DIR})
set(IRQSIM_RT_CFLAGS -O2 -static -nostdlib -ffreestanding -mgeneral-regs-only -fno-omit-frame-pointer
    -fno-stack-protector -march=armv8-a -mno-outline-atomics -Wall -Wextra -I${IRQSIM_RT_DIR})

function(irqsim_add_rt_program NAME)
  cmake_parse_arguments(P "" "" "SOURCES;CFLAGS" ${ARGN})
  irqsim_add_guest_program(${NAME}
    SOURCES ${IRQSIM_RT_DIR}/start.S ${IRQSIM_RT_DIR}/rt.c ${P_SOURCES}
    CFLAGS ${IRQSIM_RT_CFLAGS} ${P_CFLAGS}
    DEPENDS ${IRQSIM_RT_DIR}/rt.h)
endfunction()
