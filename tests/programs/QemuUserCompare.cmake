# Whether to register the tests that compare `irqsim user` with qemu-aarch64
# (tests/programs, tests/diff_qemu). AUTO: yes once tools/irqsim/main.cpp
# has a "user" subcommand, looked at on every configure; ON/OFF force it.
set(IRQSIM_USER_COMPARE AUTO CACHE STRING
    "Compare irqsim user with qemu-aarch64 on the guest programs: ON, OFF or AUTO")
set(irqsim_user_compare ${IRQSIM_USER_COMPARE})
if(irqsim_user_compare STREQUAL "AUTO")
  set(cli ${PROJECT_SOURCE_DIR}/tools/irqsim/main.cpp)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${cli})
  file(STRINGS ${cli} user_subcommand REGEX "add_subcommand\\(\"user\"")
  if(user_subcommand)
    set(irqsim_user_compare ON)
  else()
    set(irqsim_user_compare OFF)
  endif()
endif()
