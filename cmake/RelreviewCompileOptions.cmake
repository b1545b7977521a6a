# Strict Qt defines and warnings shared by every target of the project.
add_library(relreview_compile_options INTERFACE)
target_compile_definitions(relreview_compile_options INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_FOREACH
    QT_DISABLE_DEPRECATED_BEFORE=0x060400)
# -Wshadow and friends catch the slips a refactoring makes (a local hiding a member, a cast that
# drops const); the tree builds without a warning, so a new one stands out.
target_compile_options(relreview_compile_options INTERFACE -Wall -Wextra -Wno-unused-parameter
    -Wshadow -Wold-style-cast -Wnon-virtual-dtor -Wcast-qual -Woverloaded-virtual)
if(RELREVIEW_SANITIZE)
    target_compile_options(relreview_compile_options INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(relreview_compile_options INTERFACE -fsanitize=address,undefined)
endif()
