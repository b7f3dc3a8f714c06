// ctgrad/print.hpp - to_string and to_latex: derivatives as a person writes them.
//
// Infix with the fewest parentheses precedence allows (+ and * print as associative),
// exact constants as integers or fractions, named intermediates by name. constexpr:
// with g++ 12 (constexpr std::string) static_assert(to_string(e) == "...") works.
#pragma once
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

#include <ctgrad/core/constant.hpp>
#include <ctgrad/core/expression.hpp>
#include <ctgrad/core/named.hpp>
#include <ctgrad/core/var.hpp>
#include <ctgrad/detail/node_kind.hpp>
#include <ctgrad/detail/shape_of.hpp>
#include <ctgrad/ops/op.hpp>

namespace ctgrad {
namespace detail {

/// Copies characters one by one: std::string's (pointer, size) constructor compares the
/// pointer with null, which g++ cannot fold under -fsanitize=undefined.
constexpr std::string copy_text(std::string_view text) {
    std::string out;
    for (char c : text) out += c;
    return out;
}

struct printed {
    std::string text;
    int precedence = precedence::atom;
};

constexpr std::string integer_text(std::intmax_t v) {
    std::string out;
    bool negative = v < 0;
    std::uintmax_t u = negative ? 0 - static_cast<std::uintmax_t>(v) : static_cast<std::uintmax_t>(v);
    do {
        out.insert(out.begin(), static_cast<char>('0' + u % 10));
        u /= 10;
    } while (u != 0);
    if (negative) out.insert(out.begin(), '-');
    return out;
}

/// A number with up to `digits` significant digits ("%.15g" without trailing zeros).
constexpr std::string number_text(long double x, int digits = 15) {
    if (x != x) return "nan";
    if (x == std::numeric_limits<long double>::infinity()) return "inf";
    if (x == -std::numeric_limits<long double>::infinity()) return "-inf";
    std::string out;
    if (x < 0) { out += '-'; x = -x; }
    if (x == 0) return out + "0";
    int e = 0;
    while (x >= 10.0L) { x /= 10.0L; ++e; }
    while (x < 1.0L) { x *= 10.0L; --e; }
    long double scale = 1;
    for (int i = 1; i < digits; ++i) scale *= 10;
    std::uint64_t significand = static_cast<std::uint64_t>(x * scale + 0.5L);
    if (significand >= static_cast<std::uint64_t>(scale * 10)) { significand /= 10; ++e; }
    std::string d = integer_text(static_cast<std::intmax_t>(significand));
    while (d.size() > 1 && d.back() == '0') d.pop_back();
    if (e >= digits || e < -5) {  // scientific
        out += d[0];
        if (d.size() > 1) { out += '.'; out.append(d.begin() + 1, d.end()); }
        out += 'e';
        out += integer_text(e);
    } else if (e >= 0) {
        // digit by digit: g++ 12 cannot copy a std::string chosen by ?: in constant evaluation
        for (std::size_t i = 0; i <= static_cast<std::size_t>(e); ++i) out += i < d.size() ? d[i] : '0';
        if (d.size() > static_cast<std::size_t>(e + 1)) { out += '.'; out.append(d.begin() + e + 1, d.end()); }
    } else {
        out += "0.";
        for (int i = -1; i > e; --i) out += '0';
        out += d;
    }
    return out;
}

/// "a1" -> "a_{1}", "w1_0_2" -> "w_{1,0,2}": letters, then the rest as a subscript.
constexpr std::string latex_name(std::string_view name) {
    // "dL/dz2", the name explain gives an adjoint: \frac{\partial L}{\partial z_{2}}
    if (const std::size_t slash = name.find("/d"); name.size() > 3 && name[0] == 'd' && slash != std::string_view::npos) {
        std::string out = "\\frac{\\partial ";
        out += latex_name(name.substr(1, slash - 1));
        out += "}{\\partial ";
        out += latex_name(name.substr(slash + 2));
        out += "}";
        return out;
    }
    std::size_t split = 0;
    while (split < name.size() && ((name[split] >= 'a' && name[split] <= 'z') || (name[split] >= 'A' && name[split] <= 'Z'))) ++split;
    if (split == 0 || split == name.size()) return copy_text(name);
    std::string out = copy_text(name.substr(0, split));
    out += "_{";
    std::string_view rest = name.substr(split);
    if (!rest.empty() && rest.front() == '_') rest.remove_prefix(1);
    for (char c : rest) out += c == '_' ? ',' : c;
    out += '}';
    return out;
}

template <bool Latex>
constexpr std::string parenthesize(const printed& p, int least) {
    if (p.precedence >= least) return p.text;
    std::string out = Latex ? "\\left(" : "(";
    out += p.text;
    out += Latex ? "\\right)" : ")";
    return out;
}

/// An operation's print format; in LaTeX, a product of two tensors is elementwise (Hadamard):
/// its op's latex_elementwise (\odot), so that it reads apart from matmul's juxtaposition.
template <bool Latex, class E>
consteval print_format format_of() {
    if constexpr (!Latex) return E::op::text;
    else if constexpr (requires { E::op::latex_elementwise; }) {
        if constexpr (E::arity == 2 && shape_of<operand_t<0, E>>{}.rank > 0 && shape_of<operand_t<1, E>>{}.rank > 0)
            return E::op::latex_elementwise;
        else return E::op::latex;
    } else return E::op::latex;
}

/// The pattern with $0 and $1 replaced by the printed operands.
constexpr std::string fill(std::string_view pattern, const std::string* operands, std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        std::size_t k = i + 1 < pattern.size() ? static_cast<std::size_t>(pattern[i + 1] - '0') : count;
        if (pattern[i] == '$' && k < count) {
            out += operands[k];
            ++i;
        } else out += pattern[i];
    }
    return out;
}

/// How numbers print: significant digits of value constants, and whether a negative one
/// is parenthesized (where numbers stand in for variables: "0.5 * (-0.25)").
struct print_options {
    int digits = 15;
    bool parenthesize_negative = false;
};

template <bool Latex, class E>
constexpr printed print(const E& e, const print_options& options = {});

template <bool Latex, class E>
constexpr printed print(const E& e, const print_options& options) {
    constexpr node_kind kind = kind_of<E>{};
    if constexpr (kind == node_kind::variable) {
        if constexpr (Latex) return {latex_name(E::name.view())};
        else return {copy_text(E::name.view())};
    } else if constexpr (kind == node_kind::exact_constant) {
        constexpr ratio r = E::value;
        if constexpr (r.den == 1) return {integer_text(r.num), r.num < 0 ? precedence::unary : precedence::atom};
        else if constexpr (Latex) {
            std::string s = "\\frac{" + integer_text(r.num < 0 ? -r.num : r.num) + "}{" + integer_text(r.den) + "}";
            return {r.num < 0 ? "-" + s : s, r.num < 0 ? precedence::unary : precedence::atom};
        } else return {integer_text(r.num) + "/" + integer_text(r.den), precedence::product};
    } else if constexpr (kind == node_kind::value_constant) {
        std::string s = number_text(static_cast<long double>(e.value), options.digits);
        if (s[0] == '-' && options.parenthesize_negative) return {(Latex ? "\\left(" : "(") + s + (Latex ? "\\right)" : ")")};
        return {s, s[0] == '-' ? precedence::unary : precedence::atom};
    } else if constexpr (kind == node_kind::named) {
        constexpr std::string_view name = E::op::name.view();
        if constexpr (Latex) return {latex_name(name)};
        else return {copy_text(name)};
    } else {
        // operands printed here, not in a helper: one constexpr frame per tree level
        static_assert(max_operands == 2, "print_format has operand precedences for two operands");
        constexpr print_format f = format_of<Latex, E>();
        std::string operands[max_operands]{};
        if constexpr (E::arity > 0) operands[0] = parenthesize<Latex>(print<Latex>(e.template operand<0>(), options), f.operand0);
        if constexpr (E::arity > 1) operands[1] = parenthesize<Latex>(print<Latex>(e.template operand<1>(), options), f.operand1);
        return {fill(f.pattern, operands, E::arity), f.result};
    }
}
}  // namespace detail

/// The expression in infix, e.g. "(a2 - y) * a1 * a2 * (1 - a2)".
template <expression E>
constexpr std::string to_string(const E& e) {
    return detail::print<false>(e).text;
}

/// The expression in LaTeX, e.g. "\sigma\left(w_{1} \cdot x\right)".
template <expression E>
constexpr std::string to_latex(const E& e) {
    return detail::print<true>(e).text;
}
}  // namespace ctgrad
