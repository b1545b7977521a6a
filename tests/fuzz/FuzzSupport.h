#pragma once

// Shared by the libFuzzer targets in this folder (see CMakeLists.txt): an invariant that breaks
// aborts, which libFuzzer (and the corpus replay under the default build) reports as a crash
// with the input that caused it.

#include <cstdio>
#include <cstdlib>

namespace fuzz {

inline void require(bool condition, const char* what)
{
    if (!condition) {
        std::fprintf(stderr, "invariant broken: %s\n", what);
        std::abort();
    }
}

} // namespace fuzz
