# Building AArch64 guest code with the cross toolchain at build time.
#
# irqsim_add_guest_program(NAME SOURCES src... [CFLAGS flag...] [LDFLAGS flag...])
#   Compiles and links SOURCES into ${CMAKE_CURRENT_BINARY_DIR}/NAME.elf and
#   adds a target NAME that builds it. The ELF is rebuilt only when a source
#   changes, so the guest images are cached in the build tree. C++ sources
#   (.cpp) are compiled and linked with aarch64-linux-gnu-g++.
find_program(IRQSIM_CROSS_CC aarch64-linux-gnu-gcc)
if(NOT IRQSIM_CROSS_CC)
  message(FATAL_ERROR "aarch64-linux-gnu-gcc not found: apt-get install gcc-aarch64-linux-gnu")
endif()
find_program(IRQSIM_CROSS_CXX aarch64-linux-gnu-g++)

function(irqsim_add_guest_program NAME)
  cmake_parse_arguments(G "" "" "SOURCES;CFLAGS;LDFLAGS;DEPENDS" ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${NAME}.elf)
  set(srcs)
  set(compiler ${IRQSIM_CROSS_CC})
  foreach(s ${G_SOURCES})
    if(s MATCHES "\\.cpp$")
      if(NOT IRQSIM_CROSS_CXX)
        message(FATAL_ERROR "aarch64-linux-gnu-g++ not found: apt-get install g++-aarch64-linux-gnu")
      endif()
      set(compiler ${IRQSIM_CROSS_CXX})
    endif()
    get_filename_component(abs ${s} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
    list(APPEND srcs ${abs})
  endforeach()
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${compiler} ${G_CFLAGS} -o ${out} ${srcs} ${G_LDFLAGS}
    DEPENDS ${srcs} ${G_DEPENDS}
    COMMENT "Building guest ${NAME}.elf"
    VERBATIM)
  add_custom_target(${NAME} ALL DEPENDS ${out})
  set_target_properties(${NAME} PROPERTIES IRQSIM_ELF ${out})
endfunction()
