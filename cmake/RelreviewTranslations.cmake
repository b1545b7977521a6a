# Translations with Qt Linguist (qt6-l10n-tools and qt6-tools-dev on Debian).
#
#   cmake --build build --target relreview_lupdate
#
# extracts every tr() string of app/, ui/ and models/ into resources/translations/relreview_en.ts,
# the template translators start from (copy it to relreview_<language>.ts and translate in
# Linguist). relreview_embed_translations(<target>) compiles every resources/translations/*.ts into
# a .qm file and embeds it in <target> under :/i18n/, where QTranslator::load(QLocale(),
# "relreview", "_", ":/i18n") finds it, so a new language needs no code change, only its .ts file.
#
# Texts are marked with tr() of a class (Q_OBJECT or Q_DECLARE_TR_FUNCTIONS) or with
# QCoreApplication::translate / QT_TRANSLATE_NOOP and a literal context: lupdate files a text under
# the context it sees, and a home-made wrapper taking a const char* hides the text from it.
# tests/unit/tst_translations checks, with a pseudo-translation (relreview_use_pseudo_translation
# below), that texts come out translated under the context the catalogue files them under.
#
# Without the Linguist tools the build goes on: the target is absent and the function embeds
# nothing, since translations are never needed to build or run the English program.

set(RELREVIEW_TRANSLATIONS_DIR ${CMAKE_CURRENT_LIST_DIR}/../resources/translations)
cmake_path(NORMAL_PATH RELREVIEW_TRANSLATIONS_DIR)

find_package(Qt6 QUIET COMPONENTS LinguistTools)

if(NOT TARGET Qt6::lupdate OR NOT TARGET Qt6::lrelease)
    message(STATUS "Qt Linguist tools not found (qt6-l10n-tools, qt6-tools-dev): "
        "the relreview_lupdate target is not available")
    function(relreview_embed_translations target)
    endfunction()
    return()
endif()

# -locations none keeps the template stable: moving a line of code does not rewrite the file.
add_custom_target(relreview_lupdate
    COMMAND ${CMAKE_COMMAND} -E make_directory ${RELREVIEW_TRANSLATIONS_DIR}
    COMMAND Qt6::lupdate
        -silent -no-obsolete -locations none -extensions cpp,h,ui
        -source-language en -target-language en
        ${PROJECT_SOURCE_DIR}/app ${PROJECT_SOURCE_DIR}/ui ${PROJECT_SOURCE_DIR}/models
        -ts ${RELREVIEW_TRANSLATIONS_DIR}/relreview_en.ts
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    COMMENT "Extracting the user-visible strings into resources/translations/relreview_en.ts"
    VERBATIM)

function(relreview_embed_translations target)
    file(GLOB ts_files CONFIGURE_DEPENDS ${RELREVIEW_TRANSLATIONS_DIR}/relreview_*.ts)
    if(NOT ts_files)
        return()
    endif()
    qt_add_lrelease(${target}
        TS_FILES ${ts_files}
        NO_GLOBAL_TARGET
        QM_FILES_OUTPUT_VARIABLE qm_files)
    qt_add_resources(${target} relreview_translations
        PREFIX /i18n
        BASE ${CMAKE_CURRENT_BINARY_DIR}
        FILES ${qm_files})
endfunction()

# relreview_use_pseudo_translation(<target>): builds relreview_pseudo.qm before <target>: the
# catalogue with every message translated as "⟦context|source⟧" (tests/tools/
# relreview-pseudotranslate), compiled by lrelease. <target> finds that file and the catalogue
# at the paths RELREVIEW_PSEUDO_QM and RELREVIEW_CATALOGUE. Only defined with the Linguist tools.
function(relreview_use_pseudo_translation target)
    set(catalogue ${RELREVIEW_TRANSLATIONS_DIR}/relreview_en.ts)
    set(pseudo_ts ${CMAKE_CURRENT_BINARY_DIR}/${target}_pseudo.ts)
    set(pseudo_qm ${CMAKE_CURRENT_BINARY_DIR}/${target}_pseudo.qm)
    add_custom_command(OUTPUT ${pseudo_qm}
        BYPRODUCTS ${pseudo_ts}
        COMMAND relreview-pseudotranslate ${catalogue} ${pseudo_ts}
        COMMAND Qt6::lrelease -silent ${pseudo_ts} -qm ${pseudo_qm}
        DEPENDS relreview-pseudotranslate ${catalogue}
        COMMENT "Pseudo-translating resources/translations/relreview_en.ts for ${target}"
        VERBATIM)
    add_custom_target(${target}_pseudo_translation DEPENDS ${pseudo_qm})
    add_dependencies(${target} ${target}_pseudo_translation)
    target_compile_definitions(${target} PRIVATE
        RELREVIEW_PSEUDO_QM="${pseudo_qm}" RELREVIEW_CATALOGUE="${catalogue}")
endfunction()
