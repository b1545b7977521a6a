# Installable packages with CPack: a Debian package and a .tar.gz of the installed tree.
#
#   cmake --build build --target package         # both, after building everything
#   cd build && cpack -G DEB                      # only the .deb, from an up-to-date build
#
# docs/packaging.md describes the commands and what each package contains. Included last from the
# top-level CMakeLists.txt, so that every install() rule of the project is known.

set(RELREVIEW_PACKAGE_MAINTAINER "The relreview authors <relreview@heyhumm.ai>"
    CACHE STRING "Maintainer field of the Debian package: \"Name <e-mail>\"")

set(CPACK_PACKAGE_NAME relreview)
set(CPACK_PACKAGE_VENDOR "Humm")
set(CPACK_PACKAGE_CONTACT "${RELREVIEW_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_HOMEPAGE_URL ${PROJECT_HOMEPAGE_URL})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
# Wrapped for `apt show`; CPack indents the lines. No semicolons: CMake would read them as list
# separators and drop them.
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
    "Humm's inference pipeline proposes links between the columns of a data"
    "warehouse, each with a score and its evidence, and an analyst approves or"
    "rejects every one before it is trusted."
    ""
    "relreview shows the suggested relationships of an integration source in a"
    "fast table that sorts and filters by score, status, type and text, and"
    "decides each with one key. The decisions are sent to the Humm API in the"
    "background, so the review never waits for the network.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_GENERATOR DEB TGZ)
# A debugger still finds the symbols in the build tree; the packages stay small.
set(CPACK_STRIP_FILES ON)

# Debian: "relreview_0.1.0-1_amd64.deb", so that `apt install ./relreview_*.deb` finds it.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${RELREVIEW_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE ${PROJECT_HOMEPAGE_URL})
# dpkg-shlibdeps (dpkg-dev) computes Depends from the libraries the executables link. Qt loads
# its plugins at run time instead, so those packages are named here: the platform plugins to show
# a window at all, the SQLite driver for the decision journal, the SVG plugins for the icons.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins, libqt6sql6-sqlite, libqt6svg6")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-wayland, hicolor-icon-theme")

set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build[^/]*/" "/out/" "/\\\\.cache/" "\\\\.user$")

include(CPack)
