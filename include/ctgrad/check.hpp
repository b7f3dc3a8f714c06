// ctgrad/check.hpp - check_grad: the gradient against central finite differences
// (Stan's expect_ad, PyTorch's gradcheck), in static_assert and at run time.
#pragma once
#include <array>
#include <cstddef>
#include <limits>
#include <string_view>

#include <ctgrad/core/point.hpp>
#include <ctgrad/core/wrt.hpp>
#include <ctgrad/eval.hpp>
#include <ctgrad/reverse.hpp>

namespace ctgrad {

/// What check_grad found: ok, and the worst component (its variable, both values, error).
template <class T>
struct grad_check_result {
    bool ok = true;
    std::size_t worst = 0;
    std::string_view variable{};
    T analytic{};
    T finite_difference{};
    T error{};  // |analytic - finite difference| / tolerance scale
    constexpr explicit operator bool() const { return ok; }
};

namespace detail {
template <class T>
constexpr T magnitude(T v) {
    return v < 0 ? -v : v;
}
template <class T>
constexpr T cube_root_epsilon() {  // cbrt(eps) by bisection: constexpr without <cmath>
    T lo = 0, hi = 1, eps = std::numeric_limits<T>::epsilon();
    for (int i = 0; i < 200; ++i) {
        T mid = (lo + hi) / 2;
        (mid * mid * mid < eps ? lo : hi) = mid;
    }
    return hi;
}
}  // namespace detail

/// Compares a given gradient (in wrt order) with central differences at p, step
/// cbrt(eps) max(1, |x|), relative tolerance rtol (with a floor of rtol * 1e-4 * max(1, |f|)
/// so that exact zeros compare).
template <expression E, class... Vars, point_like P>
constexpr auto check_gradient(const E& f, wrt_list<Vars...>, const P& p,
                              const std::array<typename P::value_type, sizeof...(Vars)>& gradient,
                              typename P::value_type rtol = typename P::value_type(1e-6)) {
    using T = typename P::value_type;
    constexpr std::array<std::string_view, sizeof...(Vars)> names{Vars::name.view()...};
    constexpr std::array<int, sizeof...(Vars)> where{P::index_of(detail::name_hash<Vars>(), Vars::name.view())...};
    grad_check_result<T> result;
    T fp = eval(f, p);
    T floor = rtol * T(1e-4) * (detail::magnitude(fp) > T(1) ? detail::magnitude(fp) : T(1));
    T worst = -1;
    for (std::size_t i = 0; i < sizeof...(Vars); ++i) {
        T fd = 0;
        if (where[i] >= 0) {
            auto k = static_cast<std::size_t>(where[i]);
            T x = p.values[k];
            T h = detail::cube_root_epsilon<T>() * (detail::magnitude(x) > T(1) ? detail::magnitude(x) : T(1));
            auto up = detail::owned(p), down = up;
            up.values[k] = x + h;
            down.values[k] = x - h;
            fd = (eval(f, up) - eval(f, down)) / (up.values[k] - down.values[k]);
        }
        T scale = detail::magnitude(gradient[i]) > detail::magnitude(fd) ? detail::magnitude(gradient[i]) : detail::magnitude(fd);
        T tolerance = rtol * scale + floor;
        T error = detail::magnitude(gradient[i] - fd) / tolerance;  // <= 1 passes
        if (!(error <= T(1))) result.ok = false;
        if (!(error <= worst)) {
            worst = error;
            result.worst = i;
            result.variable = names[i];
            result.analytic = gradient[i];
            result.finite_difference = fd;
            result.error = error;
        }
    }
    return result;
}

/// check_grad(f, wrt(a, b), p [, rtol]): ctgrad's gradient (one reverse sweep) against
/// central differences; contextually true when every component agrees.
template <expression E, wrt_like W, point_like P>
constexpr auto check_grad(const E& f, W w, const P& p, typename P::value_type rtol = typename P::value_type(1e-6)) {
    return check_gradient(f, w, p, value_and_grad(f, w, p).grad.values, rtol);
}
}  // namespace ctgrad
