#pragma once
// What every fuzz target shares: a property check that stops the run, and libFuzzer's helper
// for taking typed values out of the input.
#include <cstdio>
#include <string_view>

#include <fuzzer/FuzzedDataProvider.h>

namespace coronet::fuzz {

// A property that must hold for every input. A violation is printed, then trapped: libFuzzer
// reports it as a crash and saves the input that caused it.
inline void require(bool holds, const char* property) {
    if (holds) return;
    std::fprintf(stderr, "property violated: %s\n", property);
    __builtin_trap();
}

inline std::string_view as_text(const unsigned char* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

}  // namespace coronet::fuzz
