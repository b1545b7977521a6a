#pragma once

// The git revision the program was built from, e.g. "1a2b3c4d5e"; empty when it was not built
// from a git checkout. Defined in the file the build generates (cmake/RelreviewVersion.cmake), the
// only one a new commit recompiles.
const char* buildGitRevision();
