# What `cmake --install` and the .deb put where, besides the two programs
# (their rules are in cli/ and daemon/). Every destination is relative to the
# install prefix, so any --prefix works; the package uses /usr, where the
# configuration goes to /etc as the FHS wants.

set(SOCKSCOPE_SYSTEMD_UNIT_DIR "lib/systemd/system" CACHE STRING
    "systemd unit directory, relative to the install prefix")
set(SOCKSCOPE_SYSUSERS_DIR "lib/sysusers.d" CACHE STRING "sysusers.d directory, relative to the install prefix")
set(SOCKSCOPE_TMPFILES_DIR "lib/tmpfiles.d" CACHE STRING "tmpfiles.d directory, relative to the install prefix")
set(SOCKSCOPE_BASH_COMPLETION_DIR "${CMAKE_INSTALL_DATADIR}/bash-completion/completions" CACHE STRING
    "bash-completion directory, relative to the install prefix")

set(sockscope_packaging ${PROJECT_SOURCE_DIR}/packaging)
set(sockscope_staged ${PROJECT_BINARY_DIR}/packaging)

# Man pages, gzipped as Debian wants them (-n: no name or time stamp inside,
# so the package is reproducible).
set(sockscope_man_pages sockscope.1 sockscoped.8 sockscoped.toml.5)
set(sockscope_man_outputs)
foreach(page ${sockscope_man_pages})
  set(source ${sockscope_packaging}/man/${page})
  set(output ${sockscope_staged}/man/${page}.gz)
  add_custom_command(OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${sockscope_staged}/man
    COMMAND gzip -9 -n -c ${source} > ${output}
    DEPENDS ${source}
    COMMENT "Compressing man page ${page}"
    VERBATIM)
  list(APPEND sockscope_man_outputs ${output})
  string(REGEX MATCH "[0-9]$" section ${page})
  install(FILES ${output} DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section})
endforeach()
add_custom_target(sockscope_man_pages ALL DEPENDS ${sockscope_man_outputs})

install(FILES ${PROJECT_SOURCE_DIR}/systemd/sockscoped.service ${PROJECT_SOURCE_DIR}/systemd/sockscoped.socket
        DESTINATION ${SOCKSCOPE_SYSTEMD_UNIT_DIR})
# The unit names the daemon by its installed path, known only at install time
# (cmake --install --prefix, or the package's /usr): edit the installed copy.
if(IS_ABSOLUTE "${SOCKSCOPE_SYSTEMD_UNIT_DIR}")
  set(sockscope_unit_dir "${SOCKSCOPE_SYSTEMD_UNIT_DIR}")
else()
  set(sockscope_unit_dir "\${CMAKE_INSTALL_PREFIX}/${SOCKSCOPE_SYSTEMD_UNIT_DIR}")
endif()
install(CODE "
  set(unit \"\$ENV{DESTDIR}${sockscope_unit_dir}/sockscoped.service\")
  file(READ \"\${unit}\" unit_text)
  string(REPLACE \"ExecStart=/usr/sbin/sockscoped\"
         \"ExecStart=\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_SBINDIR}/sockscoped\" unit_text \"\${unit_text}\")
  file(WRITE \"\${unit}\" \"\${unit_text}\")
")
install(FILES ${PROJECT_SOURCE_DIR}/systemd/sockscope.sysusers
        DESTINATION ${SOCKSCOPE_SYSUSERS_DIR} RENAME sockscope.conf)
install(FILES ${PROJECT_SOURCE_DIR}/systemd/sockscope.tmpfiles
        DESTINATION ${SOCKSCOPE_TMPFILES_DIR} RENAME sockscope.conf)

# /etc for the /usr prefix (GNUInstallDirs' rule, applied to the prefix in
# force when installing), PREFIX/etc otherwise.
install(CODE "
  if(CMAKE_INSTALL_PREFIX STREQUAL \"/usr\")
    set(sockscope_etc \"/etc\")
  else()
    set(sockscope_etc \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_SYSCONFDIR}\")
  endif()
  file(INSTALL DESTINATION \"\${sockscope_etc}/sockscope\" TYPE FILE
       PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
       FILES \"${sockscope_packaging}/config/sockscoped.toml\")
")

install(FILES ${sockscope_packaging}/completion/sockscope DESTINATION ${SOCKSCOPE_BASH_COMPLETION_DIR})
install(FILES ${sockscope_packaging}/completion/sockscope DESTINATION ${SOCKSCOPE_BASH_COMPLETION_DIR}
        RENAME sockscoped)

set(sockscope_examples ${CMAKE_INSTALL_DOCDIR}/examples)
install(FILES ${sockscope_packaging}/prometheus/sockscope-alerts.yml DESTINATION ${sockscope_examples}/prometheus)
install(PROGRAMS ${sockscope_packaging}/examples/hooks/log-finding DESTINATION ${sockscope_examples}/hooks)
