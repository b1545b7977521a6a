# relreview_add_test(NAME name SOURCES a.cpp ... LIBRARIES lib ... [LABELS l ...] [TIMEOUT s] [RUNS_CLI])
# RUNS_CLI: the test starts relreview-cli, whose path it gets as RELREVIEW_CLI_PATH.
# One QTest executable per concern, registered with CTest. Every test runs offscreen, with its own
# data folder so that it never touches the user's journal or settings.
function(relreview_add_test)
    cmake_parse_arguments(ARG "RUNS_CLI" "NAME;TIMEOUT" "SOURCES;LIBRARIES;LABELS" ${ARGN})
    add_executable(${ARG_NAME} ${ARG_SOURCES})
    target_link_libraries(${ARG_NAME} PRIVATE ${ARG_LIBRARIES} relreview_testsupport Qt6::Test)
    add_test(NAME ${ARG_NAME} COMMAND ${ARG_NAME})
    if(ARG_RUNS_CLI)
        target_compile_definitions(${ARG_NAME} PRIVATE
            RELREVIEW_CLI_PATH="$<TARGET_FILE:relreview-cli>")
        add_dependencies(${ARG_NAME} relreview-cli)
    endif()
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 120)
    endif()
    set(data_dir "${CMAKE_CURRENT_BINARY_DIR}/testdata/${ARG_NAME}")
    set_tests_properties(${ARG_NAME} PROPERTIES
        TIMEOUT ${ARG_TIMEOUT}
        LABELS "${ARG_LABELS}"
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;RELREVIEW_DATA_DIR=${data_dir};XDG_CONFIG_HOME=${data_dir}/config;XDG_CACHE_HOME=${data_dir}/cache;RELREVIEW_TOKEN=")
endfunction()
