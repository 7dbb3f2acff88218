# `cpack -G DEB` in a build directory makes sockscope_<version>_<arch>.deb:
# everything install_rules.cmake installs, under /usr and /etc, with the
# maintainer scripts of packaging/debian.

set(SOCKSCOPE_DEB_MAINTAINER "sockscope maintainers <maintainers@users.noreply.r-seed-64db40e5.example>"
    CACHE STRING "Maintainer field of the .deb")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sockscope)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Linux connection diagnostics: what is wrong with sockets and who holds them")
# The long description; CPack indents it and turns the empty line into " .".
set(CPACK_PACKAGE_DESCRIPTION "sockscope reads every TCP and UDP socket through the kernel's sock_diag
interface, with the TCP sysctls, sockstat and the kernel's counters, maps
each socket to the processes that hold it, and reports what is wrong:
CLOSE_WAIT and TIME_WAIT build-ups, full accept queues, stalled peers,
TCP memory pressure.

The package holds the command-line tool sockscope and the daemon
sockscoped, which runs as a hardened systemd service, tracks each socket's
age in its state, keeps history, runs hooks and serves Prometheus metrics.
Members of the group sockscope may query it.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${SOCKSCOPE_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The shared libraries come from dpkg-shlibdeps (dpkg-dev); the rest is what
# the maintainer scripts call: systemd-sysusers, else adduser, makes the user.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser | systemd")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${PROJECT_SOURCE_DIR}/packaging/debian/conffiles;${PROJECT_SOURCE_DIR}/packaging/debian/postinst;${PROJECT_SOURCE_DIR}/packaging/debian/prerm;${PROJECT_SOURCE_DIR}/packaging/debian/postrm")

include(CPack)
