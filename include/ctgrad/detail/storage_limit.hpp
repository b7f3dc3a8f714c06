// ctgrad/detail/storage_limit.hpp - the one limit between inline and heap storage: a sweep's
// blocks of values and adjoints and an owned tensor of up to this many elements live inline
// (and so in constant evaluation), larger ones on the heap (no large array on the stack).
#pragma once
#include <cstddef>

namespace ctgrad::detail {
inline constexpr std::size_t inline_storage_limit = 4096;
}  // namespace ctgrad::detail
