# Building the irqsim guest kernel, one image per IRQ-stack design.
#
# irqsim_add_kernel_image(NAME SOURCES src... [DEFINES def...] [INCLUDES dir...])
#   Compiles SOURCES (.S and .c) with the cross compiler as the arm64 kernel is
#   built (-O2 -mgeneral-regs-only -fno-omit-frame-pointer -ffreestanding) and
#   links them with src/asm/kernel.ld into ${CMAKE_CURRENT_BINARY_DIR}/NAME.elf.
#   DEFINES are passed as -D (e.g. IRQ_DESIGN=IRQ_DESIGN_COPY THREAD_SIZE=8192).
#   A target NAME builds it; its IRQSIM_ELF property holds the path. To try
#   your own entry.S variant, pass it in SOURCES instead of src/asm/entry.S.
#
# irqsim_kernel_source_variant(FILE SOURCE src REPLACE old new)
#   Writes ${CMAKE_CURRENT_BINARY_DIR}/FILE at configure time: the guest
#   source SOURCE (a name in src/asm, e.g. entry.S) with the text `old`
#   replaced by `new`; configuring stops when `old` is no longer in SOURCE. A
#   variant made this way follows the stock source as it changes
#   (docs/tutorial.md). Neither text may hold a `;` (a CMake list).
include_guard(GLOBAL)
include(IrqsimGuest)

set(IRQSIM_KERNEL_DIR ${CMAKE_CURRENT_LIST_DIR}/../src/asm CACHE INTERNAL "")
set(IRQSIM_KERNEL_CFLAGS
  -O2 -g -mgeneral-regs-only -fno-omit-frame-pointer -ffreestanding -nostdlib
  -march=armv8-a -mstrict-align -mno-outline-atomics -fno-stack-protector
  -fno-pic -fno-pie -no-pie -static -fno-tree-loop-distribute-patterns
  -std=gnu11 -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers
  CACHE INTERNAL "")

function(irqsim_add_kernel_image NAME)
  cmake_parse_arguments(K "" "" "SOURCES;DEFINES;INCLUDES" ${ARGN})
  set(defs)
  foreach(d ${K_DEFINES})
    list(APPEND defs -D${d})
  endforeach()
  set(incs -I${IRQSIM_KERNEL_DIR}/include)
  foreach(i ${K_INCLUDES})
    list(PREPEND incs -I${i})
  endforeach()
  file(GLOB headers CONFIGURE_DEPENDS
    ${IRQSIM_KERNEL_DIR}/include/*.h ${IRQSIM_KERNEL_DIR}/include/asm/*.h)
  irqsim_add_guest_program(${NAME}
    SOURCES ${K_SOURCES}
    CFLAGS ${IRQSIM_KERNEL_CFLAGS} ${defs} ${incs}
    LDFLAGS -Wl,-T,${IRQSIM_KERNEL_DIR}/kernel.ld -Wl,--build-id=none -Wl,-z,norelro -Wl,--no-warn-rwx-segments
    DEPENDS ${headers} ${IRQSIM_KERNEL_DIR}/kernel.ld)
endfunction()

function(irqsim_kernel_source_variant FILE)
  cmake_parse_arguments(V "" "SOURCE" "REPLACE" ${ARGN})
  list(LENGTH V_REPLACE n)
  if(NOT n EQUAL 2)
    message(FATAL_ERROR "irqsim_kernel_source_variant(${FILE}): REPLACE takes the old and the new text")
  endif()
  list(GET V_REPLACE 0 old)
  list(GET V_REPLACE 1 new)
  set(src ${IRQSIM_KERNEL_DIR}/${V_SOURCE})
  file(READ ${src} text)
  string(FIND "${text}" "${old}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${CMAKE_CURRENT_LIST_FILE}: the text this variant replaces is no longer in ${src}:\n${old}")
  endif()
  string(REPLACE "${old}" "${new}" text "${text}")
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/${FILE} "${text}")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${src})
endfunction()
