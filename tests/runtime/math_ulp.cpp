// The constexpr elementary functions (used under constant evaluation) against <cmath>:
// at least 100,000 arguments per function, largest difference in ulps, at most 4.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include <ctgrad/math.hpp>

namespace cx = ctgrad::math::cx;

namespace {
/// Steps between two floats of the same format: the bit patterns, made monotonic.
template <class Int, class F>
double bit_distance(F a, F b) {
    if (std::isnan(a) && std::isnan(b)) return 0;
    if (a == b) return 0;
    if (std::isnan(a) || std::isnan(b) || std::isinf(a) || std::isinf(b)) return 1e300;
    Int ia, ib;
    std::memcpy(&ia, &a, sizeof(F));
    std::memcpy(&ib, &b, sizeof(F));
    if (ia < 0) ia = std::numeric_limits<Int>::min() - ia;
    if (ib < 0) ib = std::numeric_limits<Int>::min() - ib;
    return std::fabs(static_cast<double>(static_cast<long double>(ia) - static_cast<long double>(ib)));
}
double ulp_distance(double a, double b) { return bit_distance<std::int64_t>(a, b); }
double ulp_distance(float a, float b) { return bit_distance<std::int32_t>(a, b); }
double ulp_distance(long double a, long double b) {
    if (std::isnan(a) && std::isnan(b)) return 0;
    if (a == b) return 0;
    if (std::isnan(a) || std::isnan(b) || std::isinf(a) || std::isinf(b)) return 1e300;
    int e = std::ilogb(b == 0 ? a : b);
    long double ulp = std::ldexp(1.0L, std::max(e, std::numeric_limits<long double>::min_exponent - 1) - 63);
    return double(std::fabs(a - b) / ulp);
}

/// Powers of ten, subnormals, large magnitudes, both signs, and a dense random sweep.
template <class T>
std::vector<T> arguments(T lo_log, T hi_log) {
    std::vector<T> xs;
    for (int e = std::numeric_limits<T>::min_exponent10 - 20; e <= std::numeric_limits<T>::max_exponent10; ++e) {
        T p = std::pow(T(10), T(e));
        xs.push_back(p);
        xs.push_back(-p);
    }
    for (int i = 1; i <= 64; ++i) {
        xs.push_back(std::numeric_limits<T>::denorm_min() * T(i * 977));
        xs.push_back(std::ldexp(T(1), -i));
        xs.push_back(-std::ldexp(T(1), -i));
    }
    std::mt19937_64 rng(20261126);
    std::uniform_real_distribution<double> log_u{double(lo_log), double(hi_log)};
    std::uniform_real_distribution<double> lin{-40, 40};
    for (int i = 0; i < 80000; ++i) {
        T m = T(std::exp(log_u(rng)));
        xs.push_back(i % 2 ? m : -m);
    }
    for (int i = 0; i < 20000; ++i) xs.push_back(T(lin(rng)));
    return xs;
}

struct result {
    double worst = 0;
    long double where = 0;
    std::size_t count = 0;
};
template <class T, class F, class G>
result sweep(const std::vector<T>& xs, F ours, G theirs) {
    result r;
    for (T x : xs) {
        double d = ulp_distance(ours(x), theirs(x));
        ++r.count;
        if (d > r.worst) {
            r.worst = d;
            r.where = x;
        }
    }
    return r;
}
void report(const char* type, const char* name, const result& r) {
    std::printf("ulp %-12s %-6s max %4.1f ulp over %zu arguments (at %.17Lg)\n", type, name, r.worst, r.count, r.where);
}
}  // namespace

#define CTGRAD_ULP_CASE(T, name, lo, hi)                                                     \
    {                                                                                         \
        auto xs = arguments<T>(lo, hi);                                                       \
        auto r = sweep(xs, [](T v) { return cx::name(v); }, [](T v) { return std::name(v); }); \
        report(#T, #name, r);                                                                 \
        CHECK(r.count >= 100000);                                                             \
        CHECK(r.worst <= 4);                                                                  \
    }

TEST_CASE("constexpr elementary functions agree with <cmath> to 4 ulp (double)", "[math]") {
    CTGRAD_ULP_CASE(double, exp, -40, 6.6)
    CTGRAD_ULP_CASE(double, expm1, -40, 6.6)
    CTGRAD_ULP_CASE(double, log, -700, 700)
    CTGRAD_ULP_CASE(double, log1p, -40, 700)
    CTGRAD_ULP_CASE(double, sin, -40, 700)
    CTGRAD_ULP_CASE(double, cos, -40, 700)
    CTGRAD_ULP_CASE(double, tanh, -40, 4)
    CTGRAD_ULP_CASE(double, sqrt, -700, 700)
    CTGRAD_ULP_CASE(double, erf, -40, 2)
}

TEST_CASE("constexpr elementary functions agree with <cmath> to 4 ulp (float, long double)", "[math]") {
    CTGRAD_ULP_CASE(float, exp, -20, 4.4f)
    CTGRAD_ULP_CASE(float, log, -80, 80)
    CTGRAD_ULP_CASE(float, sin, -20, 80)
    CTGRAD_ULP_CASE(float, tanh, -20, 3)
    CTGRAD_ULP_CASE(float, erf, -20, 2)
    CTGRAD_ULP_CASE(long double, exp, -40, 9)
    CTGRAD_ULP_CASE(long double, log, -700, 700)
    CTGRAD_ULP_CASE(long double, sin, -40, 700)
    CTGRAD_ULP_CASE(long double, tanh, -40, 4)
}

TEST_CASE("constexpr pow agrees with <cmath> to 4 ulp", "[math]") {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> lx(-30, 30), uy(-25, 25);
    result r;
    for (int i = 0; i < 200000; ++i) {
        double x = std::exp(lx(rng)), y = uy(rng);
        if (i % 4 == 0) y = std::round(y);
        if (i % 8 == 0) x = -x;
        double d = ulp_distance(cx::pow(x, y), std::pow(x, y));
        ++r.count;
        if (d > r.worst) { r.worst = d; r.where = x; }
    }
    for (int e = -300; e <= 300; ++e) {  // powers of ten the gcem way: 10^e
        double d = ulp_distance(cx::pow(10.0, double(e)), std::pow(10.0, double(e)));
        if (d > r.worst) { r.worst = d; r.where = e; }
    }
    report("double", "pow", r);
    CHECK(r.worst <= 4);
    // special cases follow C's pow
    CHECK(cx::pow(0.0, -1.0) == std::pow(0.0, -1.0));
    CHECK(cx::pow(-8.0, 1.0 / 3.0) != cx::pow(-8.0, 1.0 / 3.0));  // NaN
    CHECK(cx::pow(-2.0, 3.0) == -8.0);
    CHECK(cx::pow(2.0, 1024.0) == std::numeric_limits<double>::infinity());
}

TEST_CASE("constexpr math is usable in constant expressions", "[math]") {
    static_assert(ctgrad::math::exp(0.0) == 1.0);
    static_assert(ctgrad::math::log(1.0) == 0.0);
    static_assert(ctgrad::math::sqrt(4.0) == 2.0);
    static_assert(ctgrad::math::exp(1.0) > 2.718281828459045 && ctgrad::math::exp(1.0) < 2.718281828459046);
    constexpr double s = ctgrad::math::sin(1e22);  // needs Payne-Hanek reduction
    CHECK(ulp_distance(s, std::sin(1e22)) <= 1);
}
