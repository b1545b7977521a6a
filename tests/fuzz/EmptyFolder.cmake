# cmake -DFOLDER=path -P EmptyFolder.cmake: leaves an empty folder at `path` (a fuzz test's
# scratch corpus, so that each run starts from the committed corpus alone).
if(NOT FOLDER)
    message(FATAL_ERROR "EmptyFolder.cmake: give -DFOLDER=path")
endif()
file(REMOVE_RECURSE "${FOLDER}")
file(MAKE_DIRECTORY "${FOLDER}")
