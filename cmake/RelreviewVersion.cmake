# The version shown by --version and the About dialog: the project's (PROJECT_VERSION, which
# changes only with a release), plus the git revision when built from a checkout.
#
# The revision is not a compile definition: relreview_add_build_revision(<target>) compiles one
# generated file, build/generated/BuildRevision.cpp (declared by app/BuildRevision.h), into
# <target>. It is rewritten at build time only when HEAD has moved, so a new commit recompiles that
# one file and nothing else.

find_package(Git QUIET)

function(relreview_add_build_revision target)
    set(output ${PROJECT_BINARY_DIR}/generated/BuildRevision.cpp)
    # A custom target runs on every build; BYPRODUCTS lets Ninja see that the file did not change
    # (restat) and skip its compilation.
    add_custom_target(${target}_build_revision
        COMMAND ${CMAKE_COMMAND}
            -DGIT_EXECUTABLE=${GIT_EXECUTABLE}
            -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
            -DOUTPUT=${output}
            -P ${PROJECT_SOURCE_DIR}/cmake/RelreviewWriteBuildRevision.cmake
        BYPRODUCTS ${output}
        VERBATIM)
    target_sources(${target} PRIVATE ${output})
    # Nothing for moc in it; without this, AUTOGEN would rescan the target on every new commit.
    set_source_files_properties(${output} PROPERTIES SKIP_AUTOGEN ON)
    add_dependencies(${target} ${target}_build_revision)
endfunction()
