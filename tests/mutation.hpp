// tests/mutation.hpp - the mutation tests' wrong rule, kept out of the library: built with
// CTGRAD_TEST_MUTATION (tests/CMakeLists.txt, mutation.*), tested_sin is a sin whose
// derivative is 1.00001 cos in both the symbolic and the reverse rule, so only the
// finite-difference checks can see it - and must. Otherwise tested_sin is ctgrad::sin.
#pragma once
#include <ctgrad/ctgrad.hpp>

namespace mutation {
struct wrong_sin : ctgrad::ops::sin {
    template <class T> static constexpr T backward(T a, T, T adj) { return adj * (T(1.00001) * ctgrad::math::cos(a)); }
    template <std::size_t> static constexpr auto derivative(const auto&, const auto& a) {
        return ctgrad::detail::make_mul(ctgrad::constant<100001, 100000>{},
                                        ctgrad::node<ctgrad::ops::cos, std::remove_cvref_t<decltype(a)>>(a));
    }
};
}  // namespace mutation

template <ctgrad::expression A>
constexpr auto tested_sin(const A& a) {
#ifdef CTGRAD_TEST_MUTATION
    return ctgrad::node<mutation::wrong_sin, A>(a);
#else
    return ctgrad::sin(a);
#endif
}
