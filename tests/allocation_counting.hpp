// tests/allocation_counting.hpp - counts every operator new of the test program that includes
// it (include it in one translation unit per program). AddressSanitizer owns operator new, so
// under it nothing is counted and allocations_counted is false.
#pragma once
#include <atomic>
#include <cstdlib>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#define CTGRAD_COUNT_ALLOCATIONS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CTGRAD_COUNT_ALLOCATIONS 0
#endif
#endif
#ifndef CTGRAD_COUNT_ALLOCATIONS
#define CTGRAD_COUNT_ALLOCATIONS 1
#endif

namespace ctgrad_test {
inline std::atomic<long> allocations{0};
inline constexpr bool allocations_counted = CTGRAD_COUNT_ALLOCATIONS;
}  // namespace ctgrad_test

#if CTGRAD_COUNT_ALLOCATIONS
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"  // these operators pair malloc with free
#endif
void* operator new(std::size_t n) {
    ++ctgrad_test::allocations;
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
    ++ctgrad_test::allocations;
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
#endif
