/* target: libFuzzer's entry point of a fuzz_<name> program, which calls fz_<name>()
 * (FZ_TARGET, set by fuzz/CMakeLists.txt); the regression test links the entry
 * points without it. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return FZ_TARGET(data, size);
}
