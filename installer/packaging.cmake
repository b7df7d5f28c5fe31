# Packaging: one Debian package `arx` holding the plugin, the host headers, the
# `arx` CLI, the Python binding, a readable copy of the SQL it embeds, and the
# admin README.
#   cpack --config build/CPackConfig.cmake -G DEB -B build/package
# The library, header and CLI install rules live next to their targets; this
# file adds what belongs to no target and configures CPack.

# ---- install rules owned by packaging --------------------------------------
# The plugin embeds its SQL; this copy is for admins to read and as the starting
# point for a custom ERP profile.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/sql/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/arx/sql
        COMPONENT runtime)
install(FILES ${PROJECT_SOURCE_DIR}/installer/README.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR}
        COMPONENT runtime)

# Debian's multiarch library directory (lib/x86_64-linux-gnu) is what
# GNUInstallDirs picks only for the /usr prefix; scripts/build configures that.
if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  message(STATUS "arx packaging: CMAKE_INSTALL_PREFIX is ${CMAKE_INSTALL_PREFIX}, so the .deb "
                 "puts the library in /usr/${CMAKE_INSTALL_LIBDIR}; configure with "
                 "-DCMAKE_INSTALL_PREFIX=/usr for the Debian multiarch layout")
endif()

# ---- CPack -------------------------------------------------------------------
set(CPACK_PACKAGE_NAME arx)
set(CPACK_PACKAGE_VENDOR "arx maintainers")
set(CPACK_PACKAGE_CONTACT "arx maintainers")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
# Debian wants the long description wrapped; CPack indents each line.
set(CPACK_PACKAGE_DESCRIPTION
"An ERP host loads arx as a shared library (libarx.so, entry point arx_get_api)
to automate accounts receivable on the ERP's own database through ODBC.
The package also holds the C and C++ host headers, the Python binding (the
arx module for python3), the Tryton 6.0 module arx (for tryton-server), the
arx command-line host that installs and configures arx in an ERP database,
and a copy of the SQL built into the plugin.")
set(CPACK_GENERATOR DEB)
set(CPACK_SOURCE_GENERATOR "")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEB_COMPONENT_INSTALL OFF)
set(CPACK_DEBIAN_PACKAGE_NAME arx)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "arx maintainers")
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Library dependencies come from dpkg-shlibdeps (package dpkg-dev); the ODBC
# driver manager's tools and configuration come from unixodbc, and at least one
# ODBC driver is needed to reach a database.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "unixodbc")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "odbc-postgresql | libsqliteodbc")
# The Python binding (lib/python3/dist-packages/arx) is of use only to hosts in
# Python, the Tryton module (dist-packages/trytond/modules/arx) only to Tryton.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "python3, tryton-server")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)
