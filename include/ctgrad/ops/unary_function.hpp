// ctgrad/ops/unary_function.hpp - the shape shared by function-call operations
// (exp(x), sigmoid(x), ...): printing as name(x), canonical rank 3.
#pragma once
#include <ctgrad/core/fixed_string.hpp>
#include <ctgrad/ops/op.hpp>

namespace ctgrad::ops {
template <fixed_string Name, fixed_string Latex>
struct function_print {
    static constexpr std::string_view id = Name.view();
    static constexpr int rank = 3;
    static constexpr auto text_pattern = []() consteval {
        fixed_string<Name.size() + 4> p;
        std::size_t n = 0;
        for (char c : Name.view()) p.chars[n++] = c;
        for (char c : std::string_view("($0)")) p.chars[n++] = c;
        return p;
    }();
    static constexpr auto latex_pattern = []() consteval {
        fixed_string<Latex.size() + 15> p;
        std::size_t n = 0;
        for (char c : Latex.view()) p.chars[n++] = c;
        for (char c : std::string_view("\\left($0\\right)")) p.chars[n++] = c;
        return p;
    }();
    static constexpr print_format text{text_pattern.view(), precedence::atom, 0};
    static constexpr print_format latex{latex_pattern.view(), precedence::atom, 0};
};
}  // namespace ctgrad::ops
