// ctgrad/math/detail/trig.hpp - constexpr sin and cos, with Payne-Hanek argument
// reduction (2/pi to 16,000 bits), so that sin(1e300) is as accurate as sin(1).
#pragma once
#include <ctgrad/math/detail/fp.hpp>
#include <ctgrad/math/detail/two_over_pi.hpp>

namespace ctgrad::math::cx {

template <floating T>
struct pio2_pair {
    static constexpr dd<T> value = std::numeric_limits<T>::digits > 53
                                       ? dd<T>{T(0xc90fdaa22168c234p-63L), T(0xc4c6628b80dc1cd1p-127L)}
                                       : dd<T>{T(0x1921fb54442d18p-52L), T(0x11a62633145c06p-106L)};
};

/// x = q pi/2 + r with |r| <= pi/4; r as hi + lo.
template <floating T>
struct reduced_pio2 {
    long q;
    T hi;
    T lo;
};

template <floating T>
constexpr reduced_pio2<T> reduce_pio2(T x) {
    __extension__ using u128 = unsigned __int128;
    __extension__ using i128 = __int128;
    constexpr int digits = std::numeric_limits<T>::digits;
    constexpr int words = 8;  // 256 bits of 2/pi past the bits that only add multiples of 4
    T ax = fabs(x);
    long e = exponent(ax);
    long E = e - (digits - 1);  // ax = M * 2^E, M an integer of `digits` bits
    auto M = static_cast<std::uint64_t>(ldexp(ax, -E));
    long first = E < 2 ? 0 : (E - 2) / 32;
    // P = M * W where W holds `words` words of 2/pi starting at `first`; little-endian limbs
    std::uint32_t limbs[words + 3] = {};
    std::uint64_t m_lo = M & 0xffffffffu, m_hi = M >> 32;
    for (int j = 0; j < words; ++j) {
        std::uint64_t w = detail::two_over_pi_words[first + words - 1 - j];
        u128 carry = 0;
        u128 add = u128(w) * m_lo;
        for (int t = j; t < words + 3 && (add != 0 || carry != 0); ++t) {
            u128 sum = u128(limbs[t]) + (add & 0xffffffffu) + carry;
            limbs[t] = static_cast<std::uint32_t>(sum);
            carry = sum >> 32;
            add >>= 32;
        }
        carry = 0;
        add = u128(w) * m_hi;
        for (int t = j + 1; t < words + 3 && (add != 0 || carry != 0); ++t) {
            u128 sum = u128(limbs[t]) + (add & 0xffffffffu) + carry;
            limbs[t] = static_cast<std::uint32_t>(sum);
            carry = sum >> 32;
            add >>= 32;
        }
    }
    // value = P * 2^-s, s = 32 (first + words) - E fractional bits (s > 190)
    long s = 32 * (first + words) - E;
    auto bit_window = [&](long lowest, int count) {  // bits [lowest, lowest + count) of P, count <= 64
        u128 v = 0;
        for (int i = count - 1; i >= 0; --i) {
            long b = lowest + i;
            std::uint32_t bit = (b >= 0 && b < 32 * (words + 3)) ? (limbs[b / 32] >> (b % 32)) & 1u : 0u;
            v = (v << 1) | bit;
        }
        return static_cast<std::uint64_t>(v);
    };
    long q = static_cast<long>(bit_window(s, 2));
    u128 frac = (u128(bit_window(s - 64, 64)) << 64) | bit_window(s - 128, 64);  // fraction * 2^128
    bool negative = false;
    if (frac >> 127) {  // fraction >= 1/2: take r = fraction - 1 and round q up
        frac = ~frac + 1;
        negative = true;
        q += 1;
    }
    T f_hi = static_cast<T>(frac);
    i128 rest = static_cast<i128>(frac - static_cast<u128>(f_hi));
    T f_lo = static_cast<T>(rest);
    f_hi = ldexp(f_hi, -128);
    f_lo = ldexp(f_lo, -128);
    dd<T> r = dd_mul(dd<T>{f_hi, f_lo}, pio2_pair<T>::value);
    if (negative) r = {-r.hi, -r.lo};
    if (x < 0) return {-q, -r.hi, -r.lo};
    return {q, r.hi, r.lo};
}

/// sin(hi + lo) for |hi| <= pi/4.
template <floating T>
constexpr T sin_kernel(T r, T lo) {
    T z = r * r;
    T terms[40] = {};
    int n = 0;
    T term = -z / T(6);
    while (n < 40) {
        terms[n++] = term;
        term = -term * z / T((2 * n + 2) * (2 * n + 3));
        if (fabs(term) <= std::numeric_limits<T>::epsilon() * T(1e-3)) break;
    }
    T s = 0;
    for (int i = n - 1; i >= 0; --i) s += terms[i];
    return r + (r * s + lo * (T(1) - z * T(0.5)));
}

/// cos(hi + lo) for |hi| <= pi/4.
template <floating T>
constexpr T cos_kernel(T r, T lo) {
    T z = r * r;
    T h = z * T(0.5);
    T terms[40] = {};
    int n = 0;
    T term = z * z / T(24);
    while (n < 40) {
        terms[n++] = term;
        term = -term * z / T((2 * n + 3) * (2 * n + 4));
        if (fabs(term) <= std::numeric_limits<T>::epsilon() * T(1e-3)) break;
    }
    T c = 0;
    for (int i = n - 1; i >= 0; --i) c += terms[i];
    T w = T(1) - h;
    return w + (((T(1) - w) - h) + (c - r * lo));
}

template <floating T>
constexpr T sin(T x) {
    if constexpr (!std::is_same_v<T, work_t<T>>) return static_cast<T>(sin(static_cast<work_t<T>>(x)));
    else {
        if (isnan(x) || isinf(x)) return nan<T>();
        if (fabs(x) < std::numeric_limits<T>::epsilon()) return x;
        if (fabs(x) <= T(0.78539816339744830962L)) return sin_kernel(x, T(0));
        auto [q, hi, lo] = reduce_pio2(x);
        switch (((q % 4) + 4) % 4) {
            case 0: return sin_kernel(hi, lo);
            case 1: return cos_kernel(hi, lo);
            case 2: return -sin_kernel(hi, lo);
            default: return -cos_kernel(hi, lo);
        }
    }
}

template <floating T>
constexpr T cos(T x) {
    if constexpr (!std::is_same_v<T, work_t<T>>) return static_cast<T>(cos(static_cast<work_t<T>>(x)));
    else {
        if (isnan(x) || isinf(x)) return nan<T>();
        if (fabs(x) <= T(0.78539816339744830962L)) return cos_kernel(x, T(0));
        auto [q, hi, lo] = reduce_pio2(x);
        switch (((q % 4) + 4) % 4) {
            case 0: return cos_kernel(hi, lo);
            case 1: return -sin_kernel(hi, lo);
            case 2: return -cos_kernel(hi, lo);
            default: return sin_kernel(hi, lo);
        }
    }
}
}  // namespace ctgrad::math::cx
